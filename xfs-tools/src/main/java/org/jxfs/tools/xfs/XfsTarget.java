// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.xfs;

import org.jxfs.core.XfsException;
import org.jxfs.fs.Xfs;
import org.jxfs.tools.io.IoException;
import org.jxfs.tools.io.IoFile;
import org.jxfs.tools.io.IoTarget;

/** An image mounted by {@link Xfs}, as the io commands see it. */
final class XfsTarget implements IoTarget {
    private final Xfs fs;
    private final boolean readOnly;

    XfsTarget(Xfs fs, boolean readOnly) {
        this.fs = fs;
        this.readOnly = readOnly;
    }

    @Override
    public IoFile open(String path, boolean create, boolean readOnlyFile) throws IoException {
        try {
            String abs = path.startsWith("/") ? path : "/" + path;
            return new XfsIoFile(fs.openFile(abs, create, readOnlyFile || readOnly), fs);
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    @Override
    public void close() throws IoException {
        try {
            fs.close();
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }
}
