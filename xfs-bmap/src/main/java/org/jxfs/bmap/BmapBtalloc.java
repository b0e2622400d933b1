// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.ErrorInjection;
import org.jxfs.core.ErrorTag;
import org.jxfs.core.XfsException;
import org.jxfs.core.alloc.Alloc;
import org.jxfs.core.alloc.AllocArg;
import org.jxfs.core.alloc.AllocFreelist;
import org.jxfs.core.alloc.AllocType;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.Mount;

/**
 * Choosing blocks for file data (xfs_bmap.c, "allocation" section): xfs_bmap_btalloc with its placement heuristic
 * xfs_bmap_adjacent. No stripe alignment (sunit is 0 here), no extent size hints, no filestreams.
 */
final class BmapBtalloc {
    /** XFS_ALLOC_GAP_UNITS: follow a neighbour across a gap of at most this many times the request. */
    static final long ALLOC_GAP_UNITS = 4;

    private BmapBtalloc() {
    }

    /** ISVALID of xfs_bmap_adjacent: {@code x} is a block in the same AG as {@code y}. */
    private static boolean isValid(Geometry geo, long x, long y) {
        return x >= 0 && geo.fsbToAgno(x) == geo.fsbToAgno(y) && geo.fsbToAgno(x) < geo.agcount
                && geo.fsbToAgbno(x) < geo.agblocks;
    }

    /**
     * Ports xfs_bmap_adjacent. A file read sequentially is fastest when its blocks follow each other, so the target
     * is where the previous extent's blocks end (plus the file gap), or where the next extent's start minus the gap,
     * whichever gap is smaller; a large gap relative to the request is not followed exactly.
     */
    static void adjacent(Bmalloca ap) {
        Geometry geo = ap.mp.geometry();
        boolean nullfb = ap.firstblock == Geometry.NULLFSBLOCK;
        int fbAgno = nullfb ? -1 : geo.fsbToAgno(ap.firstblock);
        BmbtIrec prev = ap.prev;
        if (ap.eof && prev != null && !prev.isDelay()
                && isValid(geo, prev.startblock() + prev.blockcount(), prev.startblock())) {
            ap.blkno = prev.startblock() + prev.blockcount();
            long adjust = ap.offset - prev.endoff();
            if (adjust != 0 && isValid(geo, ap.blkno + adjust, prev.startblock())) {
                ap.blkno += adjust;
            }
        } else if (!ap.eof) {
            long prevbno = Geometry.NULLFSBLOCK, prevdiff = 0;
            long gotbno, gotdiff = 0;
            if (prev != null && !prev.isDelay() && (prevbno = prev.startblock() + prev.blockcount()) != 0
                    && isValid(geo, prevbno, prev.startblock())) {
                long adjust = prevdiff = ap.offset - prev.endoff();
                if (prevdiff <= ALLOC_GAP_UNITS * ap.length && isValid(geo, prevbno + prevdiff, prev.startblock())) {
                    prevbno += adjust;
                } else {
                    prevdiff += adjust;
                }
                if (!nullfb && geo.fsbToAgno(prevbno) != fbAgno) {
                    prevbno = Geometry.NULLFSBLOCK;
                }
            } else {
                prevbno = Geometry.NULLFSBLOCK;
            }
            BmbtIrec got = ap.got;
            if (got != null && !got.isDelay()) {
                long adjust = gotdiff = got.startoff() - ap.offset;
                gotbno = got.startblock();
                if (gotdiff <= ALLOC_GAP_UNITS * ap.length && isValid(geo, gotbno - gotdiff, gotbno)) {
                    gotbno -= adjust;
                } else if (isValid(geo, gotbno - ap.length, gotbno)) {
                    gotbno -= ap.length;
                    gotdiff += adjust - ap.length;
                } else {
                    gotdiff += adjust;
                }
                if (!nullfb && geo.fsbToAgno(gotbno) != fbAgno) {
                    gotbno = Geometry.NULLFSBLOCK;
                }
            } else {
                gotbno = Geometry.NULLFSBLOCK;
            }
            if (prevbno != Geometry.NULLFSBLOCK && gotbno != Geometry.NULLFSBLOCK) {
                ap.blkno = prevdiff <= gotdiff ? prevbno : gotbno;
            } else if (prevbno != Geometry.NULLFSBLOCK) {
                ap.blkno = prevbno;
            } else if (gotbno != Geometry.NULLFSBLOCK) {
                ap.blkno = gotbno;
            }
        }
    }

    /** Ports xfs_bmap_longest_free_extent over every AG, from the AGFs' agf_longest (xfs_bmap_btalloc_nullfb). */
    private static long longestAnywhere(Mount mp, long maxlen) throws XfsException {
        Geometry geo = mp.geometry();
        long blen = 0;
        for (int agno = 0; agno < geo.agcount && blen < maxlen; agno++) {
            Agf agf = new Agf(Alloc.agfBuffer(mp, agno).data());
            long longest = AllocFreelist.longestFreeExtent(mp, agf, AllocFreelist.minFreelist(mp, agf), 0);
            blen = Math.max(blen, longest);
        }
        return blen;
    }

    /**
     * Ports xfs_bmap_btalloc. The target is near the inode (or the transaction's first block), moved next to the
     * neighbouring extents by {@link #adjacent}. In a transaction's first allocation the minimum length is raised
     * to the longest free extent seen (xfs_bmap_select_minlen) so a big request gets one big extent if any AG has
     * it; failing that it drops back to the caller's minimum, and as a last resort any AG from the first in
     * low-space mode. On success the inode's block count grows and bma.blkno/length describe the extent.
     */
    static void btalloc(Bmalloca ap) throws XfsException {
        Mount mp = ap.mp;
        Geometry geo = mp.geometry();
        assert ap.length > 0;
        boolean nullfb = ap.firstblock == Geometry.NULLFSBLOCK;
        int fbAgno = nullfb ? -1 : geo.fsbToAgno(ap.firstblock);
        ap.blkno = nullfb ? geo.inoToFsb(ap.ip.ino) : ap.firstblock;
        adjacent(ap);
        if (!nullfb && geo.fsbToAgno(ap.blkno) != fbAgno) {
            ap.blkno = ap.firstblock;
        }
        if (mp.errors().shouldFail(ErrorTag.ALLOC_EXTENT)) {
            // XFS_ERRTAG_BMAP_ALLOC_MINLEN_EXTENT's effect, made total: the allocator finds nothing.
            ap.blkno = Geometry.NULLFSBLOCK;
            ap.length = 0;
            return;
        }
        AllocArg args = ap.ifp.allocArg(ap.tp);
        args.fsbno = ap.blkno;
        args.userdata = (ap.flags & BmapiFlags.METADATA) == 0;
        args.maxlen = Math.min(ap.length, AllocFreelist.agMaxUsable(mp));
        if (nullfb) {
            args.type = AllocType.START_BNO;
            args.total = ap.total;
            long blen = longestAnywhere(mp, args.maxlen);
            args.minlen = blen < ap.minlen ? ap.minlen : Math.min(blen, args.maxlen);
        } else if (ap.lowmode) {
            args.type = AllocType.START_BNO;
            args.total = args.minlen = ap.minlen;
        } else {
            args.type = AllocType.NEAR_BNO;
            args.total = ap.total;
            args.minlen = ap.minlen;
        }
        args.prod = 1;
        args.mod = 0;
        args.alignment = 1;
        args.minleft = ap.minleft;
        args.wasdel = ap.wasdel;
        Alloc.vextent(args);
        if (args.fsbno == Geometry.NULLFSBLOCK && nullfb && args.minlen > ap.minlen) {
            args.minlen = ap.minlen;
            args.type = AllocType.START_BNO;
            args.fsbno = ap.blkno;
            Alloc.vextent(args);
        }
        if (args.fsbno == Geometry.NULLFSBLOCK && nullfb) {
            args.fsbno = 0;
            args.type = AllocType.FIRST_AG;
            args.total = ap.minlen;
            Alloc.vextent(args);
            ap.lowmode = true;
        }
        if (args.fsbno != Geometry.NULLFSBLOCK) {
            // xfs_bmap_process_allocated_extent
            ap.blkno = args.fsbno;
            if (ap.firstblock == Geometry.NULLFSBLOCK) {
                ap.firstblock = args.fsbno;
            }
            ap.length = args.len;
            ap.ip.nblocks += args.len;
            ap.logged = true;
        } else {
            ap.blkno = Geometry.NULLFSBLOCK;
            ap.length = 0;
        }
        ap.ifp.releaseAllocArg(args);
    }

    /**
     * Ports xfs_zero_extent: zeroes the blocks on the device (blkdev_issue_zeroout; a DAX device routes this to
     * dax_clear_blocks), inside the allocating transaction, so nobody can map them before they hold zeroes. With
     * fault injection armed the blocks are zeroed one at a time and {@link ErrorTag#ZERO_RANGE} is checked before
     * each, so a failure can land in the middle of a multi-block extent.
     */
    static void zeroExtent(Mount mp, long fsbno, long count) throws XfsException {
        Geometry geo = mp.geometry();
        ErrorInjection errors = mp.errors();
        if (!errors.anyArmed()) {
            mp.device().zeroRange(Geometry.bbToB(geo.fsbToDaddr(fsbno)), geo.fsbToB(count));
            return;
        }
        for (long i = 0; i < count; i++) {
            long daddr = geo.fsbToDaddr(fsbno + i);
            errors.check(ErrorTag.ZERO_RANGE, "zeroing", daddr);
            mp.device().zeroRange(Geometry.bbToB(daddr), geo.blocksize);
        }
    }

    /**
     * Gives back the extent {@link #btalloc} just allocated, in the same transaction: the allocation's undo when
     * zeroing it failed (see {@link ExtentZeroException}). The blocks go back to the free-space trees (busy until
     * the transaction commits, like any freed extent) and leave the inode's block count.
     */
    static void unallocate(Bmalloca ap) throws XfsException {
        Alloc.freeExtent(ap.tp, ap.blkno, ap.length);
        ap.ip.nblocks -= ap.length;
    }
}
