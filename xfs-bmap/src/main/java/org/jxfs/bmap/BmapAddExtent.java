// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.XfsException;
import org.jxfs.core.btree.BtreeCursor;

/**
 * Adding mappings to the data fork (xfs_bmap.c, "add extent" section): a new allocation into a hole, and a state
 * change (written/unwritten) of part of an extent. Both keep the kernel's invariant that two neighbouring records
 * are never contiguous on disk with the same state unless the merged one would exceed XFS_MAX_BMBT_EXTLEN, and both
 * update the bmbt record by record when the fork is in BTREE format (bma.cur not null) and convert the fork to
 * BTREE when the new records no longer fit the inode.
 */
final class BmapAddExtent {
    /** BMAP_LEFT_CONTIG: the left neighbour merges with the new range. */
    static final int LEFT_CONTIG = 1 << 0;
    /** BMAP_RIGHT_CONTIG. */
    static final int RIGHT_CONTIG = 1 << 1;
    /** BMAP_LEFT_FILLING: the new range starts where the old extent starts. */
    static final int LEFT_FILLING = 1 << 2;
    /** BMAP_RIGHT_FILLING: the new range ends where the old extent ends. */
    static final int RIGHT_FILLING = 1 << 3;
    /** BMAP_LEFT_VALID: there is a left neighbour. */
    static final int LEFT_VALID = 1 << 6;
    /** BMAP_RIGHT_VALID. */
    static final int RIGHT_VALID = 1 << 7;

    private BmapAddExtent() {
    }

    private static boolean real(BmbtIrec r) {
        return r != null && !r.isDelay();
    }

    /**
     * Ports xfs_bmap_add_extent_hole_real. The new extent {@code nw} fills (part of) the hole before the record at
     * bma.icur. It merges with the left and/or right neighbour when they are adjacent both in the file and on
     * disk with the same state, so that sequential allocation keeps one record, and the cursor is left on the
     * record that now holds the new range.
     */
    static void holeReal(Bmalloca bma, BmbtIrec nw) throws XfsException {
        IextTree iext = bma.ifp.iext();
        IextCursor icur = bma.icur;
        BtreeCursor cur = bma.cur;
        long ino = bma.ip.ino;
        assert !nw.isDelay() && !nw.isHole();
        int state = 0;
        BmbtIrec left = iext.peekPrevExtent(icur);
        BmbtIrec right = iext.getExtent(icur);
        if (real(left) && left.endoff() == nw.startoff()
                && left.startblock() + left.blockcount() == nw.startblock() && left.state() == nw.state()
                && left.blockcount() + nw.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN) {
            state |= LEFT_CONTIG;
        }
        if (real(right) && nw.endoff() == right.startoff()
                && nw.startblock() + nw.blockcount() == right.startblock() && nw.state() == right.state()
                && nw.blockcount() + right.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN
                && ((state & LEFT_CONTIG) == 0
                        || left.blockcount() + nw.blockcount() + right.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN)) {
            state |= RIGHT_CONTIG;
        }
        switch (state) {
            case LEFT_CONTIG | RIGHT_CONTIG -> {
                // Contiguous with both neighbours: the three become one record.
                BmbtIrec merged = new BmbtIrec(left.startoff(), left.startblock(),
                        left.blockcount() + nw.blockcount() + right.blockcount(), left.state());
                iext.remove(icur);
                iext.prev(icur);
                iext.updateExtent(icur, merged);
                bma.ip.nextents--;
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, right, ino);
                    Bmbt.delete(cur, ino);
                    Bmbt.decrement(cur, ino);
                    Bmbt.update(cur, merged);
                }
            }
            case LEFT_CONTIG -> {
                BmbtIrec merged = new BmbtIrec(left.startoff(), left.startblock(),
                        left.blockcount() + nw.blockcount(), left.state());
                iext.prev(icur);
                iext.updateExtent(icur, merged);
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, left, ino);
                    Bmbt.update(cur, merged);
                }
            }
            case RIGHT_CONTIG -> {
                BmbtIrec merged = new BmbtIrec(nw.startoff(), nw.startblock(),
                        nw.blockcount() + right.blockcount(), right.state());
                iext.updateExtent(icur, merged);
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, right, ino);
                    Bmbt.update(cur, merged);
                }
            }
            default -> {
                // Not contiguous with anything: a new record.
                iext.insert(icur, nw);
                bma.ip.nextents++;
                if (cur != null) {
                    if (Bmbt.lookupEq(cur, nw) != 0) {
                        throw Bmbt.corrupt(ino, "record already at " + nw.startoff());
                    }
                    Bmbt.insert(cur, nw, ino);
                }
            }
        }
        bma.logged = true;
        if (bma.ifp.needsBtree()) {
            assert bma.cur == null;
            IforkConvert.extentsToBtree(bma);
        }
    }

    /**
     * Ports xfs_bmap_add_extent_unwritten_real. The range {@code nw} (already in its new state) lies inside the record
     * at bma.icur, which has the other state. Which part of the record it covers (FILLING) and whether the
     * neighbours have the new state and are adjacent (CONTIG) select one of nine cases, from a state flip of the
     * whole record merging with both neighbours to the split of one record into three. The cursor is left on the
     * record that holds {@code nw}.
     */
    static void unwrittenReal(Bmalloca bma, BmbtIrec nw) throws XfsException {
        IextTree iext = bma.ifp.iext();
        IextCursor icur = bma.icur;
        long ino = bma.ip.ino;
        assert !nw.isDelay();
        BmbtIrec prev = iext.getExtent(icur);
        ExtState newext = nw.state();
        ExtState oldext = newext == ExtState.UNWRITTEN ? ExtState.NORM : ExtState.UNWRITTEN;
        assert prev.state() == oldext : prev + " -> " + nw;
        long newEndoff = nw.endoff();
        assert prev.startoff() <= nw.startoff() && prev.endoff() >= newEndoff : prev + " / " + nw;
        int state = 0;
        if (prev.startoff() == nw.startoff()) {
            state |= LEFT_FILLING;
        }
        if (prev.endoff() == newEndoff) {
            state |= RIGHT_FILLING;
        }
        BmbtIrec left = iext.peekPrevExtent(icur);
        if (real(left) && left.endoff() == nw.startoff()
                && left.startblock() + left.blockcount() == nw.startblock() && left.state() == newext
                && left.blockcount() + nw.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN) {
            state |= LEFT_CONTIG;
        }
        BmbtIrec right = iext.peekNextExtent(icur);
        int all = LEFT_CONTIG | LEFT_FILLING | RIGHT_FILLING;
        if (real(right) && newEndoff == right.startoff()
                && nw.startblock() + nw.blockcount() == right.startblock() && newext == right.state()
                && nw.blockcount() + right.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN
                && ((state & all) != all
                        || left.blockcount() + nw.blockcount() + right.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN)) {
            state |= RIGHT_CONTIG;
        }
        unwrittenCases(bma, state, prev, left, right, nw);
        bma.logged = true;
        if (bma.ifp.needsBtree()) {
            assert bma.cur == null;
            IforkConvert.extentsToBtree(bma);
        }
    }

    /** The switch of xfs_bmap_add_extent_unwritten_real on the FILLING and CONTIG bits. */
    private static void unwrittenCases(Bmalloca bma, int state, BmbtIrec prev, BmbtIrec left, BmbtIrec right,
            BmbtIrec nw) throws XfsException {
        IextTree iext = bma.ifp.iext();
        IextCursor icur = bma.icur;
        BtreeCursor cur = bma.cur;
        long ino = bma.ip.ino;
        ExtState newext = nw.state();
        switch (state & (LEFT_FILLING | LEFT_CONTIG | RIGHT_FILLING | RIGHT_CONTIG)) {
            case LEFT_FILLING | LEFT_CONTIG | RIGHT_FILLING | RIGHT_CONTIG -> {
                // All of the record changes state and both neighbours merge with it.
                BmbtIrec l = new BmbtIrec(left.startoff(), left.startblock(),
                        left.blockcount() + prev.blockcount() + right.blockcount(), left.state());
                iext.remove(icur);
                iext.remove(icur);
                iext.prev(icur);
                iext.updateExtent(icur, l);
                bma.ip.nextents -= 2;
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, right, ino);
                    Bmbt.delete(cur, ino);
                    Bmbt.decrement(cur, ino);
                    Bmbt.delete(cur, ino);
                    Bmbt.decrement(cur, ino);
                    Bmbt.update(cur, l);
                }
            }
            case LEFT_FILLING | RIGHT_FILLING | LEFT_CONTIG -> {
                // All of the record changes state; the left neighbour merges with it.
                BmbtIrec l = new BmbtIrec(left.startoff(), left.startblock(),
                        left.blockcount() + prev.blockcount(), left.state());
                iext.remove(icur);
                iext.prev(icur);
                iext.updateExtent(icur, l);
                bma.ip.nextents--;
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, prev, ino);
                    Bmbt.delete(cur, ino);
                    Bmbt.decrement(cur, ino);
                    Bmbt.update(cur, l);
                }
            }
            case LEFT_FILLING | RIGHT_FILLING | RIGHT_CONTIG -> {
                // All of the record changes state; the right neighbour merges with it.
                BmbtIrec p = new BmbtIrec(prev.startoff(), prev.startblock(),
                        prev.blockcount() + right.blockcount(), newext);
                iext.next(icur);
                iext.remove(icur);
                iext.prev(icur);
                iext.updateExtent(icur, p);
                bma.ip.nextents--;
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, right, ino);
                    Bmbt.delete(cur, ino);
                    Bmbt.decrement(cur, ino);
                    Bmbt.update(cur, p);
                }
            }
            case LEFT_FILLING | RIGHT_FILLING -> {
                // All of the record changes state; neither neighbour merges.
                BmbtIrec p = prev.withState(newext);
                iext.updateExtent(icur, p);
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, nw, ino);
                    Bmbt.update(cur, p);
                }
            }
            case LEFT_FILLING | LEFT_CONTIG -> {
                // The first part changes state and joins the left neighbour.
                BmbtIrec l = new BmbtIrec(left.startoff(), left.startblock(),
                        left.blockcount() + nw.blockcount(), left.state());
                BmbtIrec p = new BmbtIrec(prev.startoff() + nw.blockcount(), prev.startblock() + nw.blockcount(),
                        prev.blockcount() - nw.blockcount(), prev.state());
                iext.updateExtent(icur, p);
                iext.prev(icur);
                iext.updateExtent(icur, l);
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, prev, ino);
                    Bmbt.update(cur, p);
                    Bmbt.decrement(cur, ino);
                    Bmbt.update(cur, l);
                }
            }
            case LEFT_FILLING -> {
                // The first part changes state: a new record before the rest.
                BmbtIrec p = new BmbtIrec(prev.startoff() + nw.blockcount(), prev.startblock() + nw.blockcount(),
                        prev.blockcount() - nw.blockcount(), prev.state());
                iext.updateExtent(icur, p);
                iext.insert(icur, nw);
                bma.ip.nextents++;
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, prev, ino);
                    Bmbt.update(cur, p);
                    Bmbt.insert(cur, nw, ino);
                }
            }
            case RIGHT_FILLING | RIGHT_CONTIG -> {
                // The last part changes state and joins the right neighbour.
                BmbtIrec p = new BmbtIrec(prev.startoff(), prev.startblock(), prev.blockcount() - nw.blockcount(),
                        prev.state());
                BmbtIrec r = new BmbtIrec(nw.startoff(), nw.startblock(), right.blockcount() + nw.blockcount(),
                        right.state());
                iext.updateExtent(icur, p);
                iext.next(icur);
                iext.updateExtent(icur, r);
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, prev, ino);
                    Bmbt.update(cur, p);
                    Bmbt.increment(cur, ino);
                    Bmbt.update(cur, r);
                }
            }
            case RIGHT_FILLING -> {
                // The last part changes state: a new record after the rest.
                BmbtIrec p = new BmbtIrec(prev.startoff(), prev.startblock(), prev.blockcount() - nw.blockcount(),
                        prev.state());
                iext.updateExtent(icur, p);
                iext.next(icur);
                iext.insert(icur, nw);
                bma.ip.nextents++;
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, prev, ino);
                    Bmbt.update(cur, p);
                    if (Bmbt.lookupEq(cur, nw) != 0) {
                        throw Bmbt.corrupt(ino, "record already at " + nw.startoff());
                    }
                    Bmbt.insert(cur, nw, ino);
                }
            }
            case 0 -> {
                // The middle changes state: one record becomes three. Contiguity is impossible here.
                BmbtIrec p = new BmbtIrec(prev.startoff(), prev.startblock(), nw.startoff() - prev.startoff(),
                        prev.state());
                BmbtIrec r1 = new BmbtIrec(nw.endoff(), nw.startblock() + nw.blockcount(),
                        prev.endoff() - nw.endoff(), prev.state());
                iext.updateExtent(icur, p);
                iext.next(icur);
                iext.insert(icur, r1);
                iext.insert(icur, nw);
                bma.ip.nextents += 2;
                if (cur != null) {
                    Bmbt.lookupEqFound(cur, prev, ino);
                    // The old record becomes the right part, then the left part is inserted before it.
                    Bmbt.update(cur, r1);
                    Bmbt.insert(cur, p, ino);
                    // Inserting may have split blocks: look the middle's place up again.
                    if (Bmbt.lookupEq(cur, nw) != 0) {
                        throw Bmbt.corrupt(ino, "record already at " + nw.startoff());
                    }
                    Bmbt.insert(cur, nw, ino);
                }
            }
            default -> throw new AssertionError("impossible unwritten conversion case " + state);
        }
    }
}
