// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/** A filesystem the io commands open files in: an image opened by an {@link IoTargetProvider}. */
public interface IoTarget extends AutoCloseable {
    /**
     * open(2) of an absolute or root-relative path: O_RDWR, or O_RDONLY when {@code readOnly}; O_CREAT when
     * {@code create} (mode 0600, as xfs_io). Failures carry open(2)'s errno (ENOENT, EISDIR, ENOTDIR...).
     */
    IoFile open(String path, boolean create, boolean readOnly) throws IoException;

    /**
     * open(2) as {@link #open(String, boolean, boolean)}, with O_DIRECT when {@code direct}. A filesystem that
     * cannot do direct I/O refuses it as open(2) does, with EINVAL.
     */
    default IoFile open(String path, boolean create, boolean readOnly, boolean direct) throws IoException {
        if (direct) {
            throw new IoException(Errno.EINVAL);
        }
        return open(path, create, readOnly);
    }

    /**
     * open(2) as {@link #open(String, boolean, boolean, boolean)}, a file it creates getting the permission bits
     * {@code createMode} (the umask already applied). The default is a filesystem that creates files 0600 only
     * and refuses other modes with EOPNOTSUPP.
     */
    default IoFile open(String path, boolean create, boolean readOnly, boolean direct, int createMode)
            throws IoException {
        if (createMode != 0600) {
            throw new IoException(Errno.EOPNOTSUPP);
        }
        return open(path, create, readOnly, direct);
    }

    /**
     * sync(2) / syncfs(2): what the filesystem holds in memory reaches the image. sync(2) cannot fail; a target that
     * keeps nothing in memory (the files are the storage) has nothing to do, which is the default.
     */
    default void sync() throws IoException {
    }

    /** Unmounts: writes back what the files changed. */
    @Override
    void close() throws IoException;
}
