// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.xfs;

import org.jxfs.core.XfsException;
import org.jxfs.tools.io.Errno;
import org.jxfs.tools.io.IoException;

/** Turns jxfs's errors into the errno xfs_io would have printed. */
final class XfsErrno {
    private XfsErrno() {
    }

    static IoException of(XfsException e) {
        for (Errno n : Errno.values()) {
            if (n.value() == e.errno()) {
                return new IoException(n, n.message(), e);
            }
        }
        return new IoException(Errno.EIO, e.getMessage(), e);
    }
}
