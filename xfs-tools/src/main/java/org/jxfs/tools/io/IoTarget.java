// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/** A filesystem the io commands open files in: an image opened by an {@link IoTargetProvider}. */
public interface IoTarget extends AutoCloseable {
    /**
     * open(2) of an absolute or root-relative path: O_RDWR, or O_RDONLY when {@code readOnly}; O_CREAT when
     * {@code create} (mode 0600, as xfs_io). Failures carry open(2)'s errno (ENOENT, EISDIR, ENOTDIR...).
     */
    IoFile open(String path, boolean create, boolean readOnly) throws IoException;

    /** Unmounts: writes back what the files changed. */
    @Override
    void close() throws IoException;
}
