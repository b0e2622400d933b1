// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.xfs;

import org.jxfs.core.XfsException;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.tools.io.Errno;
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
        return open(path, create, readOnlyFile, false);
    }

    /**
     * open(2), O_DIRECT when {@code direct}. As in the kernel, O_DIRECT is refused with EINVAL by an inode whose
     * file operations cannot do it: a directory.
     */
    @Override
    public IoFile open(String path, boolean create, boolean readOnlyFile, boolean direct) throws IoException {
        return open(path, create, readOnlyFile, direct, 0600);
    }

    /** open(2) creating a missing file with the permission bits {@code createMode}. */
    @Override
    public IoFile open(String path, boolean create, boolean readOnlyFile, boolean direct, int createMode)
            throws IoException {
        try {
            String abs = path.startsWith("/") ? path : "/" + path;
            XfsFile f = fs.openFile(abs, create, readOnlyFile || readOnly, direct, createMode);
            if (direct && f.inode().isDir()) {
                f.close();
                throw new IoException(Errno.EINVAL);
            }
            return new XfsIoFile(f, fs);
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    @Override
    public void sync() throws IoException {
        try {
            fs.sync();
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
