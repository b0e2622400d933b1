// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.inode.Inode;

/** The checks the VFS makes before a call reaches XFS (fs/open.c), in the kernel's order and with its errno. */
final class VfsChecks {
    /** sb->s_maxbytes of an XFS superblock: MAX_LFS_FILESIZE on a 64-bit kernel. */
    static final long MAX_BYTES = Long.MAX_VALUE;

    private VfsChecks() {
    }

    /** Ports the argument checks of vfs_fallocate (Linux 6.18). */
    static void fallocate(Inode ip, boolean writable, int mode, long offset, long len) throws XfsException {
        if (offset < 0 || len <= 0) {
            throw err(XfsException.EINVAL, "fallocate: offset " + offset + ", length " + len);
        }
        if ((mode & ~(FallocMode.MODE_MASK | FallocMode.KEEP_SIZE)) != 0) {
            throw err(XfsException.EOPNOTSUPP, "fallocate: mode 0x" + Integer.toHexString(mode));
        }
        // modes are exclusive; ALLOCATE_RANGE is no bit at all
        switch (mode & FallocMode.MODE_MASK) {
            case FallocMode.ALLOCATE_RANGE, FallocMode.UNSHARE_RANGE, FallocMode.ZERO_RANGE -> { }
            case FallocMode.PUNCH_HOLE -> {
                if ((mode & FallocMode.KEEP_SIZE) == 0) {
                    throw err(XfsException.EOPNOTSUPP, "fallocate: PUNCH_HOLE without KEEP_SIZE");
                }
            }
            case FallocMode.COLLAPSE_RANGE, FallocMode.INSERT_RANGE, FallocMode.WRITE_ZEROES -> {
                if ((mode & FallocMode.KEEP_SIZE) != 0) {
                    throw err(XfsException.EOPNOTSUPP, "fallocate: mode 0x" + Integer.toHexString(mode));
                }
            }
            default -> throw err(XfsException.EOPNOTSUPP, "fallocate: mode 0x" + Integer.toHexString(mode));
        }
        if (!writable) {
            throw err(XfsException.EBADF, "fallocate: file not open for writing");
        }
        if ((mode & ~FallocMode.KEEP_SIZE) != 0 && (ip.flags & Dinode.DIFLAG_APPEND) != 0) {
            throw err(XfsException.EPERM, "fallocate: append-only file");
        }
        if ((ip.flags & Dinode.DIFLAG_IMMUTABLE) != 0) {
            throw err(XfsException.EPERM, "fallocate: immutable file");
        }
        int fmt = ip.fileType();
        if (fmt == Dinode.S_IFIFO) {
            throw err(XfsException.ESPIPE, "fallocate: a pipe");
        }
        if (fmt == Dinode.S_IFDIR) {
            throw err(XfsException.EISDIR, "fallocate: a directory");
        }
        if (fmt != Dinode.S_IFREG && fmt != Dinode.S_IFBLK) {
            throw err(XfsException.ENODEV, "fallocate: not a regular file");
        }
        long sum = offset + len;
        if (sum < 0 || sum > MAX_BYTES) {       // check_add_overflow, then s_maxbytes
            throw err(XfsException.EFBIG, "fallocate: offset " + offset + " + length " + len);
        }
    }

    /** Ports the checks of do_sys_ftruncate and do_truncate for an open file. */
    static void ftruncate(Inode ip, boolean writable, long length) throws XfsException {
        if (length < 0) {
            throw err(XfsException.EINVAL, "ftruncate: length " + length);
        }
        if (ip.fileType() != Dinode.S_IFREG || !writable) {
            throw err(XfsException.EINVAL, "ftruncate: not a regular file open for writing");
        }
        if ((ip.flags & Dinode.DIFLAG_APPEND) != 0) {
            throw err(XfsException.EPERM, "ftruncate: append-only file");
        }
        if ((ip.flags & Dinode.DIFLAG_IMMUTABLE) != 0) {
            throw err(XfsException.EPERM, "ftruncate: immutable file");
        }
        if (length > MAX_BYTES) {           // inode_newsize_ok
            throw err(XfsException.EFBIG, "ftruncate: length " + length);
        }
    }

    static XfsException err(int errno, String msg) {
        return new XfsException(errno, msg);
    }
}
