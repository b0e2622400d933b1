// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.InvalidArgumentException;
import org.jxfs.core.NoSpaceException;
import org.jxfs.core.XfsException;
import org.jxfs.core.alloc.AllocInUse;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/**
 * File space operations (fs/xfs/xfs_bmap_util.c, and xfs_falloc_zero_range from xfs_file.c): what fallocate,
 * punch-hole, zero-range and truncate do to the data fork, each as a loop of transactions of bounded size. They
 * take and drop the inode's ILOCK per transaction, as the kernel does; the caller holds IOLOCK and MMAPLOCK (and
 * has written back and invalidated any cached data in the range). File sizes are the caller's business.
 */
public final class BmapUtil {
    private BmapUtil() {
    }

    /** XFS_EXTENTADD_SPACE_RES: blocks a bmbt split adding one extent may need, XFS_BM_MAXLEVELS - 1. */
    public static long extentaddSpaceRes(Mount mp) {
        return BmbtOps.DATA.mountMaxLevels(mp.geometry()) - 1;
    }

    /** XFS_DIOSTRAT_SPACE_RES: {@code v} data blocks plus one extent's worth of bmbt blocks. */
    public static long diostratSpaceRes(Mount mp, long v) {
        return extentaddSpaceRes(mp) + v;
    }

    /**
     * Ports xfs_alloc_file_space: preallocates the blocks under [offset, offset + len) bytes as unwritten extents
     * (what is already mapped stays as it is), one mapping per transaction, each transaction reserving at most one
     * maximal extent plus a split's worth of bmbt blocks. Sets XFS_DIFLAG_PREALLOC so that the post-EOF blocks are
     * not trimmed as speculative preallocation. Throws NoSpaceException when space runs out (what was allocated
     * stays).
     */
    public static void allocFileSpace(Mount mp, Inode ip, long offset, long len) throws XfsException {
        if (len <= 0 || offset < 0) {
            throw new InvalidArgumentException("alloc_file_space of " + len + " bytes at " + offset);
        }
        Geometry geo = mp.geometry();
        long startoffsetFsb = geo.bToFsbt(offset);
        long endoffsetFsb = geo.bToFsb(offset + len);
        long allocatesizeFsb = endoffsetFsb - startoffsetFsb;
        BmbtIrec[] imaps = new BmbtIrec[1];
        while (allocatesizeFsb > 0) {
            long resblks = Math.min(allocatesizeFsb, BmbtIrec.MAX_BMBT_EXTLEN * imaps.length);
            int nimaps;
            try (Trans tp = Trans.alloc(mp, TransResv.WRITE, diostratSpaceRes(mp, resblks))) {
                ip.ilock.writeLock().lock();
                try {
                    nimaps = Bmapi.write(tp, ip, startoffsetFsb, allocatesizeFsb, BmapiFlags.PREALLOC, imaps);
                    ip.flags |= Dinode.DIFLAG_PREALLOC;
                    Ifork.logExtents(tp, ip);
                    tp.commit();
                } finally {
                    ip.ilock.writeLock().unlock();
                }
            }
            if (nimaps == 0) {
                throw new NoSpaceException("No space left on device: allocating inode " + ip.ino + " blocks at "
                        + startoffsetFsb);
            }
            long next = imaps[0].endoff();
            allocatesizeFsb -= next - startoffsetFsb;
            startoffsetFsb = next;
        }
    }

    /**
     * Ports xfs_unmap_extent: one transaction unmapping at most two extents from the end of the range. Returns
     * true when the range is all unmapped.
     */
    static boolean unmapExtent(Mount mp, Inode ip, long startoffsetFsb, long lenFsb) throws XfsException {
        boolean done;
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, diostratSpaceRes(mp, 0))) {
            ip.ilock.writeLock().lock();
            try {
                done = Bunmapi.unmap(tp, ip, startoffsetFsb, lenFsb, 0, Bunmapi.ITRUNC_MAX_EXTENTS);
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
        return done;
    }

    /**
     * Ports xfs_free_file_space (punch hole): unmaps every whole block inside [offset, offset + len) bytes. The
     * partial blocks at the edges keep their blocks and have the punched bytes zeroed, inside EOF only: the kernel
     * does it through the page cache (xfs_zero_range), which skips holes and unwritten blocks since they read as
     * zeroes already; here there is no page cache, so written edge blocks are zeroed on the device directly.
     */
    public static void freeFileSpace(Mount mp, Inode ip, long offset, long len) throws XfsException {
        if (len <= 0) {
            return;
        }
        Geometry geo = mp.geometry();
        long startoffsetFsb = geo.bToFsb(offset);
        long endoffsetFsb = geo.bToFsbt(offset + len);
        if (endoffsetFsb > startoffsetFsb) {
            checkUnmap(mp, ip, startoffsetFsb, endoffsetFsb - startoffsetFsb);
            while (!unmapExtent(mp, ip, startoffsetFsb, endoffsetFsb - startoffsetFsb)) {
                // one bounded transaction per round
            }
        }
        long isize = ip.size;
        if (offset >= isize) {
            return;
        }
        long zlen = Math.min(len, isize - offset);
        long zend = offset + zlen;
        long bs = geo.blocksize;
        long headEnd = Math.min(zend, Math.floorDiv(offset + bs - 1, bs) * bs);
        if (offset % bs != 0) {
            zeroPartialBlock(mp, ip, offset, headEnd - offset);
        }
        long tailStart = Math.max(Math.floorDiv(zend, bs) * bs, offset % bs != 0 ? headEnd : offset);
        if (zend % bs != 0 && tailStart < zend) {
            zeroPartialBlock(mp, ip, tailStart, zend - tailStart);
        }
    }

    /** Zeroes {@code len} bytes at {@code pos} inside one block if that block is written (xfs_zero_range's effect). */
    private static void zeroPartialBlock(Mount mp, Inode ip, long pos, long len) throws XfsException {
        if (len <= 0) {
            return;
        }
        Geometry geo = mp.geometry();
        long fsb = geo.bToFsbt(pos);
        assert geo.bToFsbt(pos + len - 1) == fsb;
        BmbtIrec[] map = new BmbtIrec[1];
        ip.ilock.readLock().lock();
        try {
            if (Bmapi.read(mp, ip, fsb, 1, 0, map) == 1 && map[0].isWrittenExtent()) {
                long byteOff = Geometry.bbToB(geo.fsbToDaddr(map[0].startblock())) + (pos - geo.fsbToB(fsb));
                mp.device().zeroRange(byteOff, len);
            }
        } finally {
            ip.ilock.readLock().unlock();
        }
    }

    /**
     * Zero range as fallocate(FALLOC_FL_ZERO_RANGE) does it in the 6.x kernel (xfs_falloc_zero_range): punch the
     * range, then preallocate it again rounded out to whole blocks, so the whole blocks read as zeroes from unwritten
     * extents and the partial edge blocks were zeroed in place. The caller updates the size (xfs_falloc_setsize).
     */
    public static void zeroFileSpace(Mount mp, Inode ip, long offset, long len) throws XfsException {
        if (len <= 0 || offset < 0) {
            throw new InvalidArgumentException("zero range of " + len + " bytes at " + offset);
        }
        freeFileSpace(mp, ip, offset, len);
        long blksize = mp.geometry().blocksize;
        long start = Math.floorDiv(offset, blksize) * blksize;
        long endRounded = Math.floorDiv(offset + len + blksize - 1, blksize) * blksize;
        allocFileSpace(mp, ip, start, endRounded - start);
    }

    /**
     * Before unmapping [startFsb, +lenFsb) over several transactions: the fork is read (and its records checked)
     * and every written or unwritten extent in the range is confirmed to be the file's to free ({@link AllocInUse}),
     * so a corrupt extent refuses the whole operation before its first transaction commits anything. The kernel
     * finds such an extent only in xfs_free_ag_extent, after earlier rolls committed, and shuts down.
     */
    public static void checkUnmap(Mount mp, Inode ip, long startFsb, long lenFsb) throws XfsException {
        ip.ilock.readLock().lock();
        try {
            IextTree iext = Ifork.get(mp, ip).iext();
            IextCursor cur = new IextCursor();
            long end = startFsb + lenFsb;
            BmbtIrec got = iext.lookupExtent(startFsb, cur);
            for (; got != null && got.startoff() < end; got = iext.nextExtent(cur)) {
                if (got.isDelay()) {
                    continue;
                }
                long from = Math.max(startFsb, got.startoff());
                long to = Math.min(end, got.endoff());
                BmbtIrec extent = got;
                AllocInUse.check(mp, got.startblock() + (from - got.startoff()), to - from,
                        () -> "inode " + ip.ino + " data fork extent " + Ifork.describe(extent));
            }
        } finally {
            ip.ilock.readLock().unlock();
        }
    }

    /**
     * {@link #checkUnmap} for a truncate to {@code newSize}: everything from the block holding the new EOF on. The
     * caller runs it before changing the size, so a refused truncate leaves the file as it was.
     */
    public static void checkTruncate(Mount mp, Inode ip, long newSize) throws XfsException {
        long first = mp.geometry().bToFsb(newSize);
        if (first <= BmbtIrec.MAX_FILEOFF) {
            checkUnmap(mp, ip, first, BmbtIrec.MAX_FILEOFF - first + 1);
        }
    }

    /**
     * Ports xfs_itruncate_extents for the data fork: unmaps everything from the block holding byte {@code newSize}
     * (rounded up) to the largest file offset, post-EOF preallocation included, two extents per transaction (the
     * kernel rolls one permanent transaction; each roll here is a commit). Truncation never splits an extent, so
     * the transactions reserve no blocks. The caller sets di_size first, as xfs_setattr_size does.
     */
    public static void itruncateExtents(Mount mp, Inode ip, long newSize) throws XfsException {
        Geometry geo = mp.geometry();
        long firstUnmapBlock = geo.bToFsb(newSize);
        if (firstUnmapBlock > BmbtIrec.MAX_FILEOFF) {
            return;
        }
        long unmapLen = BmbtIrec.MAX_FILEOFF - firstUnmapBlock + 1;
        checkTruncate(mp, ip, newSize);
        while (unmapLen > 0) {
            try (Trans tp = Trans.alloc(mp, TransResv.ITRUNCATE, 0)) {
                ip.ilock.writeLock().lock();
                try {
                    unmapLen = Bunmapi.bunmapi(tp, ip, firstUnmapBlock, unmapLen, 0, Bunmapi.ITRUNC_MAX_EXTENTS);
                    Ifork.logExtents(tp, ip);
                    tp.commit();
                } finally {
                    ip.ilock.writeLock().unlock();
                }
            }
        }
    }
}
