// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import org.jxfs.core.XfsException;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.Geometry;

/**
 * Near allocation (xfs_alloc_ag_vextent_near and struct xfs_alloc_cur): an extent of up to maxlen blocks as close
 * to args.agbno as possible. Three cursors search together: the cntbt one by size from maxlen upwards, and two
 * bnobt ones walking left and right from the target. The best candidate so far (longest, then closest) is kept
 * in this object; a cursor is deactivated once nothing it can still reach could beat it.
 */
final class AllocNear {
    private final AllocArg args;
    private AllocCursor cnt;
    private AllocCursor bnolt;
    private AllocCursor bnogt;
    /** Current cntbt search length. */
    private long curLen;
    /** The candidate: the free record it lives in, where in it, how long, and how far from the target. */
    private long recBno;
    private long recLen;
    private long bno;
    private long len;
    private long diff;
    /** Some candidate was trimmed by busy extents, and the AG's busy generation then. */
    private boolean busy;
    private int busyGen;

    private AllocNear(AllocArg args) {
        this.args = args;
    }

    /**
     * Ports xfs_alloc_ag_vextent_near. If the request is large for this AG the cntbt lookup lands in the tree's
     * last leaf, and examining that leaf's few large extents is cheapest ("first algorithm"); otherwise the three
     * cursors search in parallel ("second algorithm"), and with nothing near enough the largest extents win. When
     * nothing was found because candidates were busy, the log is forced and the search restarts, first without
     * waiting (TRYFLUSH).
     */
    static void vextentNear(AllocArg args, int allocFlags) throws XfsException {
        if (args.minAgbno == 0 && args.maxAgbno == 0) {
            args.maxAgbno = args.geo().agblocks - 1;
        }
        assert args.minAgbno <= args.maxAgbno;
        if (args.agbno < args.minAgbno) {
            args.agbno = args.minAgbno;
        }
        if (args.agbno > args.maxAgbno) {
            args.agbno = args.maxAgbno;
        }
        int flags = allocFlags | ExtentBusy.FLAG_TRYFLUSH;
        for (;;) {
            AllocNear acur = of(args);
            boolean onlyBusy;
            try {
                onlyBusy = acur.searchOnce();
            } finally {
                acur.close();
            }
            if (!onlyBusy) {
                return;
            }
            if (!ExtentBusy.flush(args.tp, args.mp, args.agno, acur.busyGen, flags)) {
                args.agbno = Geometry.NULLAGBLOCK;
                return;
            }
            flags &= ~ExtentBusy.FLAG_TRYFLUSH;
        }
    }

    /**
     * The search state for {@code args}: the one it kept from its last search, else a new one. {@link #setup}
     * starts the candidate over; the busy state is cleared here.
     */
    private static AllocNear of(AllocArg args) {
        AllocNear acur = args.near;
        if (acur == null) {
            acur = new AllocNear(args);
            args.near = acur;
        }
        assert acur.cnt == null && acur.bnolt == null && acur.bnogt == null : "search state still in use";
        acur.busy = false;
        acur.busyGen = 0;
        return acur;
    }

    /** Ports xfs_alloc_cur_close: the three cursors go back to the AG's cache. */
    private void close() {
        AllocCursor.release(cnt);
        AllocCursor.release(bnolt);
        AllocCursor.release(bnogt);
        cnt = bnolt = bnogt = null;
    }

    /** One pass of xfs_alloc_ag_vextent_near up to its restart label. True when only busy extents would fit. */
    private boolean searchOnce() throws XfsException {
        long rlen = 0;
        if (!setup()) {
            long[] small = AllocAg.vextentSmall(args, cnt);
            if (small[2] == 0 || small[1] == 0) {
                return false;
            }
            rlen = small[1];
        }
        if (cnt.isLastLeaf() && lastBlock(rlen)) {
            finish();
            return false;
        }
        locality();
        if (len == 0) {
            if (busy) {
                return true;
            }
            args.agbno = Geometry.NULLAGBLOCK;
            return false;
        }
        finish();
        return false;
    }

    /**
     * Ports xfs_alloc_cur_setup: the cntbt lookup for a maxlen extent, and the bnobt cursors. False when no extent
     * is that long (the caller then settles for the longest there is).
     */
    private boolean setup() throws XfsException {
        curLen = args.maxlen;
        recBno = 0;
        recLen = 0;
        bno = 0;
        len = 0;
        diff = -1;
        cnt = AllocCursor.cnt(args);
        int i = cnt.lookupGe(0, args.maxlen);
        bnolt = AllocCursor.bno(args);
        bnogt = AllocCursor.bno(args);
        return i == 1;
    }

    /**
     * Ports xfs_alloc_cur_check: is the record under {@code cur} a better candidate (longer, or as long and
     * closer)? Deactivates a cntbt cursor that has fallen below minlen and a bnobt cursor that has left the
     * locality range or can only get farther from the target than the candidate.
     */
    private boolean check(AllocCursor cur) throws XfsException {
        cur.mustLoadRec();
        boolean isbnobt = cur.bnobt;
        boolean deactivate = false;
        boolean isNew = false;
        long rb = cur.recStart;
        long rl = cur.recCount;
        out:
        {
            if (rl < args.minlen) {
                deactivate = !isbnobt;
                break out;
            }
            FoundExtent a = AllocAg.computeAligned(args, rb, rl);
            long bnoa = a.bno;
            long lena = a.len;
            if (a.busy) {
                busy = true;
                busyGen = a.busyGen;
            }
            if (bnoa < args.minAgbno || bnoa > args.maxAgbno) {
                deactivate = isbnobt;
                break out;
            }
            if (lena < args.minlen) {
                break out;
            }
            args.len = Math.min(lena, args.maxlen);
            AllocAg.fixLen(args);
            assert args.len >= args.minlen;
            if (args.len < len) {
                break out;
            }
            long bnew = AllocAg.computeDiff(args.agbno, args.len, args.alignment, args.userdata, bnoa, lena);
            if (bnew == Geometry.NULLAGBLOCK) {
                break out;
            }
            long ndiff = Math.abs(bnew - args.agbno);
            // diff starts as -1, the kernel's (xfs_extlen_t)-1: larger than any real distance.
            if (diff >= 0 && ndiff > diff) {
                deactivate = isbnobt;
                break out;
            }
            assert args.len > len || (args.len == len && (diff < 0 || ndiff <= diff));
            recBno = rb;
            recLen = rl;
            bno = bnew;
            len = args.len;
            diff = ndiff;
            isNew = true;
            // A perfect candidate: stop the cntbt walk that would otherwise run to the tree's edge.
            if (diff == 0 && len == args.maxlen) {
                deactivate = true;
            }
        }
        if (deactivate) {
            cur.active = false;
        }
        return isNew;
    }

    /** Ports xfs_alloc_cur_finish: takes the candidate out of both trees. */
    private void finish() throws XfsException {
        assert bno >= recBno && bno + len <= recBno + recLen;
        assert recBno + recLen <= new Agf(args.agbp.data()).length();
        AllocAg.fixupTrees(cnt, bnolt, recBno, recLen, bno, len, 0);
        args.agbno = bno;
        args.len = len;
        args.wasfromfl = false;
    }

    /**
     * Ports xfs_alloc_cntbt_iter: one step of the size search. Looks up [curLen, agbno] so that among extents of
     * one length the one nearest the target comes first (the cntbt's secondary key is the start block), checks it
     * and its predecessor of equal length, then grows the search length, doubling it once a candidate exists.
     */
    private void cntbtIter() throws XfsException {
        AllocCursor cur = cnt;
        if (!cur.active) {
            return;
        }
        long searchLen = curLen;
        if (cur.lookupGe(args.agbno, searchLen) == 0) {
            return;
        }
        AllocRec r = cur.mustGetRec();
        check(cur);
        assert r.blockcount() >= curLen;
        curLen = r.blockcount();
        if (r.startblock() > args.agbno && cur.decrement() == 1) {
            AllocRec p = cur.mustGetRec();
            if (p.blockcount() == curLen) {
                check(cur);
            }
        }
        searchLen <<= 1;
        if (len == 0 || curLen >= searchLen) {
            curLen++;
        } else {
            curLen = searchLen;
        }
    }

    /**
     * Ports xfs_alloc_walk_iter: checks up to {@code count} records (-1: no limit) walking one way, while the
     * cursor stays active; with {@code findOne}, stops at the first new candidate. True when one was found.
     */
    private boolean walk(AllocCursor cur, boolean increment, boolean findOne, int count) throws XfsException {
        boolean found = false;
        while (cur.active && count != 0) {
            if (check(cur)) {
                found = true;
                if (findOne) {
                    break;
                }
            }
            if (!cur.active) {
                break;
            }
            int i = increment ? cur.increment() : cur.decrement();
            if (i == 0) {
                cur.active = false;
            }
            if (count > 0) {
                count--;
            }
        }
        return found;
    }

    /**
     * Ports xfs_alloc_ag_vextent_locality: the bnobt cursors step one record left and right of the target per
     * round, the cntbt one jumps through sizes. A bnobt hit is the best locality there is, so the search finishes
     * by walking the other direction only while it can still do better. If the cntbt runs off its end with no
     * candidate, locality is given up and the largest extents are searched from the end of the cntbt.
     */
    private void locality() throws XfsException {
        assert len == 0;
        AllocCursor fbcur = null;
        boolean fbinc = false;
        // The kernel looks all three cursors up here. The cntbt and right bnobt lookups are made when their
        // cursors are first walked instead, which is the same search: a lookup changes nothing, and when the left
        // bnobt cursor hits at once neither of them is needed (see below).
        bnolt.lookupLe(args.agbno, 0);
        boolean cntSet = false;
        boolean gtSet = false;
        while (bnolt.active || !gtSet || bnogt.active || !cntSet || cnt.active) {
            if (walk(bnolt, false, true, 1)) {
                fbcur = bnogt;
                fbinc = true;
                break;
            }
            if (!gtSet) {
                bnogt.lookupGe(args.agbno, 0);
                gtSet = true;
            }
            if (walk(bnogt, true, true, 1)) {
                fbcur = bnolt;
                fbinc = false;
                break;
            }
            if (!cntSet) {
                cnt.lookupGe(args.agbno, curLen);
                cntSet = true;
            }
            cntbtIter();
            if (!cnt.active) {
                break;
            }
        }
        if (fbcur == bnogt && !gtSet) {
            // The left cursor found a candidate in its first step. One at the target itself with the full length
            // cannot be beaten from the right: every extent there starts past the target, or is this same extent.
            if (diff == 0 && len == args.maxlen) {
                fbcur = null;
            } else {
                bnogt.lookupGe(args.agbno, 0);
            }
        }
        // Nothing found because of busy extents: the caller flushes and retries. Otherwise, as a last resort,
        // walk back from the end of the cntbt.
        if (!cnt.active && len == 0 && !busy) {
            if (cnt.decrement() == 1) {
                cnt.active = true;
                fbcur = cnt;
                fbinc = false;
            }
        }
        if (fbcur != null) {
            walk(fbcur, fbinc, true, -1);
        }
    }

    /**
     * Ports xfs_alloc_ag_vextent_lastblock: the cntbt cursor is in the last leaf, which holds the largest extents;
     * check every one of them at least minlen long. {@code flen} is the length vextent_small found (0 when the
     * maxlen lookup succeeded). True when a candidate was found.
     */
    private boolean lastBlock(long flen) throws XfsException {
        if (flen != 0 || args.alignment > 1) {
            // Start at the leaf's first record and skip those shorter than minlen.
            cnt.toFirstInLeaf();
            int i;
            do {
                AllocRec r = cnt.mustGetRec();
                if (r.blockcount() >= args.minlen) {
                    break;
                }
                i = cnt.increment();
                if (i == 0) {
                    return false;
                }
            } while (true);
        }
        walk(cnt, true, false, -1);
        return len != 0;
    }
}
