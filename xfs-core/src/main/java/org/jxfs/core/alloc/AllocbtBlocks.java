// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import org.jxfs.core.XfsException;
import org.jxfs.core.btree.BtreeBlockAllocator;
import org.jxfs.core.btree.BtreeBlocks;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.Mount;

/**
 * Where the free-space btrees get their blocks (xfs_allocbt_alloc_block / xfs_allocbt_free_block). They cannot
 * allocate through the allocator, which is in the middle of changing them, so they live off the AG free list that
 * xfs_alloc_fix_freelist filled beforehand; blocks they release go back onto it. Both count in agf_btreeblks.
 */
final class AllocbtBlocks implements BtreeBlockAllocator {
    static final AllocbtBlocks INSTANCE = new AllocbtBlocks();

    private AllocbtBlocks() {
    }

    /**
     * Ports xfs_allocbt_alloc_block. An AGFL block may have been a btree block freed earlier in this checkpoint and
     * still busy; btree blocks are metadata, logged in order with that free, so they may reuse it.
     */
    @Override
    public long allocBlock(BtreeCursor cur, long hintPtr) throws XfsException {
        long bno = AllocFreelist.getFreelist(cur.trans(), cur.geometry(), cur.agbp(), cur.agno(), true);
        if (bno == Geometry.NULLAGBLOCK) {
            return BtreeBlocks.nullPtr(cur);
        }
        ExtentBusy.reuse(mount(cur), cur.agno(), bno, 1, false);
        return bno;
    }

    /**
     * Ports xfs_allocbt_free_block: the block goes back on the AGFL, busy, so that user data cannot land in it
     * before the btree change that released it is on disk.
     */
    @Override
    public void freeBlock(BtreeCursor cur, long ptr) throws XfsException {
        AllocFreelist.putFreelist(cur.trans(), cur.geometry(), cur.agbp(), cur.agno(), null, ptr, true);
        ExtentBusy.insert(cur.trans(), mount(cur), cur.agno(), ptr, 1, BusyExtent.FLAG_SKIP_DISCARD);
    }

    private static Mount mount(BtreeCursor cur) {
        return (Mount) cur.trans().mount();
    }
}
