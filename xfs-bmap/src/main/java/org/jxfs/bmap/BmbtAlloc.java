// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.NoSpaceException;
import org.jxfs.core.XfsException;
import org.jxfs.core.alloc.Alloc;
import org.jxfs.core.alloc.AllocArg;
import org.jxfs.core.alloc.AllocType;
import org.jxfs.core.btree.BtreeBlockAllocator;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.Geometry;

/**
 * xfs_bmbt_alloc_block / xfs_bmbt_free_block (xfs_bmap_btree.c): where the data fork's bmbt gets and returns
 * blocks. Blocks are counted in di_nblocks; freed ones go through {@link DeferredFrees} so they are not handed out
 * again in the transaction that freed them.
 */
final class BmbtAlloc implements BtreeBlockAllocator {
    private final Bmalloca bma;

    BmbtAlloc(Bmalloca bma) {
        this.bma = bma;
    }

    /**
     * Ports xfs_bmbt_alloc_block (6.18): the block goes near the hint (a neighbouring btree block), starting at the
     * hint's AG but never below an AG the transaction already holds, so AGF locks are taken in ascending order
     * (xfs_alloc_vextent_start_ag's minimum_agno). The transaction's first allocation must leave room in its AG for
     * a full split (minleft). If no AG can give a full split's worth, the allocation falls back to any AG and the
     * transaction goes into low-space mode.
     */
    @Override
    public long allocBlock(BtreeCursor cur, long hintPtr) throws XfsException {
        AllocArg args = new AllocArg(bma.tp, bma.mp);
        args.fsbno = Bmalloca.startAgTarget(bma, hintPtr);
        args.type = AllocType.START_BNO;
        if (bma.firstblock == Geometry.NULLFSBLOCK) {
            args.minleft = bma.bmapiMinleft();
        }
        args.minlen = args.maxlen = args.prod = 1;
        args.wasdel = bma.wasdel;
        if (!args.wasdel && bma.tp.blocksLeft() == 0) {
            throw new NoSpaceException("No space left on device: bmbt split with no block reservation");
        }
        Alloc.vextent(args);
        if (args.fsbno == Geometry.NULLFSBLOCK && args.minleft != 0) {
            args.fsbno = 0;
            args.minleft = 0;
            args.type = AllocType.FIRST_AG;
            Alloc.vextent(args);
            bma.lowmode = true;
        }
        if (args.fsbno == Geometry.NULLFSBLOCK) {
            return BtreeBlock.NULL_LONG_PTR;
        }
        assert args.len == 1;
        if (bma.firstblock == Geometry.NULLFSBLOCK) {
            bma.firstblock = args.fsbno;
        }
        bma.ip.nblocks++;
        bma.logged = true;
        bma.ifp.log(bma.tp, 0);
        return args.fsbno;
    }

    /** Ports xfs_bmbt_free_block: the block is freed when the transaction commits (xfs_free_extent_later). */
    @Override
    public void freeBlock(BtreeCursor cur, long ptr) {
        DeferredFrees.add(bma.tp, ptr, 1);
        bma.ip.nblocks--;
        bma.logged = true;
        bma.ifp.log(bma.tp, 0);
    }
}
