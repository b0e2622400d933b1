// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * struct xfs_bmalloca: the state of one bmapi_write or bunmapi call, shared by its helpers: the fork, the extent-tree
 * cursor and the extents around it, the bmbt cursor (null while the fork is in EXTENTS format), what is being
 * allocated, and what needs logging. It also carries the part of struct xfs_trans the kernel keeps for bmap
 * (t_firstblock, XFS_TRANS_LOWMODE) for the length of the call.
 */
final class Bmalloca {
    final Trans tp;
    final Mount mp;
    final Inode ip;
    final Ifork ifp;
    final BmbtAlloc alloc;
    final IextCursor icur = new IextCursor();
    /** The bmbt cursor, or null in EXTENTS format. */
    BtreeCursor cur;
    /** The extent at or after the offset being worked on. */
    BmbtIrec got;
    /** The extent before it; null plays NULLFILEOFF. */
    BmbtIrec prev;
    long offset;
    long length;
    /** Out of the allocator: the first block, or NULLFSBLOCK. */
    long blkno = Geometry.NULLFSBLOCK;
    long total;
    long minlen;
    long minleft;
    boolean eof;
    boolean wasdel;
    /**
     * Blocks of delalloc reservation the caller moved into the transaction's block reservation before converting
     * (xfs_bmapi_convert_delalloc), not yet accounted for; see {@link BmapDelalloc#release}.
     */
    long funded;
    boolean conv;
    int flags;
    int nallocs;
    /** Something changed that the inode must log. */
    boolean logged;

    Bmalloca(Trans tp, Ifork ifp) {
        this.tp = tp;
        this.ifp = ifp;
        this.mp = ifp.mount();
        this.ip = ifp.inode();
        this.alloc = new BmbtAlloc(this);
    }

    /** tp->t_firstblock for this call. */
    long firstblock = Geometry.NULLFSBLOCK;
    /** XFS_TRANS_LOWMODE: an allocation had to fall back to any AG; stay out of the AG-order trouble. */
    boolean lowmode;

    /** Opens the bmbt cursor if the fork is in BTREE format and none is open (xfs_bmbt_init_cursor). */
    void ensureCursor() {
        if (ifp.isBtree() && cur == null) {
            cur = ifp.cursor(tp, alloc);
        }
    }

    /** Ports xfs_bmapi_minleft: blocks a bmbt split of this fork may need from the same AG. */
    long bmapiMinleft() {
        if (firstblock != Geometry.NULLFSBLOCK) {
            return 0;
        }
        if (!ifp.isBtree()) {
            return 1;
        }
        return org.jxfs.core.format.BtreeBlock.level(ifp.broot()) + 1;
    }

    /**
     * The target xfs_alloc_vextent_start_ag really starts from: {@code target}, moved into the transaction's first
     * (highest) AG when it lies below it (start_agno = max(minimum_agno, target's AG)), so AGFs are locked in
     * ascending order.
     */
    static long startAgTarget(Bmalloca bma, long target) {
        if (bma.firstblock == Geometry.NULLFSBLOCK) {
            return target;
        }
        Geometry geo = bma.mp.geometry();
        int minAgno = geo.fsbToAgno(bma.firstblock);
        if (geo.fsbToAgno(target) >= minAgno) {
            return target;
        }
        return geo.agbToFsb(minAgno, geo.fsbToAgbno(target));
    }

    /**
     * Ports xfs_bmapi_finish: logs the inode if anything changed (the fork is encoded when it is written) and drops
     * the cursor.
     */
    void finish() {
        if (logged) {
            Ifork.logExtents(tp, ip);
        }
        ifp.releaseCursor(cur);
        cur = null;
    }
}
