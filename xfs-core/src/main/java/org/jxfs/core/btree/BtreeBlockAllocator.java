// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import org.jxfs.core.XfsException;

/**
 * Where a btree's blocks come from and where freed ones go: the AG free list for the free-space btrees
 * (xfs_alloc_get_freelist / xfs_alloc_put_freelist with btreeblk set), xfs_alloc_vextent for inobt and bmbt. The
 * allocator implements it; the engine reaches it through {@link BtreeOps#allocBlock} / {@link BtreeOps#freeBlock},
 * as xfs_btree.c reaches the allocator through bc_ops->alloc_block.
 */
public interface BtreeBlockAllocator {
    /**
     * Allocates one block near {@code hintPtr} for the cursor's tree and returns its pointer (an agbno for short-form
     * trees, a packed fsblock for long-form ones), or the tree's null pointer when there is none (the kernel's
     * {@code *stat = 0}).
     */
    long allocBlock(BtreeCursor cur, long hintPtr) throws XfsException;

    /** Frees the block at {@code ptr}; the engine invalidates its buffer afterwards (xfs_trans_binval). */
    void freeBlock(BtreeCursor cur, long ptr) throws XfsException;
}
