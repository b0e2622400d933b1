// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import org.jxfs.core.XfsException;
import org.jxfs.core.btree.BtreeBlockAllocator;
import org.jxfs.core.btree.BtreeBlocks;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.format.Geometry;

/**
 * Where the free-space btrees get their blocks (xfs_allocbt_alloc_block / xfs_allocbt_free_block). They cannot
 * allocate through the allocator, which is in the middle of changing them, so they live off the AG free list that
 * xfs_alloc_fix_freelist filled beforehand; blocks they release go back onto it. Both count in agf_btreeblks.
 */
final class AllocbtBlocks implements BtreeBlockAllocator {
    static final AllocbtBlocks INSTANCE = new AllocbtBlocks();

    private AllocbtBlocks() {
    }

    /** Ports xfs_allocbt_alloc_block. A busy-extent reuse check will go here once busy extents exist. */
    @Override
    public long allocBlock(BtreeCursor cur, long hintPtr) throws XfsException {
        long bno = AllocFreelist.getFreelist(cur.trans(), cur.geometry(), cur.agbp(), cur.agno(), true);
        if (bno == Geometry.NULLAGBLOCK) {
            return BtreeBlocks.nullPtr(cur);
        }
        return bno;
    }

    /** Ports xfs_allocbt_free_block. The kernel also marks the block busy; there is no busy list yet. */
    @Override
    public void freeBlock(BtreeCursor cur, long ptr) throws XfsException {
        AllocFreelist.putFreelist(cur.trans(), cur.geometry(), cur.agbp(), cur.agno(), null, ptr, true);
    }
}
