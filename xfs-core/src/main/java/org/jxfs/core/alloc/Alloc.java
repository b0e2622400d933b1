// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import java.util.concurrent.atomic.AtomicInteger;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.InvalidArgumentException;
import org.jxfs.core.XfsException;
import org.jxfs.core.XfsIoException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.AgflOps;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.AgMetadataMap;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.mount.MountSlot;
import org.jxfs.core.trans.Trans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Free-space allocation (xfs_alloc.c), the entry points: {@link #vextent} allocates an extent, {@link #freeExtent}
 * frees one. Allocation in an AG is serialised by the AG's AGF buffer, which the transaction locks and holds until
 * it commits; different AGs allocate in parallel. The per-AG algorithms are in {@link AllocAg} and
 * {@link AllocNear}, the free list in {@link AllocFreelist}, freeing in {@link AllocFree}.
 */
public final class Alloc {
    private static final Logger LOG = LoggerFactory.getLogger(Alloc.class);
    /** m_agfrotor per mount: where the next ANY_AG allocation starts (xfs_rotorstep 1). */
    private static final MountSlot<AtomicInteger> ROTOR = new MountSlot<>(mp -> new AtomicInteger());
    /**
     * Each AG's AGF buffer once read (pag->pag_agbp): pinned in the cache, so it is the block's only buffer and
     * finding it is an array read. Racing first readers store the same cached buffer.
     */
    private static final MountSlot<XfsBuf[]> AGF_BUFFERS = new MountSlot<>(mp -> new XfsBuf[mp.geometry().agcount]);

    private Alloc() {
    }

    // ---- AG headers ----

    /**
     * The AGF buffer of {@code agno}, not locked and not joined: for asking {@link Trans#holds}, and for the unlocked
     * reads of agf_longest and friends that the kernel makes from the per-AG structure.
     */
    public static XfsBuf agfBuffer(Mount mp, int agno) throws FsCorruptedException, XfsIoException {
        XfsBuf[] agfs = mp.slot(AGF_BUFFERS);
        XfsBuf bp = agfs[agno];
        if (bp == null) {
            Geometry geo = mp.geometry();
            bp = mp.bufCache().read(geo.agHeaderDaddr(agno, Agf.SECTOR), geo.sectorBb(), AgfOps.INSTANCE);
            mp.bufCache().pin(bp);
            agfs[agno] = bp;
        }
        return bp;
    }

    /**
     * Ports xfs_alloc_read_agf: the AGF of {@code agno}, locked and joined to {@code tp}. With {@code trylock}
     * (XFS_ALLOC_FLAG_TRYLOCK) an AGF that another transaction holds is not waited for: null is returned.
     */
    public static XfsBuf readAgf(Trans tp, Mount mp, int agno, boolean trylock) throws XfsException {
        Geometry geo = mp.geometry();
        if (!trylock) {
            return tp.readBuf(geo.agHeaderDaddr(agno, Agf.SECTOR), geo.sectorBb(), AgfOps.INSTANCE);
        }
        XfsBuf bp = agfBuffer(mp, agno);
        if (!tp.holds(bp)) {
            if (!bp.tryLock()) {
                return null;
            }
            tp.joinLocked(bp);
        }
        return bp;
    }

    /** Ports xfs_alloc_read_agfl: the AGFL sector of {@code agno}, locked and joined. */
    static XfsBuf readAgfl(Trans tp, Geometry geo, int agno) throws XfsException {
        return tp.readBuf(geo.agHeaderDaddr(agno, Agfl.SECTOR), geo.sectorBb(), AgflOps.INSTANCE);
    }

    /** Ports xfs_alloc_log_agf: logs the byte range covering the XFS_AGF_* {@code fields}. */
    static void logAgf(Trans tp, XfsBuf agbp, int fields) {
        int[] range = Agf.logRange(fields);
        tp.logBuf(agbp, range[0], range[1]);
    }

    /**
     * Ports xfs_alloc_update_counters: agf_freeblks moves by {@code len}; more free blocks than the AG has means
     * the trees and the AGF disagree.
     */
    static void updateCounters(Trans tp, XfsBuf agbp, long len) throws FsCorruptedException {
        Agf agf = new Agf(agbp.data());
        long freeblks = agf.freeblks() + len;
        if (freeblks < 0 || freeblks > agf.length()) {
            throw new FsCorruptedException("Metadata corruption detected: xfs_agf AG " + agf.seqno()
                    + ": agf_freeblks would become " + freeblks + " of " + agf.length());
        }
        agf.setFreeblks(freeblks);
        logAgf(tp, agbp, Agf.LOG_FREEBLKS);
    }

    // ---- allocation ----

    /**
     * Ports xfs_alloc_vextent (the 6.1 form, with args->type). THIS_AG, NEAR_BNO and THIS_BNO try only the AG of
     * {@code fsbno}. The others walk the AGs: ANY_AG from the rotor so unrelated files spread out, START_AG and
     * START_BNO from fsbno's AG (START_BNO near fsbno there, by size when fsbno is the AG's block 0, as 6.18's
     * xfs_alloc_vextent_start_ag does; anywhere elsewhere), FIRST_AG from AG 0. The walk
     * first skips AGs other transactions hold (trylock), then goes round again waiting for them. Once the
     * transaction holds some AGF it never wraps below its start AG, which keeps AGF locking in ascending order
     * and so free of deadlocks. On return {@code fsbno} is the extent's first block, or NULLFSBLOCK.
     */
    public static void vextent(AllocArg args) throws XfsException {
        Mount mp = args.mp;
        Geometry geo = mp.geometry();
        AllocType type = args.type;
        args.otype = type;
        args.agbno = Geometry.NULLAGBLOCK;
        long agsize = geo.agblocks;
        if (args.maxlen > agsize) {
            args.maxlen = agsize;
        }
        if (args.alignment == 0) {
            args.alignment = 1;
        }
        if (args.prod == 0) {
            args.prod = 1;
        }
        assert args.tp != null && type != null;
        assert args.minlen > 0 && args.minlen <= args.maxlen : args;
        assert args.mod < args.prod : args;
        assert args.minleft >= 0 && args.total >= 0;
        if (args.fsbno < 0 || geo.fsbToAgno(args.fsbno) >= geo.agcount
                || geo.fsbToAgbno(args.fsbno) >= agsize || args.minlen > args.maxlen || args.minlen > agsize
                || args.mod >= args.prod) {
            LOG.trace("xfs_alloc_vextent_badargs {}", args);
            args.fsbno = Geometry.NULLFSBLOCK;
            return;
        }
        switch (type) {
            case THIS_AG, NEAR_BNO, THIS_BNO -> {
                args.agno = geo.fsbToAgno(args.fsbno);
                AllocFreelist.fixFreelist(args, 0);
                if (args.agbp != null) {
                    args.agbno = geo.fsbToAgbno(args.fsbno);
                    AllocAg.vextent(args);
                }
            }
            case ANY_AG, START_AG, START_BNO, FIRST_AG -> iterateAgs(args, type);
            default -> throw new InvalidArgumentException("bad allocation type " + type);
        }
        if (args.agbno == Geometry.NULLAGBLOCK) {
            args.fsbno = Geometry.NULLFSBLOCK;
        } else {
            args.fsbno = geo.agbToFsb(args.agno, args.agbno);
            assert args.len >= args.minlen && args.len <= args.maxlen : args;
            assert args.agbno % args.alignment == 0 : args;
            assert args.agbno + args.len <= geo.agBlockCount(args.agno) : args;
        }
    }

    /** The rotating part of xfs_alloc_vextent. */
    private static void iterateAgs(AllocArg args, AllocType type) throws XfsException {
        Mount mp = args.mp;
        Geometry geo = mp.geometry();
        AtomicInteger rotor = mp.slot(ROTOR);
        int sagno;
        int flags;
        if (type == AllocType.ANY_AG) {
            args.agno = sagno = Math.floorMod(rotor.get(), geo.agcount);
            args.type = AllocType.THIS_AG;
            flags = AllocFreelist.FLAG_TRYLOCK;
        } else if (type == AllocType.FIRST_AG) {
            args.agno = geo.fsbToAgno(args.fsbno);
            args.type = AllocType.THIS_AG;
            sagno = 0;
            flags = 0;
        } else {
            if (type == AllocType.START_AG) {
                args.type = AllocType.THIS_AG;
            } else {
                // START_BNO: near the target first, anywhere in the other AGs.
                args.agbno = geo.fsbToAgbno(args.fsbno);
                args.type = startAgType(args.agbno);
            }
            args.agno = sagno = geo.fsbToAgno(args.fsbno);
            flags = AllocFreelist.FLAG_TRYLOCK;
        }
        boolean holdsAgf = holdsAnyAgf(args.tp, mp);
        for (;;) {
            AllocFreelist.fixFreelist(args, flags);
            if (args.agbp != null) {
                AllocAg.vextent(args);
                break;
            }
            // Didn't work: figure out the next AG.
            if (args.agno == sagno && type == AllocType.START_BNO) {
                args.type = AllocType.THIS_AG;
            }
            // Wrapping below sagno with an AGF held could lock AGFs out of order, which may deadlock.
            if (++args.agno == geo.agcount) {
                args.agno = holdsAgf ? sagno : 0;
            }
            if (args.agno == sagno) {
                if (flags == 0) {
                    args.agbno = Geometry.NULLAGBLOCK;
                    break;
                }
                flags = 0;
                if (type == AllocType.START_BNO) {
                    args.agbno = geo.fsbToAgbno(args.fsbno);
                    args.type = startAgType(args.agbno);
                }
            }
        }
        if (type == AllocType.ANY_AG) {
            int next = args.agno == sagno ? sagno + 1 : args.agno + 1;
            rotor.set(next % geo.agcount);
        }
    }

    /**
     * How START_BNO allocates in its start AG, as xfs_alloc_vextent_iterate_ags does in Linux 6.18: near the
     * target block when there is one, but a target at AG block 0 means "no locality": the AG is searched by size
     * (xfs_alloc_ag_vextent_size, the smallest free extent that fits) instead of near block 0. xfs_bmap_adjacent
     * produces such a target when a write lands just before another extent far from the previous one.
     */
    private static AllocType startAgType(long targetAgbno) {
        return targetAgbno != 0 ? AllocType.NEAR_BNO : AllocType.THIS_AG;
    }

    /** Whether the transaction already holds some AGF (the kernel tests tp->t_firstblock for this). */
    private static boolean holdsAnyAgf(Trans tp, Mount mp) throws XfsException {
        for (int agno = 0; agno < mp.geometry().agcount; agno++) {
            if (tp.holds(agfBuffer(mp, agno))) {
                return true;
            }
        }
        return false;
    }

    // ---- freeing ----

    /**
     * Ports __xfs_free_extent: frees {@code len} blocks at {@code fsbno} in the transaction. The AG's free list is
     * fixed first (freeing may need btree blocks to split, and is always allowed to use the AG), then the extent
     * is merged into the trees and stays busy until the transaction's checkpoint is committed, so nobody writes
     * data into it while a crash could still bring the old owner back. Freeing space that is already (partly)
     * free is corruption.
     */
    public static void freeExtent(Trans tp, long fsbno, long len) throws XfsException {
        freeExtent(tp, fsbno, len, null);
    }

    /**
     * {@link #freeExtent(Trans, long, long)} with the owner the kernel passes as oinfo: {@code metadata} names the
     * AG metadata giving the blocks back (an inode chunk, an inode btree block), which the mount's
     * {@link AgMetadataMap} then forgets; null for a file's blocks, which must hold no AG metadata at all: a file
     * extent over an AG header, an inode chunk or a btree block is refused as corruption before anything changes.
     * So is a free of blocks already waiting as busy (freed twice in one checkpoint).
     */
    public static void freeExtent(Trans tp, long fsbno, long len, AgMetadataMap.Kind metadata)
            throws XfsException {
        if (!(tp.mount() instanceof Mount mp)) {
            throw new InvalidArgumentException("freeExtent needs a transaction on a Mount");
        }
        Geometry geo = mp.geometry();
        if (len <= 0) {
            throw new InvalidArgumentException("free of " + len + " blocks");
        }
        if (fsbno < 0 || geo.fsbToAgno(fsbno) >= geo.agcount) {
            throw new FsCorruptedException("free of extent at bad block " + fsbno);
        }
        int agno = geo.fsbToAgno(fsbno);
        long agbno = geo.fsbToAgbno(fsbno);
        if (agbno >= geo.agBlockCount(agno) || agbno + len > geo.agBlockCount(agno)) {
            throw new FsCorruptedException("Metadata corruption detected: free of extent [" + agbno + ", " + len
                    + "] outside AG " + agno + " (length " + geo.agBlockCount(agno) + ")");
        }
        AgMetadataMap map = mp.metadataMap();
        if (map != null && metadata == null) {
            map.checkFree(agno, agbno, len, () -> "freeing file blocks [" + agbno + ", +" + len + ") of AG " + agno);
        }
        if (ExtentBusy.search(mp, agno, agbno, len) != 0) {
            throw new FsCorruptedException("Metadata corruption detected: freeing AG " + agno + " blocks [" + agbno
                    + ", +" + len + ") at daddr 0x" + Long.toHexString(geo.agbToDaddr(agno, agbno))
                    + ", which are already being freed (busy)");
        }
        AllocArg args = new AllocArg(tp, mp);
        args.agno = agno;
        AllocFreelist.fixFreelist(args, AllocFreelist.FLAG_FREEING);
        XfsBuf agbp = args.agbp;
        assert agbp != null : "freeing never rejects an AG";
        Agf agf = new Agf(agbp.data());
        if (agbno >= geo.agblocks || agbno + len > agf.length()
                || !AllocFreelist.verifyAgbno(geo, agno, agbno)) {
            throw new FsCorruptedException("Metadata corruption detected: free of extent [" + agbno + ", " + len
                    + "] outside AG " + agno + " (length " + agf.length() + ")");
        }
        AllocFree.freeAgExtent(tp, mp, agbp, agno, agbno, len, false);
        ExtentBusy.insert(tp, mp, agno, agbno, len, 0);
        if (map != null && metadata != null) {
            map.release(agno, agbno, len);
        }
    }
}
