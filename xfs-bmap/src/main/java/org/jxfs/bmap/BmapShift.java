// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.InvalidArgumentException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * Shifting the data fork's extents along the file (xfs_bmap.c, the section behind collapse range and insert range):
 * one extent per call, so the file-level loops ({@code xfs_collapse_file_space}, {@code xfs_insert_file_space} in
 * xfs-fs) fit each step in a transaction of bounded size. A shift changes only record start offsets: no block is
 * allocated or freed, except that a collapse may merge two records into one and so give up a bmbt block, and the
 * split before an insert may add a record and so need one. Delayed allocations must have been written back first.
 *
 * <p>{@code nextFsb} is the kernel's {@code xfs_fileoff_t *next_fsb}: a one-element array the step reads the
 * extent to shift from and writes where the next step starts.
 */
public final class BmapShift {
    /** NULLFILEOFF as insert's "start from the last extent" (the kernel passes NULLFSBLOCK, all ones, there). */
    public static final long START_FROM_LAST = -1L;

    private BmapShift() {
    }

    /**
     * Ports xfs_bmse_can_merge: whether {@code got}, shifted down by {@code shift}, would sit right after
     * {@code left} in the file and on disk, in the same state, and fit in one record.
     */
    static boolean canMerge(BmbtIrec left, BmbtIrec got, long shift) {
        long startoff = got.startoff() - shift;
        return left.startoff() + left.blockcount() == startoff
                && left.startblock() + left.blockcount() == got.startblock()
                && left.state() == got.state()
                && left.blockcount() + got.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN;
    }

    /**
     * Ports xfs_bmse_merge: the shift becomes a merge into the preceding record, so the file loses a record and the
     * fork may fit in the inode again (xfs_bmap_btree_to_extents). The cursor ends on the merged record.
     */
    private static void merge(Bmalloca bma, long shift, BmbtIrec got, BmbtIrec left) throws XfsException {
        assert canMerge(left, got, shift);
        BmbtIrec nw = new BmbtIrec(left.startoff(), left.startblock(), left.blockcount() + got.blockcount(),
                left.state());
        bma.ip.nextents--;
        bma.logged = true;
        if (bma.cur != null) {
            Bmbt.lookupEqFound(bma.cur, got, bma.ip.ino);
            Bmbt.delete(bma.cur, bma.ip.ino);
            Bmbt.lookupEqFound(bma.cur, left, bma.ip.ino);
            Bmbt.update(bma.cur, nw);
            IforkConvert.btreeToExtents(bma);
        }
        IextTree iext = bma.ifp.iext();
        iext.remove(bma.icur);
        iext.prev(bma.icur);
        iext.updateExtent(bma.icur, nw);
    }

    /** Ports xfs_bmap_shift_update_extent: the record at the cursor moves to {@code startoff}; returns it moved. */
    private static BmbtIrec updateExtent(Bmalloca bma, BmbtIrec got, long startoff) throws XfsException {
        BmbtIrec moved = new BmbtIrec(startoff, got.startblock(), got.blockcount(), got.state());
        bma.logged = true;
        if (bma.cur != null) {
            Bmbt.lookupEqFound(bma.cur, got, bma.ip.ino);
            Bmbt.update(bma.cur, moved);
        }
        bma.ifp.iext().updateExtent(bma.icur, moved);
        return moved;
    }

    /** The checks every shift step opens with: a fork with extents, a live filesystem. */
    private static Ifork shiftFork(Trans tp, Inode ip) throws XfsException {
        Mount mp = (Mount) tp.mount();
        if (ip.format != Dinode.FMT_EXTENTS && ip.format != Dinode.FMT_BTREE) {
            throw new FsCorruptedException("Metadata corruption detected: inode " + ip.ino
                    + " data fork format " + ip.format + " cannot be shifted");
        }
        mp.checkShutdown();
        assert ip.iolock.isWriteLockedByCurrentThread() && ip.ilock.isWriteLockedByCurrentThread();
        return Ifork.get(mp, ip);
    }

    /**
     * Ports xfs_bmap_collapse_extents: shifts the extent at or after {@code nextFsb[0]} down by {@code shift}
     * blocks, merging it into its left neighbour when they then touch on disk too, and sets {@code nextFsb[0]} to
     * the next extent. Returns true when there is no extent left to shift. EINVAL if the extent would overlap the
     * one before it or go below offset 0 (the range was not punched first); EFSCORRUPTED on a delayed allocation.
     */
    public static boolean collapseExtents(Trans tp, Inode ip, long[] nextFsb, long shift) throws XfsException {
        Ifork ifp = shiftFork(tp, ip);
        IextTree iext = ifp.iext();
        Bmalloca bma = new Bmalloca(tp, ifp);
        try {
            bma.ensureCursor();
            BmbtIrec got = iext.lookupExtent(nextFsb[0], bma.icur);
            if (got == null) {
                return true;
            }
            if (got.isDelay()) {
                throw new FsCorruptedException("Metadata corruption detected: inode " + ip.ino
                        + " delayed allocation at " + got.startoff() + " in a collapse");
            }
            long newStartoff = got.startoff() - shift;
            BmbtIrec prev = iext.peekPrevExtent(bma.icur);
            boolean merged = false;
            if (prev != null) {
                if (newStartoff < prev.startoff() + prev.blockcount()) {
                    throw new InvalidArgumentException("collapse: extent at " + got.startoff() + " shifted by "
                            + shift + " overlaps " + prev);
                }
                if (canMerge(prev, got, shift)) {
                    merge(bma, shift, got, prev);
                    merged = true;
                }
            } else if (got.startoff() < shift) {
                throw new InvalidArgumentException("collapse: extent at " + got.startoff() + " shifted by " + shift
                        + " goes below offset 0");
            }
            if (!merged) {
                updateExtent(bma, got, newStartoff);
            }
            BmbtIrec next = iext.nextExtent(bma.icur);
            if (next == null) {
                return true;
            }
            nextFsb[0] = next.startoff();
            return false;
        } finally {
            bma.finish();
        }
    }

    /**
     * Ports xfs_bmap_can_insert_extents: EINVAL if shifting the last extent (when it lies at or after {@code off})
     * up by {@code shift} blocks would carry its start offset out of the 54 bits a record holds.
     */
    public static void canInsertExtents(Mount mp, Inode ip, long off, long shift) throws XfsException {
        assert ip.iolock.isWriteLockedByCurrentThread();
        mp.checkShutdown();
        ip.ilock.writeLock().lock();
        try {
            IextTree iext = Ifork.get(mp, ip).iext();
            IextCursor icur = new IextCursor();
            iext.last(icur);
            BmbtIrec got = iext.getExtent(icur);
            if (got != null && got.startoff() >= off
                    && ((got.startoff() + shift) & BmbtIrec.STARTOFF_MASK) < got.startoff()) {
                throw new InvalidArgumentException("insert: shifting the extent at " + got.startoff() + " by "
                        + shift + " blocks passes the largest file offset");
            }
        } finally {
            ip.ilock.writeLock().unlock();
        }
    }

    /**
     * Ports xfs_bmap_insert_extents: shifts the extent at {@code nextFsb[0]} ({@link #START_FROM_LAST}: the last
     * extent) up by {@code shift} blocks, working from the end of the file towards {@code stopFsb}, and sets
     * {@code nextFsb[0]} to the extent before it. Returns true when the extent just shifted was the last one at or
     * after {@code stopFsb}. EINVAL if the shifted extent would overlap the next one.
     */
    public static boolean insertExtents(Trans tp, Inode ip, long[] nextFsb, long shift, long stopFsb)
            throws XfsException {
        Ifork ifp = shiftFork(tp, ip);
        IextTree iext = ifp.iext();
        Bmalloca bma = new Bmalloca(tp, ifp);
        try {
            bma.ensureCursor();
            BmbtIrec got;
            if (nextFsb[0] == START_FROM_LAST) {
                iext.last(bma.icur);
                got = iext.getExtent(bma.icur);
                if (got == null || stopFsb > got.startoff()) {
                    return true;
                }
            } else {
                got = iext.lookupExtent(nextFsb[0], bma.icur);
                if (got == null) {
                    return true;
                }
            }
            if (got.isDelay()) {
                throw new FsCorruptedException("Metadata corruption detected: inode " + ip.ino
                        + " delayed allocation at " + got.startoff() + " in an insert");
            }
            if (stopFsb > got.startoff()) {
                throw new FsCorruptedException("Metadata corruption detected: inode " + ip.ino + " extent at "
                        + got.startoff() + " lies before the insert point " + stopFsb);
            }
            long newStartoff = got.startoff() + shift;
            BmbtIrec next = iext.peekNextExtent(bma.icur);
            if (next != null) {
                if (newStartoff + got.blockcount() > next.startoff()) {
                    throw new InvalidArgumentException("insert: extent at " + got.startoff() + " shifted by "
                            + shift + " overlaps " + next);
                }
                // A right shift never makes neighbours mergeable; the kernel only warns (WARN_ON_ONCE) if they are.
                assert !canMerge(got, next, shift) : got + " and " + next + " could be one record";
            }
            updateExtent(bma, got, newStartoff);
            BmbtIrec prev = iext.prevExtent(bma.icur);
            if (prev == null || stopFsb >= prev.startoff() + prev.blockcount()) {
                return true;
            }
            nextFsb[0] = prev.startoff();
            return false;
        } finally {
            bma.finish();
        }
    }

    /**
     * Ports xfs_bmap_split_extent: makes {@code splitFsb} the first block of an extent by cutting the extent that
     * spans it in two, so that insert can shift whole extents. Nothing happens when {@code splitFsb} lies in a hole
     * or already starts an extent. The new record may push an EXTENTS fork into BTREE format or split a bmbt
     * block, so the transaction must carry {@link BmapUtil#diostratSpaceRes}(0) blocks.
     */
    public static void splitExtent(Trans tp, Inode ip, long splitFsb) throws XfsException {
        Ifork ifp = shiftFork(tp, ip);
        IextTree iext = ifp.iext();
        Bmalloca bma = new Bmalloca(tp, ifp);
        try {
            BmbtIrec got = iext.lookupExtent(splitFsb, bma.icur);
            if (got == null || got.startoff() >= splitFsb) {
                return;
            }
            long gotblkcnt = splitFsb - got.startoff();
            BmbtIrec nw = new BmbtIrec(splitFsb, got.startblock() + gotblkcnt, got.blockcount() - gotblkcnt,
                    got.state());
            BmbtIrec head = new BmbtIrec(got.startoff(), got.startblock(), gotblkcnt, got.state());
            bma.ensureCursor();
            if (bma.cur != null) {
                Bmbt.lookupEqFound(bma.cur, got, ip.ino);
            }
            iext.updateExtent(bma.icur, head);
            bma.logged = true;
            if (bma.cur != null) {
                Bmbt.update(bma.cur, head);
            }
            iext.next(bma.icur);
            iext.insert(bma.icur, nw);
            ip.nextents++;
            if (bma.cur != null) {
                if (Bmbt.lookupEq(bma.cur, nw) != 0) {
                    throw Bmbt.corrupt(ip.ino, "split record at " + splitFsb + " already in the bmbt");
                }
                Bmbt.insert(bma.cur, nw, ip.ino);
            }
            if (ifp.needsBtree()) {
                assert bma.cur == null;
                IforkConvert.extentsToBtree(bma);
            }
        } finally {
            bma.finish();
        }
    }
}
