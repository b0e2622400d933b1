// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jxfs.core.btree.BtreeBlockAllocator;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.Geometry;

/**
 * Hands out bmbt blocks from a region of one AG that a fresh filesystem leaves free, standing in for
 * xfs_bmbt_alloc_block until the allocator lands. Counts blocks like di_nblocks; freed blocks come back only after
 * {@link #commit()}, as the kernel's deferred frees and busy extents keep a freed block out of reuse until the
 * transaction that freed it is done. {@link #failNext} makes allocations fail, as an AG out of space would.
 */
final class TestBmbtAllocator implements BtreeBlockAllocator {
    private final Geometry geo;
    private final int agno;
    private long next;
    private final long end;
    private final ArrayDeque<Long> free = new ArrayDeque<>();
    private final List<Long> freedPending = new ArrayList<>();
    private final Set<Long> inUse = new HashSet<>();
    long allocs;
    long frees;
    boolean failNext;

    TestBmbtAllocator(Geometry geo, int agno, long firstAgbno, long endAgbno) {
        this.geo = geo;
        this.agno = agno;
        this.next = firstAgbno;
        this.end = endAgbno;
    }

    @Override
    public long allocBlock(BtreeCursor cur, long hintPtr) {
        if (failNext) {
            return BtreeBlock.NULL_LONG_PTR;
        }
        long fsb;
        if (!free.isEmpty()) {
            fsb = free.poll();
        } else {
            assert next < end : "test region of AG " + agno + " full";
            fsb = geo.agbToFsb(agno, next++);
        }
        inUse.add(fsb);
        allocs++;
        return fsb;
    }

    @Override
    public void freeBlock(BtreeCursor cur, long ptr) {
        assert inUse.contains(ptr) : "freeing block " + ptr + " not in use";
        inUse.remove(ptr);
        freedPending.add(ptr);
        frees++;
    }

    /** The transaction committed: its freed blocks may be reused. */
    void commit() {
        free.addAll(freedPending);
        freedPending.clear();
    }

    /** The blocks held by the tree: di_nblocks for a fork with no data extents of its own. */
    int nblocks() {
        return inUse.size();
    }

    Set<Long> blocksInUse() {
        return inUse;
    }
}
