// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.AgMetadataMap;

/**
 * Allocation inside one AG whose AGF the transaction holds (xfs_alloc_ag_vextent and the algorithms it picks):
 * exact ({@link #vextentExact}), by size ({@link #vextentSize}), near a block ({@link AllocNear}), and the helpers
 * they share: alignment, length fix-up for prod/mod, and removing the chosen piece from both trees.
 */
final class AllocAg {
    /** XFSA_FIXUP_BNO_OK / XFSA_FIXUP_CNT_OK: the caller's cursor already sits on the free extent's record. */
    static final int FIXUP_BNO_OK = 1;
    static final int FIXUP_CNT_OK = 2;

    private AllocAg() {
    }

    /**
     * Ports xfs_alloc_ag_vextent: runs the algorithm for {@code args.type} in {@code args.agno}, then accounts the
     * extent: agf_freeblks (unless it came off the free list, which freeblks never counted) and the transaction's
     * free-block reservation.
     */
    static void vextent(AllocArg args) throws XfsException {
        assert args.minlen > 0 && args.maxlen > 0 && args.minlen <= args.maxlen : args;
        assert args.mod < args.prod && args.alignment > 0 : args;
        args.wasfromfl = false;
        switch (args.type) {
            case THIS_AG -> vextentSize(args, 0);
            case NEAR_BNO -> AllocNear.vextentNear(args, 0);
            case THIS_BNO -> vextentExact(args);
            default -> throw new AssertionError("per-AG allocation of type " + args.type);
        }
        if (args.agbno == Geometry.NULLAGBLOCK) {
            return;
        }
        assert args.len >= args.minlen && args.len <= args.maxlen : args;
        assert !args.wasfromfl || !args.agflResv;
        assert args.agbno % args.alignment == 0 : args;
        if (!args.wasfromfl) {
            Alloc.updateCounters(args.tp, args.agbp, -args.len);
            assert ExtentBusy.search(args.mp, args.agno, args.agbno, args.len) == 0 : "allocated busy " + args;
        }
        noteMetadata(args);
        // xfs_ag_resv_alloc_extent: an ordinary allocation uses the transaction's block reservation.
        if (!args.agflResv) {
            args.tp.modFdblocks(-args.len);
        }
    }

    /**
     * Keeps the mount's {@link AgMetadataMap} current for an allocation that succeeded: a block off the free list
     * stops being metadata; then the extent must not hold metadata (free-space btrees that list a metadata block
     * as free are corrupt, and the allocation is refused before the blocks are used), and metadata allocations are
     * recorded.
     */
    static void noteMetadata(AllocArg args) throws XfsException {
        AgMetadataMap map = args.mp.metadataMap();
        if (map == null) {
            return;
        }
        if (args.wasfromfl) {
            map.release(args.agno, args.agbno, args.len);
        }
        if (args.metadata != null) {
            map.claim(args.agno, args.agbno, args.len, args.metadata);
        } else {
            long agbno = args.agbno;
            long len = args.len;
            map.checkFree(args.agno, agbno, len, () -> "the free-space btree's free extent at AG block " + agbno
                    + " (allocating " + len + " blocks)");
        }
    }

    /**
     * Ports xfs_alloc_compute_aligned: the part of the free extent [{@code foundbno}, +{@code foundlen}) that an
     * aligned allocation could use, in {@code args.found}. Busy ranges are trimmed out first (busy set then,
     * with the AG's busy generation for a later flush). An extent straddling min_agbno is shifted into the
     * locality range so a near allocation can still use its tail.
     */
    static FoundExtent computeAligned(AllocArg args, long foundbno, long foundlen) {
        FoundExtent t = ExtentBusy.trim(args, foundbno, foundlen);
        long bno = t.bno;
        long len = t.len;
        if (bno < args.minAgbno && bno + len > args.minAgbno) {
            long diff = args.minAgbno - bno;
            if (len > diff) {
                bno += diff;
                len -= diff;
            }
        }
        if (args.alignment > 1 && len >= args.minlen) {
            long alignedBno = roundup(bno, args.alignment);
            long diff = alignedBno - bno;
            return t.set(alignedBno, diff >= len ? 0 : len - diff, t.busy, t.busyGen);
        }
        return t.set(bno, len, t.busy, t.busyGen);
    }

    /** roundup(x, y); alignment is almost always 1, and a 64-bit division is not free (the near search does one per record). */
    static long roundup(long x, long y) {
        return y == 1 ? x : (x + y - 1) / y * y;
    }

    /**
     * Ports xfs_alloc_compute_diff: where in the free extent to put a {@code wantlen} allocation so it lands closest
     * to {@code wantbno}. Returns that start (the kernel's *newbnop; the distance, its return value, is
     * |newbno - wantbno|), or NULLAGBLOCK when alignment leaves no room. File data past the target, or with the free
     * extent ending before the target's end, starts at the free extent's start so the file can keep growing into
     * the rest.
     */
    static long computeDiff(long wantbno, long wantlen, long alignment, boolean userdata, long freebno,
            long freelen) {
        assert freelen >= wantlen;
        long freeend = freebno + freelen;
        long wantend = wantbno + wantlen;
        long newbno1;
        if (freebno >= wantbno || (userdata && freeend < wantend)) {
            newbno1 = roundup(freebno, alignment);
            if (newbno1 >= freeend) {
                newbno1 = Geometry.NULLAGBLOCK;
            }
        } else if (freeend >= wantend && alignment > 1) {
            newbno1 = roundup(wantbno, alignment);
            long newbno2 = newbno1 - alignment;
            long newlen1 = 0;
            long newlen2 = 0;
            if (newbno1 >= freeend) {
                newbno1 = Geometry.NULLAGBLOCK;
            } else {
                newlen1 = Math.min(wantlen, freeend - newbno1);
            }
            if (newbno2 < freebno) {
                newbno2 = Geometry.NULLAGBLOCK;
            } else {
                newlen2 = Math.min(wantlen, freeend - newbno2);
            }
            if (newbno1 != Geometry.NULLAGBLOCK && newbno2 != Geometry.NULLAGBLOCK) {
                if (newlen1 < newlen2
                        || (newlen1 == newlen2 && Math.abs(newbno1 - wantbno) > Math.abs(newbno2 - wantbno))) {
                    newbno1 = newbno2;
                }
            } else if (newbno2 != Geometry.NULLAGBLOCK) {
                newbno1 = newbno2;
            }
        } else if (freeend >= wantend) {
            newbno1 = wantbno;
        } else if (alignment > 1) {
            newbno1 = roundup(freeend - wantlen, alignment);
            if (newbno1 > freeend - wantlen && newbno1 - alignment >= freebno) {
                newbno1 -= alignment;
            } else if (newbno1 >= freeend) {
                newbno1 = Geometry.NULLAGBLOCK;
            }
        } else {
            newbno1 = freeend - wantlen;
        }
        return newbno1;
    }

    /**
     * Ports xfs_alloc_fix_len: trims {@code args.len} to the form k * prod + mod (callers use it to end extents on
     * stripe or extent-size boundaries), unless that would go below minlen or the length is already maxlen.
     */
    static void fixLen(AllocArg args) {
        assert args.mod < args.prod;
        long rlen = args.len;
        assert rlen >= args.minlen && rlen <= args.maxlen : args;
        if (args.prod <= 1 || rlen < args.mod || rlen == args.maxlen || (args.mod == 0 && rlen < args.prod)) {
            return;
        }
        long k = rlen % args.prod;
        if (k == args.mod) {
            return;
        }
        if (k > args.mod) {
            rlen = rlen - (k - args.mod);
        } else {
            rlen = rlen - args.prod + (args.mod - k);
        }
        if (rlen < args.minlen) {
            return;
        }
        assert rlen >= args.minlen && rlen <= args.maxlen;
        assert rlen % args.prod == args.mod;
        args.len = rlen;
    }

    /**
     * Ports xfs_alloc_fixup_trees: the allocated piece [rbno, rlen) of the free extent [fbno, flen) leaves zero,
     * one or two free pieces. The by-size record is replaced by the pieces; the by-block record is updated in place
     * to the first piece (or deleted) and the second piece, if any, inserted after it.
     */
    static void fixupTrees(AllocCursor cntCur, AllocCursor bnoCur, long fbno, long flen, long rbno, long rlen,
            int flags) throws XfsException {
        if ((flags & FIXUP_CNT_OK) != 0) {
            assert matches(cntCur, fbno, flen);
        } else if (cntCur.lookupEq(fbno, flen) != 1) {
            throw cntCur.corrupt("free extent [" + fbno + ", " + flen + "] missing");
        }
        if ((flags & FIXUP_BNO_OK) != 0) {
            assert matches(bnoCur, fbno, flen);
        } else if (bnoCur.lookupEq(fbno, flen) != 1) {
            throw bnoCur.corrupt("free extent [" + fbno + ", " + flen + "] missing");
        }
        long nfbno1;
        long nflen1 = 0;
        long nfbno2;
        long nflen2 = 0;
        if (rbno == fbno && rlen == flen) {
            nfbno1 = nfbno2 = Geometry.NULLAGBLOCK;
        } else if (rbno == fbno) {
            nfbno1 = rbno + rlen;
            nflen1 = flen - rlen;
            nfbno2 = Geometry.NULLAGBLOCK;
        } else if (rbno + rlen == fbno + flen) {
            nfbno1 = fbno;
            nflen1 = flen - rlen;
            nfbno2 = Geometry.NULLAGBLOCK;
        } else {
            nfbno1 = fbno;
            nflen1 = rbno - fbno;
            nfbno2 = rbno + rlen;
            nflen2 = (fbno + flen) - nfbno2;
        }
        if (nfbno1 == Geometry.NULLAGBLOCK || !cntCur.replace(nfbno1, nflen1)) {
            cntCur.delete();
            if (nfbno1 != Geometry.NULLAGBLOCK) {
                insertNew(cntCur, nfbno1, nflen1);
            }
        }
        if (nfbno2 != Geometry.NULLAGBLOCK) {
            insertNew(cntCur, nfbno2, nflen2);
        }
        if (nfbno1 == Geometry.NULLAGBLOCK) {
            bnoCur.delete();
        } else {
            bnoCur.update(nfbno1, nflen1);
        }
        if (nfbno2 != Geometry.NULLAGBLOCK) {
            insertNew(bnoCur, nfbno2, nflen2);
        }
    }

    private static boolean matches(AllocCursor c, long bno, long len) {
        try {
            AllocRec r = c.getRec();
            return r != null && r.startblock() == bno && r.blockcount() == len;
        } catch (FsCorruptedException e) {
            return false;
        }
    }

    private static void insertNew(AllocCursor c, long bno, long len) throws XfsException {
        if (c.lookupEq(bno, len) != 0) {
            throw c.corrupt("free extent [" + bno + ", " + len + "] already present");
        }
        c.insert();
    }

    /**
     * Ports xfs_alloc_ag_vextent_small: when no extent is as long as asked, take the longest there is (the
     * record before the cntbt cursor); when the tree is empty, a single block off the free list, as long as minleft
     * allows. Returns {fbno, flen, stat}: stat 0 means the block came off the free list and is already allocated.
     */
    static long[] vextentSmall(AllocArg args, AllocCursor ccur) throws XfsException {
        Agf agf = new Agf(args.agbp.data());
        long fbno = Geometry.NULLAGBLOCK;
        long flen = 0;
        if (ccur != null && ccur.decrement() == 1) {
            AllocRec r = ccur.mustGetRec();
            fbno = r.startblock();
            flen = r.blockcount();
        } else if (args.minlen == 1 && args.alignment == 1 && !args.agflResv && agf.flcount() > args.minleft) {
            fbno = AllocFreelist.getFreelist(args.tp, args.geo(), args.agbp, args.agno, false);
            if (fbno != Geometry.NULLAGBLOCK) {
                // The kernel passes XFS_ALLOC_NOBUSY here, which no jxfs caller sets: metadata-style reuse.
                ExtentBusy.reuse(args.mp, args.agno, fbno, 1, false);
                args.agbno = fbno;
                args.len = 1;
                if (fbno >= agf.length()) {
                    throw new FsCorruptedException("Metadata corruption detected: AGFL block " + fbno
                            + " beyond AG " + args.agno);
                }
                args.wasfromfl = true;
                return new long[] {fbno, 1, 0};
            }
        }
        if (flen < args.minlen) {
            args.agbno = Geometry.NULLAGBLOCK;
            flen = 0;
        }
        return new long[] {fbno, flen, 1};
    }

    /**
     * Ports xfs_alloc_ag_vextent_exact: the allocation must start at args.agbno, so the only candidate is the free
     * extent containing it, the last one starting at or before it in the by-block tree.
     */
    static void vextentExact(AllocArg args) throws XfsException {
        assert args.alignment == 1 : "exact allocations cannot be aligned";
        AllocCursor bnoCur = AllocCursor.bno(args);
        try {
            exact(args, bnoCur);
        } finally {
            AllocCursor.release(bnoCur);
        }
    }

    private static void exact(AllocArg args, AllocCursor bnoCur) throws XfsException {
        if (bnoCur.lookupLe(args.agbno, args.minlen) != 1) {
            args.agbno = Geometry.NULLAGBLOCK;
            return;
        }
        AllocRec r = bnoCur.mustGetRec();
        long fbno = r.startblock();
        long flen = r.blockcount();
        assert fbno <= args.agbno;
        // Give up if the start of the extent is busy, or what is left is too short.
        FoundExtent t = ExtentBusy.trim(args, fbno, flen);
        long tbno = t.bno;
        long tlen = t.len;
        long tend = tbno + tlen;
        if (tbno > args.agbno || tlen < args.minlen || tend < args.agbno + args.minlen) {
            args.agbno = Geometry.NULLAGBLOCK;
            return;
        }
        args.len = Math.min(tend, args.agbno + args.maxlen) - args.agbno;
        fixLen(args);
        assert args.agbno + args.len <= tend;
        AllocCursor cntCur = AllocCursor.cnt(args);
        try {
            fixupTrees(cntCur, bnoCur, fbno, flen, args.agbno, args.len, FIXUP_BNO_OK);
        } finally {
            AllocCursor.release(cntCur);
        }
        args.wasfromfl = false;
    }

    /**
     * Ports xfs_alloc_ag_vextent_size: the smallest extent that still holds maxlen once aligned and trimmed of busy
     * ranges (the cntbt sorts by length, so the search starts at maxlen + alignment - 1 and walks up), taken from
     * its start. Failing that, the best of the largest extents, searching down the cntbt while they are longer than
     * the best found. When only busy space would do, the log is forced (xfs_extent_busy_flush) and the search
     * restarts: once without waiting (TRYFLUSH), then for real.
     */
    static void vextentSize(AllocArg args, int allocFlags) throws XfsException {
        int flags = allocFlags | ExtentBusy.FLAG_TRYFLUSH;
        for (;;) {
            int r = vextentSizeOnce(args, flags);
            if (r != SIZE_BUSY) {
                return;
            }
            if (!ExtentBusy.flush(args.tp, args.mp, args.agno, args.busyGen, flags)) {
                args.agbno = Geometry.NULLAGBLOCK;
                return;
            }
            flags &= ~ExtentBusy.FLAG_TRYFLUSH;
        }
    }

    /** vextentSizeOnce outcomes: done (allocated or failed for good), or only busy extents would fit. */
    private static final int SIZE_DONE = 0;
    private static final int SIZE_BUSY = 1;

    private static int vextentSizeOnce(AllocArg args, int flags) throws XfsException {
        AllocCursor cntCur = AllocCursor.cnt(args);
        try {
            return sizeOnce(args, flags, cntCur);
        } finally {
            AllocCursor.release(cntCur);
        }
    }

    private static int sizeOnce(AllocArg args, int flags, AllocCursor cntCur) throws XfsException {
        long fbno;
        long flen;
        long rbno;
        long rlen;
        boolean busy;
        if (cntCur.lookupGe(0, args.maxlen + args.alignment - 1) == 0) {
            // No extent that large: the last entry in the tree, or with only busy large extents the largest small one.
            long[] small = vextentSmall(args, cntCur);
            if (small[2] == 0 || small[1] == 0) {
                return SIZE_DONE;
            }
            fbno = small[0];
            flen = small[1];
            FoundExtent a = computeAligned(args, fbno, flen);
            rbno = a.bno;
            rlen = a.len;
            busy = noteBusy(args, a);
        } else {
            // Search for a non-busy extent that is large enough.
            for (;;) {
                AllocRec r = cntCur.mustGetRec();
                fbno = r.startblock();
                flen = r.blockcount();
                FoundExtent a = computeAligned(args, fbno, flen);
                rbno = a.bno;
                rlen = a.len;
                busy = noteBusy(args, a);
                if (rlen >= args.maxlen) {
                    break;
                }
                if (cntCur.increment() == 1) {
                    continue;
                }
                // Our only valid extents must have been busy: flush and retry.
                return SIZE_BUSY;
            }
        }
        // From the small case: the longest extent; see whether a slightly shorter one aligns better.
        rlen = Math.min(args.maxlen, rlen);
        checkInside(cntCur, fbno, flen, rbno, rlen);
        if (rlen < args.maxlen) {
            long bestrlen = rlen;
            long bestrbno = rbno;
            long bestflen = flen;
            long bestfbno = fbno;
            while (cntCur.decrement() == 1) {
                AllocRec r = cntCur.mustGetRec();
                fbno = r.startblock();
                flen = r.blockcount();
                if (flen <= bestrlen) {
                    break;
                }
                FoundExtent a = computeAligned(args, fbno, flen);
                rbno = a.bno;
                rlen = Math.min(args.maxlen, a.len);
                busy = noteBusy(args, a);
                checkInside(cntCur, fbno, flen, rbno, rlen);
                if (rlen > bestrlen) {
                    bestrlen = rlen;
                    bestrbno = rbno;
                    bestflen = flen;
                    bestfbno = fbno;
                    if (rlen == args.maxlen) {
                        break;
                    }
                }
            }
            if (cntCur.lookupEq(bestfbno, bestflen) != 1) {
                throw cntCur.corrupt("best extent [" + bestfbno + ", " + bestflen + "] vanished");
            }
            rlen = bestrlen;
            rbno = bestrbno;
            flen = bestflen;
            fbno = bestfbno;
        }
        args.wasfromfl = false;
        args.len = rlen;
        if (rlen < args.minlen) {
            if (busy) {
                return SIZE_BUSY;
            }
            args.agbno = Geometry.NULLAGBLOCK;
            return SIZE_DONE;
        }
        fixLen(args);
        rlen = args.len;
        if (rlen > flen) {
            throw cntCur.corrupt("fixed length " + rlen + " beyond free extent length " + flen);
        }
        AllocCursor bnoCur = AllocCursor.bno(args);
        try {
            fixupTrees(cntCur, bnoCur, fbno, flen, rbno, rlen, FIXUP_CNT_OK);
        } finally {
            AllocCursor.release(bnoCur);
        }
        args.len = rlen;
        args.agbno = rbno;
        if (args.agbno + args.len > new Agf(args.agbp.data()).length()) {
            throw cntCur.corrupt("allocation [" + rbno + ", " + rlen + "] beyond the AG");
        }
        return SIZE_DONE;
    }

    /** Records the busy generation of a trimmed extent in {@code args} (the kernel's busy_gen out-parameter). */
    static boolean noteBusy(AllocArg args, FoundExtent aligned) {
        if (aligned.busy) {
            args.busyGen = aligned.busyGen;
            return true;
        }
        return false;
    }

    private static void checkInside(AllocCursor c, long fbno, long flen, long rbno, long rlen)
            throws FsCorruptedException {
        if (rlen != 0 && (rlen > flen || rbno + rlen > fbno + flen)) {
            throw c.corrupt("aligned extent [" + rbno + ", " + rlen + "] outside free extent [" + fbno + ", "
                    + flen + "]");
        }
    }
}
