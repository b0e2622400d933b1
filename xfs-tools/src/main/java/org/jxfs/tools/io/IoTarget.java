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
     * sync(2) / syncfs(2): what the filesystem holds in memory reaches the image. sync(2) cannot fail; a target that
     * keeps nothing in memory (the files are the storage) has nothing to do, which is the default.
     */
    default void sync() throws IoException {
    }

    /** Unmounts: writes back what the files changed. */
    @Override
    void close() throws IoException;
}
