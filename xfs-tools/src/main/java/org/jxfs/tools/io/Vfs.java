// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/**
 * The checks the Linux VFS makes before a call reaches XFS, in the kernel's order. jxfs has no VFS, so the io
 * interpreter makes them, and {@link IoFile} implementations see only arguments the kernel would have passed on.
 */
final class Vfs {
    /** s_maxbytes of an XFS superblock on a 64-bit kernel (MAX_LFS_FILESIZE). */
    static final long MAX_BYTES = Long.MAX_VALUE;

    private Vfs() {
    }

    /** Ports the argument checks of vfs_fallocate for the modes the io commands use. */
    static void fallocate(OpenFile f, int mode, long offset, long len) throws IoException {
        if (offset < 0 || len <= 0) {
            throw new IoException(Errno.EINVAL);
        }
        if (!f.writable()) {
            throw new IoException(Errno.EBADF);
        }
        IoInode ip = f.file().inode();
        if ((mode & ~0x01) != 0 && (ip.diflags() & IoInode.DIFLAG_APPEND) != 0) {
            throw new IoException(Errno.EPERM);
        }
        if ((ip.diflags() & 0x8) != 0) {    // XFS_DIFLAG_IMMUTABLE
            throw new IoException(Errno.EPERM);
        }
        if ((ip.mode() & IoInode.S_IFMT) == IoInode.S_IFDIR) {
            throw new IoException(Errno.EISDIR);
        }
        if ((ip.mode() & IoInode.S_IFMT) != IoInode.S_IFREG) {
            throw new IoException(Errno.ENODEV);
        }
        if (offset + len > MAX_BYTES || offset + len < 0) {
            throw new IoException(Errno.EFBIG);
        }
    }

    /**
     * pwrite(2) through the VFS's per-descriptor flags: O_APPEND writes at EOF whatever the offset
     * (generic_write_checks; Linux's pwrite ignores the offset then), and O_SYNC makes the written range's data and
     * all metadata durable before returning (generic_write_sync: vfs_fsync_range over what was written).
     */
    static int pwrite(OpenFile f, long pos, byte[] buf, int off, int len) throws IoException {
        IoFile io = f.file();
        long at = f.append() ? io.inode().size() : pos;
        int n = io.pwrite(at, buf, off, len);
        if (n > 0 && f.osync()) {
            io.fsyncRange(at, at + n - 1);
        }
        return n;
    }

    /** After a successful fallocate on an O_SYNC descriptor, xfs_file_fallocate forces the inode to the log. */
    static void fallocateSync(OpenFile f) throws IoException {
        if (f.osync()) {
            f.file().forceLog();
        }
    }

    /** Ports the checks of do_sys_ftruncate. */
    static void ftruncate(OpenFile f, long length) throws IoException {
        if (length < 0) {
            throw new IoException(Errno.EINVAL);
        }
        IoInode ip = f.file().inode();
        if ((ip.mode() & IoInode.S_IFMT) != IoInode.S_IFREG || !f.writable()) {
            throw new IoException(Errno.EINVAL);
        }
        if ((ip.diflags() & IoInode.DIFLAG_APPEND) != 0) {
            throw new IoException(Errno.EPERM);
        }
    }

    /**
     * Ports the checks of the mmap(2) path before the filesystem's mmap method (ksys_mmap_pgoff, do_mmap) for a
     * shared file mapping: the offset page-aligned and the length not zero (EINVAL), a writable shared mapping
     * only of a file open for writing (EACCES), and a file type with an mmap method (ENODEV for a directory).
     */
    static void mmap(OpenFile f, long offset, long length, int prot) throws IoException {
        if ((offset & (MapTable.PAGE_SIZE - 1)) != 0 || length == 0) {
            throw new IoException(Errno.EINVAL);
        }
        if ((prot & MapTable.PROT_WRITE) != 0 && !f.writable()) {
            throw new IoException(Errno.EACCES);
        }
        if ((f.file().inode().mode() & IoInode.S_IFMT) == IoInode.S_IFDIR) {
            throw new IoException(Errno.ENODEV);
        }
    }
}
