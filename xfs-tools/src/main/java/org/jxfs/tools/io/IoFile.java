// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/**
 * An open file of a jxfs filesystem, as the io commands use it: the operations behind xfs_io's falloc, fpunch,
 * fzero, truncate, pwrite, pread, fsync, fdatasync, chattr and mmap, and what bmap, stat and lsattr read. The space
 * operations reach it already checked the way the VFS checks them (see {@link Vfs}): offsets non-negative, lengths
 * positive, no wrap past the maximum file size, the file open for writing; pwrite and pread reach it as xfs_io
 * calls them, and make the read(2)/write(2) checks themselves. Everything else (the filesystem's own EINVAL,
 * ENOSPC, EFBIG...) is the implementation's to report as an {@link IoException} carrying the errno the kernel would
 * have returned.
 */
public interface IoFile extends AutoCloseable {
    /** fallocate(2) mode 0, or FALLOC_FL_KEEP_SIZE: preallocate unwritten extents over the holes of the range. */
    void fallocate(long offset, long length, boolean keepSize) throws IoException;

    /** fallocate(2) FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE. */
    void punchHole(long offset, long length) throws IoException;

    /** fallocate(2) FALLOC_FL_ZERO_RANGE, with FALLOC_FL_KEEP_SIZE if asked. */
    void zeroRange(long offset, long length, boolean keepSize) throws IoException;

    /** fallocate(2) FALLOC_FL_COLLAPSE_RANGE. The default is a file that cannot shift its extents. */
    default void collapseRange(long offset, long length) throws IoException {
        throw new IoException(Errno.EOPNOTSUPP);
    }

    /** fallocate(2) FALLOC_FL_INSERT_RANGE. The default is a file that cannot shift its extents. */
    default void insertRange(long offset, long length) throws IoException {
        throw new IoException(Errno.EOPNOTSUPP);
    }

    /** fallocate(2) FALLOC_FL_UNSHARE_RANGE, with FALLOC_FL_KEEP_SIZE if asked. */
    default void unshareRange(long offset, long length, boolean keepSize) throws IoException {
        throw new IoException(Errno.EOPNOTSUPP);
    }

    /**
     * lseek(2) SEEK_DATA: the first data offset at or after {@code pos}, ENXIO at or past EOF or when no data
     * follows. The default is generic_file_llseek's answer for a filesystem that tracks no holes: all of the
     * file is data.
     */
    default long seekData(long pos) throws IoException {
        if (pos < 0 || pos >= inode().size()) {
            throw new IoException(Errno.ENXIO);
        }
        return pos;
    }

    /** lseek(2) SEEK_HOLE: the first hole at or after {@code pos} (EOF counts as one), ENXIO at or past EOF. */
    default long seekHole(long pos) throws IoException {
        long size = inode().size();
        if (pos < 0 || pos >= size) {
            throw new IoException(Errno.ENXIO);
        }
        return size;
    }

    /** ftruncate(2). */
    void truncate(long size) throws IoException;

    /**
     * pwrite(2) of {@code buf[off..off+len)} at {@code pos}, with the descriptor's O_DIRECT setting: returns the
     * bytes written (fewer on a short write). The default is a file that cannot be written this way.
     */
    default int pwrite(long pos, byte[] buf, int off, int len) throws IoException {
        throw new IoException(Errno.EOPNOTSUPP);
    }

    /** pread(2) into {@code buf[off..off+len)} from {@code pos}: the bytes read, 0 at or past EOF. */
    default int pread(long pos, byte[] buf, int off, int len) throws IoException {
        throw new IoException(Errno.EOPNOTSUPP);
    }

    /**
     * What FS_IOC_GETBMAP does first unless asked for delayed allocations (BMV_IF_DELALLOC): when the file has
     * delayed allocations or a size ahead of the on-disk one, its cached data is written back
     * (filemap_write_and_wait), so the map shows where the blocks went. The default is a file with no page cache.
     */
    default void writebackForMap() throws IoException {
    }

    /**
     * sync_file_range(2) with SYNC_FILE_RANGE_WRITE: cached dirty data of [offset, offset + nbytes) written back (to
     * EOF when {@code nbytes} is 0). The default is a file with no page cache.
     */
    default void syncRange(long offset, long nbytes) throws IoException {
    }

    /** fsync(2); EINVAL (as fsync(2) says) for a file that cannot be synchronised. */
    default void fsync() throws IoException {
        throw new IoException(Errno.EINVAL);
    }

    /**
     * vfs_fsync_range(fd, start, end, 0) after an O_SYNC write of [start, end] (end inclusive): that range's data
     * and all metadata durable. The default is {@link #fsync}, for a file that syncs nothing less than all of it.
     */
    default void fsyncRange(long start, long end) throws IoException {
        fsync();
    }

    /**
     * xfs_log_force_inode, what fallocate does on an O_SYNC file: committed metadata durable, no data written back.
     * The default is {@link #fsync}.
     */
    default void forceLog() throws IoException {
        fsync();
    }

    /** fdatasync(2); EINVAL for a file that cannot be synchronised. */
    default void fdatasync() throws IoException {
        throw new IoException(Errno.EINVAL);
    }

    /**
     * mmap(2) MAP_SHARED (MAP_SHARED_VALIDATE | MAP_SYNC with {@code sync}) of {@code [offset, offset+length)},
     * writable or not, reaching it with the mmap(2) argument checks made (see {@link Vfs#mmap}). The default is a
     * file that cannot be mapped: EOPNOTSUPP.
     */
    default IoMapping mmap(long offset, long length, boolean writable, boolean sync) throws IoException {
        throw new IoException(Errno.EOPNOTSUPP);
    }

    /** FS_IOC_FSGETXATTR's fsx_xflags (FS_XFLAG_* bits); by default computed from {@link #inode()}. */
    default int fsxflags() throws IoException {
        return Xflags.fromInode(inode());
    }

    /** FS_IOC_FSSETXATTR with {@code xflags} and the other fields unchanged; ENOTTY where there is no such ioctl. */
    default void fssetxflags(int xflags) throws IoException {
        throw new IoException(Errno.ENOTTY);
    }

    /** fstat(2) in full, for {@code stat -r}; EOPNOTSUPP where the fields are not known. */
    default IoStat stat() throws IoException {
        throw new IoException(Errno.EOPNOTSUPP);
    }

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
