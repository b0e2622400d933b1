// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.AgMetadataMap;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * The AG free list (AGFL) and the decision whether an AG can take an allocation: the part of xfs_alloc.c between
 * xfs_alloc_longest_free_extent and xfs_alloc_put_freelist. The AGFL is a ring of agf_flcount agbnos from
 * agf_flfirst to agf_fllast in the AGFL sector; its blocks are free space set aside so that the free-space btrees
 * can split while an allocation changes them.
 */
public final class AllocFreelist {
    /** XFS_ALLOC_FLAG_TRYLOCK: skip an AG whose AGF another transaction holds. */
    static final int FLAG_TRYLOCK = 1 << 0;
    /** XFS_ALLOC_FLAG_FREEING: fixing the free list to free an extent: always allowed. */
    static final int FLAG_FREEING = 1 << 1;
    /** XFS_ALLOC_FLAG_CHECK: test space without clamping args->maxlen. */
    static final int FLAG_CHECK = 1 << 4;

    /** XFS_ALLOCBT_AGFL_RESERVE: blocks of each AG held back for the AGFL (xfs_alloc_ag_max_usable). */
    static final int ALLOCBT_AGFL_RESERVE = 4;
    /** The AGF's bnobt and cntbt root blocks and the AGI's inobt root block. */
    static final int AG_ROOT_BLOCKS = 3;
    /** The four AG header sectors (SB, AGF, AGI, AGFL). */
    static final int AG_HEADER_SECTORS = 4;

    private AllocFreelist() {
    }

    /**
     * Ports xfs_alloc_ag_max_usable: the largest extent an AG could ever give, what is left once its headers,
     * btree roots and the free-list reserve are taken out.
     */
    public static long agMaxUsable(Mount mp) {
        Geometry geo = mp.geometry();
        long blocks = geo.bToFsb((long) AG_HEADER_SECTORS * geo.sectsize);
        blocks += ALLOCBT_AGFL_RESERVE;
        blocks += AG_ROOT_BLOCKS;
        if (mp.features().finobt()) {
            blocks++;
        }
        return geo.agblocks - blocks;
    }

    /**
     * Ports xfs_alloc_min_freelist: a split can climb every level of both trees and add a root, so the AGFL must
     * hold levels + 1 blocks per tree before an allocation may change them.
     */
    public static long minFreelist(Mount mp, Agf agf) {
        int maxlevels = AllocCursor.BNO_OPS.mountMaxLevels(mp.geometry());
        return Math.min(agf.levels(Agf.BTNUM_BNO) + 1, maxlevels) + Math.min(agf.levels(Agf.BTNUM_CNT) + 1, maxlevels);
    }

    /**
     * Ports xfs_alloc_longest_free_extent: agf_longest, less what refilling the AGFL to {@code need} blocks and the
     * AG's {@code reserved} blocks may have to take from it. When that leaves nothing, 1 tells the caller a single
     * block may still be had (from a small extent or the free list).
     */
    public static long longestFreeExtent(Mount mp, Agf agf, long need, long reserved) {
        long delta = 0;
        long flcount = agf.flcount();
        long freeblks = agf.freeblks();
        long longest = agf.longest();
        if (need > flcount) {
            delta = need - flcount;
        }
        if (freeblks - longest < reserved) {
            delta += reserved - (freeblks - longest);
        }
        if (longest > delta) {
            return Math.min(agMaxUsable(mp), longest - delta);
        }
        return flcount > 0 || longest > 0 ? 1 : 0;
    }

    /**
     * Ports xfs_alloc_space_available: may this AG take the allocation, given its longest extent, the free list it
     * must keep, minleft and total? Clamps maxlen to what is really available. Freeing is always allowed.
     */
    static boolean spaceAvailable(AllocArg args, Agf agf, long minFree, int flags) {
        if ((flags & FLAG_FREEING) != 0) {
            return true;
        }
        // No per-AG reservations (xfs_ag_resv_needed) yet.
        long reservation = 0;
        long allocLen = args.minlen + (args.alignment - 1) + args.minalignslop;
        long longest = longestFreeExtent(args.mp, agf, minFree, reservation);
        if (longest < allocLen) {
            return false;
        }
        long agflcount = Math.min(agf.flcount(), minFree);
        long available = agf.freeblks() + agflcount - reservation - minFree - args.minleft;
        if (available < Math.max(args.total, allocLen)) {
            return false;
        }
        if (available < args.maxlen && (flags & FLAG_CHECK) == 0) {
            args.maxlen = available;
            assert args.maxlen > 0;
            assert args.maxlen >= args.minlen;
        }
        return true;
    }

    /**
     * Ports xfs_alloc_fix_freelist: decides whether to use the AG for this allocation and, if so, brings its free
     * list to exactly the minimum the trees' current heights need, so the allocation's btree updates cannot run out
     * of blocks. On return {@code args.agbp} is the locked AGF, or null when the AG was rejected (or, with TRYLOCK,
     * busy). Surplus AGFL blocks are freed directly into the btrees; the kernel defers that to a later transaction
     * step only because of its log reservation, which jxfs does not have yet.
     */
    static void fixFreelist(AllocArg args, int flags) throws XfsException {
        Mount mp = args.mp;
        Trans tp = args.tp;
        args.agbp = null;
        boolean heldBefore = tp.holds(Alloc.agfBuffer(mp, args.agno));
        XfsBuf agbp = Alloc.readAgf(tp, mp, args.agno, (flags & FLAG_TRYLOCK) != 0);
        if (agbp == null) {
            return;
        }
        Agf agf = new Agf(agbp.data());
        long need = minFreelist(mp, agf);
        if (!spaceAvailable(args, agf, need, flags)) {
            release(tp, agbp, heldBefore);
            return;
        }

        // Make the free list shorter if it is too long.
        while (agf.flcount() > need) {
            long bno = getFreelist(tp, mp.geometry(), agbp, args.agno, false);
            // xfs_agfl_free_finish_item makes no busy extent: a block that needs one got it on its way onto
            // the AGFL (xfs_allocbt_free_block).
            AllocFree.freeAgExtent(tp, mp, agbp, args.agno, bno, 1, true);
            if (mp.metadataMap() != null) {
                mp.metadataMap().release(args.agno, bno, 1);
            }
            need = minFreelist(mp, agf);
        }

        if (agf.flcount() >= need) {
            // Long enough: the kernel reads (and locks) the AGFL here anyway; nothing would change in it, and the
            // AGF lock this transaction holds already serialises the list, so it is not read.
            args.agbp = agbp;
            return;
        }
        AllocArg targs = new AllocArg(tp, mp);
        targs.agbp = agbp;
        targs.agno = args.agno;
        targs.alignment = 1;
        targs.minlen = 1;
        targs.prod = 1;
        targs.agflResv = true;
        XfsBuf agflbp = Alloc.readAgfl(tp, mp.geometry(), args.agno);
        // Make the free list longer if it is too short.
        while (agf.flcount() < need) {
            targs.agbno = 0;
            targs.maxlen = need - agf.flcount();
            AllocAg.vextentSize(targs, flags);
            // Stop if we run out: cannot happen for callers obeying the rules, except when freeing in a full AG.
            if (targs.agbno == Geometry.NULLAGBLOCK) {
                if ((flags & FLAG_FREEING) != 0) {
                    break;
                }
                release(tp, agbp, heldBefore);
                return;
            }
            Alloc.updateCounters(tp, agbp, -targs.len);
            if (mp.metadataMap() != null) {
                mp.metadataMap().claim(args.agno, targs.agbno, targs.len, AgMetadataMap.Kind.FREE_SPACE);
            }
            for (long bno = targs.agbno; bno < targs.agbno + targs.len; bno++) {
                putFreelist(tp, mp.geometry(), agbp, args.agno, agflbp, bno, false);
            }
            need = minFreelist(mp, agf);
        }
        args.agbp = agbp;
    }

    /** xfs_trans_brelse of an AGF this call locked and did not change: another transaction may use the AG. */
    private static void release(Trans tp, XfsBuf agbp, boolean heldBefore) {
        if (!heldBefore) {
            tp.brelse(agbp);
        }
    }

    /**
     * Ports xfs_alloc_get_freelist: takes the block at agf_flfirst off the free list, or returns NULLAGBLOCK when
     * the list is empty. {@code btreeblk} says a free-space btree takes it, which moves it into agf_btreeblks.
     */
    static long getFreelist(Trans tp, Geometry geo, XfsBuf agbp, int agno, boolean btreeblk) throws XfsException {
        Agf agf = new Agf(agbp.data());
        if (agf.flcount() == 0) {
            return Geometry.NULLAGBLOCK;
        }
        XfsBuf agflbp = Alloc.readAgfl(tp, geo, agno);
        Agfl agfl = new Agfl(agflbp.data());
        int size = Agfl.size(geo.sectsize);
        long bno = agfl.bno((int) agf.flfirst());
        if (!verifyAgbno(geo, agno, bno)) {
            throw new FsCorruptedException("Metadata corruption detected: xfs_agfl AG " + agno + " slot "
                    + agf.flfirst() + " holds bad block " + bno);
        }
        long first = agf.flfirst() + 1;
        agf.setFlfirst(first == size ? 0 : first);
        agf.setFlcount(agf.flcount() - 1);
        int logflags = Agf.LOG_FLFIRST | Agf.LOG_FLCOUNT;
        if (btreeblk) {
            agf.setBtreeblks(agf.btreeblks() + 1);
            logflags |= Agf.LOG_BTREEBLKS;
        }
        Alloc.logAgf(tp, agbp, logflags);
        return bno;
    }

    /**
     * Ports xfs_alloc_put_freelist: appends {@code bno} after agf_fllast. {@code agflbp} may be null, then the AGFL
     * is read here. The block's own buffer is not touched: whatever it held is garbage until it is reused.
     */
    static void putFreelist(Trans tp, Geometry geo, XfsBuf agbp, int agno, XfsBuf agflbp, long bno,
            boolean btreeblk) throws XfsException {
        if (agflbp == null) {
            agflbp = Alloc.readAgfl(tp, geo, agno);
        }
        Agf agf = new Agf(agbp.data());
        int size = Agfl.size(geo.sectsize);
        long last = agf.fllast() + 1;
        agf.setFllast(last == size ? 0 : last);
        agf.setFlcount(agf.flcount() + 1);
        int logflags = Agf.LOG_FLLAST | Agf.LOG_FLCOUNT;
        if (btreeblk) {
            assert agf.btreeblks() > 0;
            agf.setBtreeblks(agf.btreeblks() - 1);
            logflags |= Agf.LOG_BTREEBLKS;
        }
        Alloc.logAgf(tp, agbp, logflags);
        assert agf.flcount() <= size : "AGFL overflow in AG " + agno;
        Agfl agfl = new Agfl(agflbp.data());
        int slot = (int) agf.fllast();
        agfl.setBno(slot, bno);
        int off = agfl.bnoOffset(slot);
        tp.logBuf(agflbp, off, off + Integer.BYTES - 1);
    }

    /** Ports xfs_verify_agbno: past the AG headers and inside the AG. */
    static boolean verifyAgbno(Geometry geo, int agno, long agbno) {
        long firstData = geo.bToFsb((long) AG_HEADER_SECTORS * geo.sectsize);
        return agbno >= firstData && agbno < geo.agBlockCount(agno);
    }
}
