// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.xfs;

import org.jxfs.core.XfsException;
import org.jxfs.tools.io.Errno;
import org.jxfs.tools.io.IoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns jxfs's errors into the errno xfs_io would have printed. A corruption is also reported on its own line first,
 * naming the structure, its address and the failed check, as the kernel's xfs_alert reaches dmesg before the
 * system call returns EFSCORRUPTED ("Structure needs cleaning").
 */
final class XfsErrno {
    private static final Logger LOG = LoggerFactory.getLogger(XfsErrno.class);

    private XfsErrno() {
    }

    static IoException of(XfsException e) {
        if (e.errno() == XfsException.EFSCORRUPTED) {
            LOG.error("{}", e.getMessage());
        }
        Errno n = errno(e);
        return new IoException(n, n == Errno.EIO && e.errno() != XfsException.EIO ? e.getMessage() : n.message(), e);
    }

    /** The errno xfs_io would see for {@code e}; EIO for one it has no name for. */
    static Errno errno(XfsException e) {
        for (Errno n : Errno.values()) {
            if (n.value() == e.errno()) {
                return n;
            }
        }
        return Errno.EIO;
    }
}
