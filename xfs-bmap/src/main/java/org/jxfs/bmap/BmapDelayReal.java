// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.XfsException;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.format.Geometry;

/** Turning a delayed allocation into a real extent (xfs_bmap.c, xfs_bmap_add_extent_delay_real). */
final class BmapDelayReal {
    /** BMAP_LEFT_FILLING | BMAP_LEFT_CONTIG | BMAP_RIGHT_FILLING | BMAP_RIGHT_CONTIG, the bits the switch reads. */
    static final int CASE_MASK = BmapAddExtent.LEFT_FILLING | BmapAddExtent.LEFT_CONTIG
            | BmapAddExtent.RIGHT_FILLING | BmapAddExtent.RIGHT_CONTIG;

    private BmapDelayReal() {
    }

    private static boolean real(BmbtIrec r) {
        return r != null && !r.isDelay();
    }

    /**
     * The FILLING and CONTIG bits xfs_bmap_add_extent_delay_real switches on, for the real extent {@code nw} inside
     * the delalloc record at bma.icur. Only real neighbours can merge (a delalloc neighbour has no blocks to be
     * contiguous with); a merge that would exceed XFS_MAX_BMBT_EXTLEN is not contiguous.
     */
    static int state(Bmalloca bma, BmbtIrec nw) {
        IextTree iext = bma.ifp.iext();
        BmbtIrec prev = iext.getExtent(bma.icur);
        long newEndoff = nw.endoff();
        int state = 0;
        if (prev.startoff() == nw.startoff()) {
            state |= BmapAddExtent.LEFT_FILLING;
        }
        if (prev.endoff() == newEndoff) {
            state |= BmapAddExtent.RIGHT_FILLING;
        }
        BmbtIrec left = iext.peekPrevExtent(bma.icur);
        if (real(left) && left.endoff() == nw.startoff()
                && left.startblock() + left.blockcount() == nw.startblock() && left.state() == nw.state()
                && left.blockcount() + nw.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN) {
            state |= BmapAddExtent.LEFT_CONTIG;
        }
        BmbtIrec right = iext.peekNextExtent(bma.icur);
        int all = BmapAddExtent.LEFT_CONTIG | BmapAddExtent.LEFT_FILLING | BmapAddExtent.RIGHT_FILLING;
        if (real(right) && newEndoff == right.startoff()
                && nw.startblock() + nw.blockcount() == right.startblock() && nw.state() == right.state()
                && nw.blockcount() + right.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN
                && ((state & all) != all
                        || left.blockcount() + nw.blockcount() + right.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN)) {
            state |= BmapAddExtent.RIGHT_CONTIG;
        }
        return state;
    }

    /**
     * Ports xfs_bmap_add_extent_delay_real. The blocks just allocated, {@code nw} (written or, for PREALLOC,
     * unwritten), replace part of the delalloc record at bma.icur. Which part (FILLING) and whether real neighbours
     * are contiguous with it (CONTIG) select one of nine cases; a delalloc remainder gets the worst-case indirect
     * reservation for its new length, never more than the record held less the bmbt blocks this conversion has
     * used, except when the middle is converted and both sides need their own. The difference in indirect
     * reservation goes back to (or comes from) the free counter. The cursor is left on the record holding
     * {@code nw}. Returns the case (its FILLING and CONTIG bits).
     */
    static int add(Bmalloca bma, BmbtIrec nw) throws XfsException {
        IextTree iext = bma.ifp.iext();
        IextCursor icur = bma.icur;
        Geometry geo = bma.mp.geometry();
        long ino = bma.ip.ino;
        long nblocks0 = bma.ip.nblocks;
        assert !nw.isDelay() && !nw.isHole();
        BmbtIrec prev = iext.getExtent(icur);
        long newEndoff = nw.endoff();
        assert prev.isDelay() : prev;
        assert prev.startoff() <= nw.startoff() && prev.endoff() >= newEndoff : prev + " / " + nw;
        long daOld = BmapDelalloc.indlen(prev);
        long daNew = 0;
        int state = state(bma, nw);
        BmbtIrec left = iext.peekPrevExtent(icur);
        BmbtIrec right = iext.peekNextExtent(icur);
        BtreeCursor cur = bma.cur;
        switch (state & CASE_MASK) {
            case BmapAddExtent.LEFT_FILLING | BmapAddExtent.LEFT_CONTIG | BmapAddExtent.RIGHT_FILLING
                    | BmapAddExtent.RIGHT_CONTIG -> {
                // Filling in all of a delalloc record; the left and right neighbours are both contiguous with it.
                BmbtIrec l = new BmbtIrec(left.startoff(), left.startblock(),
                        left.blockcount() + prev.blockcount() + right.blockcount(), left.state());
                iext.remove(icur);
                iext.remove(icur);
                iext.prev(icur);
                iext.updateExtent(icur, l);
                bma.ip.nextents--;
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, right, ino);
                    Bmbt.delete(cur, ino);
                    Bmbt.decrement(cur, ino);
                    Bmbt.update(cur, l);
                }
            }
            case BmapAddExtent.LEFT_FILLING | BmapAddExtent.RIGHT_FILLING | BmapAddExtent.LEFT_CONTIG -> {
                // Filling in all of a delalloc record; the left neighbour is contiguous, the right is not.
                BmbtIrec l = new BmbtIrec(left.startoff(), left.startblock(), left.blockcount() + prev.blockcount(),
                        left.state());
                iext.remove(icur);
                iext.prev(icur);
                iext.updateExtent(icur, l);
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, left, ino);
                    Bmbt.update(cur, l);
                }
            }
            case BmapAddExtent.LEFT_FILLING | BmapAddExtent.RIGHT_FILLING | BmapAddExtent.RIGHT_CONTIG -> {
                // Filling in all of a delalloc record; the right neighbour is contiguous, the left is not. The
                // state is the new extent's: a delalloc record is always "written", its replacement may not be.
                BmbtIrec p = new BmbtIrec(prev.startoff(), nw.startblock(), prev.blockcount() + right.blockcount(),
                        nw.state());
                iext.next(icur);
                iext.remove(icur);
                iext.prev(icur);
                iext.updateExtent(icur, p);
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, right, ino);
                    Bmbt.update(cur, p);
                }
            }
            case BmapAddExtent.LEFT_FILLING | BmapAddExtent.RIGHT_FILLING -> {
                // Filling in all of a delalloc record; neither neighbour is contiguous: the record becomes real.
                BmbtIrec p = new BmbtIrec(prev.startoff(), nw.startblock(), prev.blockcount(), nw.state());
                iext.updateExtent(icur, p);
                bma.ip.nextents++;
                if (cur != null) {
                    insertNew(bma, nw);
                }
            }
            case BmapAddExtent.LEFT_FILLING | BmapAddExtent.LEFT_CONTIG -> {
                // Filling in the first part of a delalloc record; the left neighbour is contiguous.
                long temp = prev.blockcount() - nw.blockcount();
                daNew = Math.min(BmapDelalloc.worstIndlen(geo, temp), daOld);
                BmbtIrec l = new BmbtIrec(left.startoff(), left.startblock(), left.blockcount() + nw.blockcount(),
                        left.state());
                iext.updateExtent(icur, BmapDelalloc.delay(prev.startoff() + nw.blockcount(), temp, daNew));
                iext.prev(icur);
                iext.updateExtent(icur, l);
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, left, ino);
                    Bmbt.update(cur, l);
                }
            }
            case BmapAddExtent.LEFT_FILLING -> {
                // Filling in the first part of a delalloc record; the left neighbour is not contiguous.
                iext.updateExtent(icur, nw);
                bma.ip.nextents++;
                if (cur != null) {
                    insertNew(bma, nw);
                }
                convertIfNeeded(bma);
                long temp = prev.blockcount() - nw.blockcount();
                daNew = Math.min(BmapDelalloc.worstIndlen(geo, temp), daOld - allocated(bma, nblocks0));
                iext.next(icur);
                iext.insert(icur, BmapDelalloc.delay(newEndoff, temp, daNew));
                iext.prev(icur);
            }
            case BmapAddExtent.RIGHT_FILLING | BmapAddExtent.RIGHT_CONTIG -> {
                // Filling in the last part of a delalloc record; the right neighbour is contiguous.
                BmbtIrec r = new BmbtIrec(nw.startoff(), nw.startblock(), right.blockcount() + nw.blockcount(),
                        right.state());
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, right, ino);
                    Bmbt.update(cur, r);
                }
                long temp = prev.blockcount() - nw.blockcount();
                daNew = Math.min(BmapDelalloc.worstIndlen(geo, temp), daOld);
                iext.updateExtent(icur, BmapDelalloc.delay(prev.startoff(), temp, daNew));
                iext.next(icur);
                iext.updateExtent(icur, r);
            }
            case BmapAddExtent.RIGHT_FILLING -> {
                // Filling in the last part of a delalloc record; the right neighbour is not contiguous.
                iext.updateExtent(icur, nw);
                bma.ip.nextents++;
                if (cur != null) {
                    insertNew(bma, nw);
                }
                convertIfNeeded(bma);
                long temp = prev.blockcount() - nw.blockcount();
                daNew = Math.min(BmapDelalloc.worstIndlen(geo, temp), daOld - allocated(bma, nblocks0));
                iext.insert(icur, BmapDelalloc.delay(prev.startoff(), temp, daNew));
                iext.next(icur);
            }
            case 0 -> {
                // Filling in the middle of a delalloc record; contiguity is impossible here. The record splits
                // into delalloc | real | delalloc, each delalloc side with the worst case for its own length.
                long rcount = prev.endoff() - newEndoff;
                BmbtIrec r = BmapDelalloc.delay(newEndoff, rcount, BmapDelalloc.worstIndlen(geo, rcount));
                long pcount = nw.startoff() - prev.startoff();
                BmbtIrec p = BmapDelalloc.delay(prev.startoff(), pcount, BmapDelalloc.worstIndlen(geo, pcount));
                iext.updateExtent(icur, p);
                iext.next(icur);
                iext.insert(icur, r);
                iext.insert(icur, nw);
                bma.ip.nextents++;
                if (cur != null) {
                    insertNew(bma, nw);
                }
                convertIfNeeded(bma);
                daNew = BmapDelalloc.indlen(p) + BmapDelalloc.indlen(r);
            }
            default -> throw new AssertionError("impossible delay_real case " + state);
        }
        bma.logged = true;
        // xfs_rmap_map_extent: no rmapbt here.
        convertIfNeeded(bma);
        if (daNew != daOld) {
            BmapDelalloc.modDelalloc(bma.mp, 0, daNew - daOld);
        }
        // The kernel takes the bmbt blocks of this conversion out of the indirect reservation; here they were
        // counted against the transaction's reservation, which the delalloc reservation funds (see release).
        assert (state & CASE_MASK) == 0 || daNew <= daOld : "indlen grew from " + daOld + " to " + daNew;
        if (daNew < daOld) {
            BmapDelalloc.release(bma, daOld - daNew);
        } else if (daNew > daOld) {
            BmapDelalloc.take(bma, daNew - daOld);
        }
        return state & CASE_MASK;
    }

    /** xfs_bmbt_lookup_eq(new), which must miss, then xfs_btree_insert of the new record. */
    private static void insertNew(Bmalloca bma, BmbtIrec nw) throws XfsException {
        if (Bmbt.lookupEq(bma.cur, nw) != 0) {
            throw Bmbt.corrupt(bma.ip.ino, "record already at " + nw.startoff());
        }
        Bmbt.insert(bma.cur, nw, bma.ip.ino);
    }

    /** xfs_bmap_needs_btree -> xfs_bmap_extents_to_btree. */
    private static void convertIfNeeded(Bmalloca bma) throws XfsException {
        if (bma.ifp.needsBtree()) {
            assert bma.cur == null;
            IforkConvert.extentsToBtree(bma);
        }
    }

    /** cur->bc_bmap.allocated: bmbt blocks this conversion has allocated so far. */
    private static long allocated(Bmalloca bma, long nblocks0) {
        return bma.ip.nblocks - nblocks0;
    }
}
