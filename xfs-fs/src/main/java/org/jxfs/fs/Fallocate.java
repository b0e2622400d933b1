// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.bmap.BmapUtil;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;

/** xfs_file.c's fallocate and its helpers (Linux 6.18), over the file-space calls of the bmap layer. */
final class Fallocate {
    private Fallocate() {
    }

    /** The modes XFS implements (XFS_FALLOC_FL_SUPPORTED). */
    static final int SUPPORTED = FallocMode.KEEP_SIZE | FallocMode.PUNCH_HOLE | FallocMode.COLLAPSE_RANGE
            | FallocMode.ZERO_RANGE | FallocMode.INSERT_RANGE | FallocMode.UNSHARE_RANGE | FallocMode.WRITE_ZEROES;

    /**
     * Ports xfs_file_fallocate. Takes the iolock and mmaplock exclusively, stamps mtime and ctime (file_modified)
     * before the operation (so a refused collapse or insert still stamps them, as in the kernel), then dispatches on
     * the mode. Write-zeroes is not in jxfs yet and fail with EOPNOTSUPP, after the checks the kernel
     * makes before them.
     */
    static void fallocate(Mount mp, Inode ip, int mode, long offset, long len) throws XfsException {
        if (ip.fileType() != Dinode.S_IFREG) {
            throw VfsChecks.err(XfsException.EINVAL, "fallocate: not a regular file");
        }
        if ((mode & ~SUPPORTED) != 0) {
            throw VfsChecks.err(XfsException.EOPNOTSUPP, "fallocate: mode 0x" + Integer.toHexString(mode));
        }
        ip.iolock.writeLock().lock();
        ip.mmaplock.writeLock().lock();
        try {
            mp.checkShutdown();
            // Before file_modified stamps the times: the data fork is read and checked, and for punch and zero the
            // extents they will free are confirmed to be the file's, so a corrupt fork refuses the call with the
            // file as it was (the kernel finds it only after the stamp).
            Ifork.get(mp, ip);
            int op = mode & FallocMode.MODE_MASK;
            if (op == FallocMode.PUNCH_HOLE || op == FallocMode.ZERO_RANGE) {
                long first = mp.geometry().bToFsbt(offset);
                BmapUtil.checkUnmap(mp, ip, first, mp.geometry().bToFsb(offset + len) - first);
            }
            FileTimes.fileModified(mp, ip);
            if ((mode & FallocMode.MODE_MASK) != FallocMode.ALLOCATE_RANGE) {
                // xfs_flush_unmap_range: cached and mapped pages over blocks about to be freed or zeroed go first
                FileIo.flushUnmapRange(mp, ip, offset, len);
                DaxFiles.invalidate(mp, ip, offset, len);
            }
            switch (mode & FallocMode.MODE_MASK) {
                case FallocMode.PUNCH_HOLE -> FileSpace.free(mp, ip, offset, len);
                case FallocMode.ZERO_RANGE -> zeroRange(mp, ip, mode, offset, len);
                case FallocMode.ALLOCATE_RANGE -> allocateRange(mp, ip, mode, offset, len);
                case FallocMode.COLLAPSE_RANGE -> ShiftFileSpace.collapseRange(mp, ip, offset, len);
                case FallocMode.INSERT_RANGE -> ShiftFileSpace.insertRange(mp, ip, offset, len);
                case FallocMode.UNSHARE_RANGE -> unshareRange(mp, ip, mode, offset, len);
                default -> throw VfsChecks.err(XfsException.EOPNOTSUPP,
                        "fallocate: mode 0x" + Integer.toHexString(mode) + " is not supported by jxfs yet");
            }
        } finally {
            ip.mmaplock.writeLock().unlock();
            ip.iolock.writeLock().unlock();
        }
    }

    /** Ports xfs_falloc_newsize: the size the call will set, or 0 when it keeps the size. */
    private static long newSize(Inode ip, int mode, long offset, long len) throws XfsException {
        if ((mode & FallocMode.KEEP_SIZE) != 0 || offset + len <= ip.size) {
            return 0;
        }
        long newSize = offset + len;
        if (newSize > VfsChecks.MAX_BYTES) {        // inode_newsize_ok
            throw VfsChecks.err(XfsException.EFBIG, "fallocate: new size " + newSize);
        }
        return newSize;
    }

    /** Ports xfs_falloc_setsize: a size-only setattr (no ATTR_MTIME/ATTR_CTIME asked; they change with the size). */
    private static void setSize(Mount mp, Inode ip, long newSize) throws XfsException {
        if (newSize != 0) {
            SetattrSize.setattrSize(mp, ip, newSize, false);
        }
    }

    /**
     * Ports xfs_falloc_allocate_range: unwritten extents over the holes, then the size. The size is checked
     * before any block is allocated, and set only after all of them were.
     */
    private static void allocateRange(Mount mp, Inode ip, int mode, long offset, long len) throws XfsException {
        long newSize = newSize(ip, mode, offset, len);
        FileSpace.alloc(mp, ip, offset, len);
        setSize(mp, ip, newSize);
    }

    /**
     * Ports xfs_falloc_unshare_range: xfs_reflink_unshare copies shared blocks of the range (jxfs never shares a
     * block, so there are none), then the range is preallocated as for ALLOCATE_RANGE and the size set.
     */
    private static void unshareRange(Mount mp, Inode ip, int mode, long offset, long len) throws XfsException {
        long newSize = newSize(ip, mode, offset, len);
        FileSpace.alloc(mp, ip, offset, len);
        setSize(mp, ip, newSize);
    }

    /**
     * Ports xfs_falloc_zero_range: punch the range (which zeroes the partial blocks at its ends inside EOF), then
     * preallocate it again rounded out to whole blocks. Punching first rather than converting extents keeps the
     * range reading as zeros even when the preallocation fails with ENOSPC.
     */
    private static void zeroRange(Mount mp, Inode ip, int mode, long offset, long len) throws XfsException {
        long blksize = mp.geometry().blocksize;
        long newSize = newSize(ip, mode, offset, len);
        FileSpace.free(mp, ip, offset, len);
        long start = Math.floorDiv(offset, blksize) * blksize;
        long end = Math.floorDiv(offset + len + blksize - 1, blksize) * blksize;
        FileSpace.alloc(mp, ip, start, end - start);
        setSize(mp, ip, newSize);
    }
}
