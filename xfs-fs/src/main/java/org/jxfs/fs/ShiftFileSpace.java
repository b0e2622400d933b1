// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.bmap.BmapShift;
import org.jxfs.bmap.BmapUtil;
import org.jxfs.core.InvalidArgumentException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/**
 * Collapse range and insert range (Linux 6.18: xfs_file.c's xfs_falloc_collapse_range and xfs_falloc_insert_range,
 * xfs_bmap_util.c's xfs_collapse_file_space, xfs_insert_file_space and xfs_prepare_shift): the file-level loops over
 * {@link BmapShift}'s one-extent steps. The kernel rolls one permanent transaction between steps; each roll here is
 * a commit, so every step is a transaction of its own. The caller ({@link Fallocate}) holds the iolock and
 * mmaplock exclusively and has stamped mtime and ctime.
 */
final class ShiftFileSpace {
    private ShiftFileSpace() {
    }

    /** Ports xfs_is_falloc_aligned for a file on the data device: both ends on a block boundary. */
    private static boolean fallocAligned(Mount mp, long pos, long len) {
        long mask = mp.geometry().blocksize - 1;
        return ((pos | len) & mask) == 0;
    }

    /**
     * Ports xfs_falloc_collapse_range: EINVAL unless offset and length are block-aligned and the range ends before
     * EOF (a collapse reaching EOF would be a truncate); then the range's blocks go, everything after it moves down
     * by {@code len}, and the size shrinks by {@code len}.
     */
    static void collapseRange(Mount mp, Inode ip, long offset, long len) throws XfsException {
        long newSize = ip.size - len;
        if (!fallocAligned(mp, offset, len)) {
            throw new InvalidArgumentException("collapse range: offset " + offset + " or length " + len
                    + " is not a multiple of the block size");
        }
        if (offset + len >= ip.size) {
            throw new InvalidArgumentException("collapse range: [" + offset + ", " + (offset + len)
                    + ") reaches EOF " + ip.size);
        }
        collapseFileSpace(mp, ip, offset, len);
        SetattrSize.setattrSize(mp, ip, newSize, false);
    }

    /**
     * Ports xfs_falloc_insert_range: EINVAL unless offset and length are block-aligned and the offset lies inside
     * the file, EFBIG if the new size would pass the largest file size; then the size grows by {@code len} first
     * (so a crash part way leaves no shifted extent beyond EOF) and everything from {@code offset} on moves up.
     */
    static void insertRange(Mount mp, Inode ip, long offset, long len) throws XfsException {
        long isize = ip.size;
        if (!fallocAligned(mp, offset, len)) {
            throw new InvalidArgumentException("insert range: offset " + offset + " or length " + len
                    + " is not a multiple of the block size");
        }
        if (VfsChecks.MAX_BYTES - isize < len) {
            throw VfsChecks.err(XfsException.EFBIG, "insert range: size " + isize + " + " + len
                    + " passes the largest file size");
        }
        if (offset >= isize) {
            throw new InvalidArgumentException("insert range: offset " + offset + " is not inside the file (size "
                    + isize + ")");
        }
        SetattrSize.setattrSize(mp, ip, isize + len, false);
        insertFileSpace(mp, ip, offset, len);
    }

    /**
     * Ports xfs_collapse_file_space: punch the range, then shift every extent after it down by its length, one
     * extent (or merge) per transaction.
     */
    static void collapseFileSpace(Mount mp, Inode ip, long offset, long len) throws XfsException {
        Geometry geo = mp.geometry();
        long[] nextFsb = {geo.bToFsb(offset + len)};
        long shiftFsb = geo.bToFsb(len);
        BmapUtil.freeFileSpace(mp, ip, offset, len);
        prepareShift(mp, ip, offset);
        boolean done = false;
        while (!done) {
            try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
                ip.ilock.writeLock().lock();
                try {
                    done = BmapShift.collapseExtents(tp, ip, nextFsb, shiftFsb);
                    tp.commit();
                } finally {
                    ip.ilock.writeLock().unlock();
                }
            }
        }
    }

    /**
     * Ports xfs_insert_file_space: check the last extent can move, split the extent spanning the insert point so
     * it starts an extent, then shift every extent from the last one back to the insert point up by the length.
     * The split transaction reserves a bmbt split's worth of blocks (XFS_DIOSTRAT_SPACE_RES(mp, 0)).
     */
    static void insertFileSpace(Mount mp, Inode ip, long offset, long len) throws XfsException {
        Geometry geo = mp.geometry();
        long stopFsb = geo.bToFsb(offset);
        long[] nextFsb = {BmapShift.START_FROM_LAST};
        long shiftFsb = geo.bToFsb(len);
        BmapShift.canInsertExtents(mp, ip, stopFsb, shiftFsb);
        prepareShift(mp, ip, offset);
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, BmapUtil.diostratSpaceRes(mp, 0))) {
            ip.ilock.writeLock().lock();
            try {
                BmapShift.splitExtent(tp, ip, stopFsb);
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
        boolean done = false;
        while (!done) {
            try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
                ip.ilock.writeLock().lock();
                try {
                    done = BmapShift.insertExtents(tp, ip, nextFsb, shiftFsb, stopFsb);
                    tp.commit();
                } finally {
                    ip.ilock.writeLock().unlock();
                }
            }
        }
    }

    /**
     * Ports xfs_prepare_shift: post-EOF speculative preallocation is trimmed first (xfs_free_eofblocks, when
     * xfs_can_free_eofblocks says there is some: files with DIFLAG_PREALLOC keep their fallocated blocks past EOF,
     * which then shift with the rest), then everything cached from the allocation unit before {@code offset} on is
     * written back and dropped, since every mapping there is about to move.
     */
    private static void prepareShift(Mount mp, Inode ip, long offset) throws XfsException {
        if (EofBlocks.canFreeEofblocks(mp, ip)) {
            EofBlocks.freeEofblocks(mp, ip);
        }
        long rounding = mp.geometry().blocksize;        // xfs_inode_alloc_unitsize of a data-device file
        long start = offset / rounding * rounding;
        if (start != 0) {
            start -= rounding;
        }
        flushUnmapRange(mp, ip, start, ip.size);
    }

    /**
     * Ports xfs_flush_unmap_range(ip, start, len) as the shift operations call it: the one place where collapse and
     * insert write back and invalidate what is cached over the part of the file about to move, under the iolock
     * and mmaplock: the page cache's dirty data is written back (which turns its delayed allocations into real
     * extents, as the shift steps require) and its blocks dropped, and the DAX mappings' pages unmapped.
     */
    static void flushUnmapRange(Mount mp, Inode ip, long start, long len) throws XfsException {
        long clipped = Math.min(len, Long.MAX_VALUE - start);
        FileIo.flushUnmapRange(mp, ip, start, clipped);
        DaxFiles.invalidate(mp, ip, start, clipped);
    }
}
