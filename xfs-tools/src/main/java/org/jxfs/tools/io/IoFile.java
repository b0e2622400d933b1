// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/**
 * An open file of a jxfs filesystem, as the io commands use it: the operations behind xfs_io's falloc, fpunch,
 * fzero and truncate, and what bmap and stat read. Arguments reach it already checked the way the VFS checks them
 * (see {@link Vfs}): offsets non-negative, lengths positive, no wrap past the maximum file size, the file open for
 * writing. Everything else (the filesystem's own EINVAL, ENOSPC, EFBIG...) is the implementation's to report as an
 * {@link IoException} carrying the errno the kernel would have returned.
 */
public interface IoFile extends AutoCloseable {
    /** fallocate(2) mode 0, or FALLOC_FL_KEEP_SIZE: preallocate unwritten extents over the holes of the range. */
    void fallocate(long offset, long length, boolean keepSize) throws IoException;

    /** fallocate(2) FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE. */
    void punchHole(long offset, long length) throws IoException;

    /** fallocate(2) FALLOC_FL_ZERO_RANGE, with FALLOC_FL_KEEP_SIZE if asked. */
    void zeroRange(long offset, long length, boolean keepSize) throws IoException;

    /** ftruncate(2). */
    void truncate(long size) throws IoException;

    /** The inode's current core fields (after any pending in-memory changes). */
    IoInode inode() throws IoException;

    /** The filesystem's geometry. */
    IoGeometry geometry();

    /**
     * The records of the data fork ({@code attrFork} false) or the attribute fork, in file offset order. A fork
     * in local format, or an absent attribute fork, has no records.
     */
    List<IoExtent> extents(boolean attrFork) throws IoException;

    /** Releases the file; later calls are undefined. */
    @Override
    void close() throws IoException;
}
