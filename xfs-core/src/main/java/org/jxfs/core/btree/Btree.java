// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import static org.jxfs.core.btree.BtreeBlocks.childPtr;
import static org.jxfs.core.btree.BtreeBlocks.corrupt;
import static org.jxfs.core.btree.BtreeBlocks.getKeys;
import static org.jxfs.core.btree.BtreeBlocks.keyOff;
import static org.jxfs.core.btree.BtreeBlocks.logKeys;
import static org.jxfs.core.btree.BtreeBlocks.logRecs;
import static org.jxfs.core.btree.BtreeBlocks.numrecs;
import static org.jxfs.core.btree.BtreeBlocks.ptrIsNull;
import static org.jxfs.core.btree.BtreeBlocks.readBufBlock;
import static org.jxfs.core.btree.BtreeBlocks.recOff;
import static org.jxfs.core.btree.BtreeBlocks.setbuf;
import static org.jxfs.core.btree.BtreeBlocks.sibling;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;

/**
 * The generic btree engine (xfs_btree.c): lookup and walking, record update, and the entry points of insert
 * ({@link BtreeInsert}) and delete ({@link BtreeDelete}). Every block change goes through the cursor's
 * transaction and is logged. Methods return the kernel's {@code *stat}: 1 on success, 0 when there is no such
 * record (a miss is a return value, not an exception).
 */
public final class Btree {
    private Btree() {
    }

    // ---- lookup and walking ----

    /**
     * Ports xfs_btree_lookup_get_block. Reuses the buffer already on the cursor's path when it is the same block,
     * and checks what the verifier cannot: that the block sits at the level its parent says.
     */
    static XfsBuf lookupGetBlock(BtreeCursor cur, int level, long ptr) throws XfsException {
        // The root of an inode-rooted tree is in memory, whatever the pointer says.
        if (cur.atIroot(level)) {
            return cur.getIroot();
        }
        XfsBuf bp = cur.bufs[level];
        if (bp != null && bp.daddr() == BtreeBlocks.ptrToDaddr(cur, ptr)) {
            return bp;
        }
        bp = readBufBlock(cur, ptr);
        if (BtreeBlock.level(bp.data()) != level) {
            throw corrupt(cur, bp, "level " + BtreeBlock.level(bp.data()) + ", expected " + level);
        }
        if (level != 0 && numrecs(bp) == 0) {
            throw corrupt(cur, bp, "empty node");
        }
        // The verifiers do not know the inode, so the owner of an inode's blocks is checked here.
        if (cur.inodeRoot() != null && BtreeBlock.lOwner(bp.data()) != cur.owner()) {
            throw corrupt(cur, bp, "owner " + BtreeBlock.lOwner(bp.data()) + ", expected inode " + cur.owner());
        }
        setbuf(cur, level, bp);
        return bp;
    }

    /**
     * Whether the cursor's current path still runs from the tree's root to a leaf whose records span the search
     * key, so that descending from the root would end in that same leaf: every buffer on it is live, each node's
     * entry at the cursor's index still points at the block below, the top is still the root ({@code rootPtr}), and
     * the leaf's first key is at most, its last key at least, the search key, or the leaf is the tree's first or last
     * in that direction (node keys are their child's first key, so the root-to-leaf search picks exactly this
     * leaf). The kernel always descends; jxfs skips the descent in this case only, which is most lookups of a cursor
     * re-positioned near where it was (the fix-ups after an allocation look up, delete and insert around one
     * record). AG-rooted trees only.
     */
    private static boolean leafOnPathHolds(BtreeCursor cur, BtreeOps ops, long rootPtr, long s0, long s1) {
        XfsBuf leaf = cur.bufs[0];
        if (leaf == null || cur.inodeRoot() != null || leaf.stale()) {
            return false;
        }
        int top = cur.nlevels - 1;
        XfsBuf root = cur.bufs[top];
        if (root == null || root.stale() || root.daddr() != BtreeBlocks.ptrToDaddr(cur, rootPtr)) {
            return false;
        }
        for (int level = top; level > 0; level--) {
            XfsBuf node = cur.bufs[level];
            XfsBuf child = cur.bufs[level - 1];
            int p = cur.ptrs[level];
            if (node == null || child == null || node.stale() || child.stale() || p < 1 || p > numrecs(node)
                    || BtreeBlocks.ptrToDaddr(cur, childPtr(cur, node, p)) != child.daddr()) {
                return false;
            }
        }
        int n = numrecs(leaf);
        if (n == 0 || BtreeBlock.level(leaf.data()) != 0) {
            return false;
        }
        byte[] d = leaf.data();
        // Past either end is still this leaf when it is the tree's first or last one (appends, mostly).
        return (entryDiff(cur, ops, true, d, recOff(cur, 1), s0, s1) <= 0
                        || ptrIsNull(cur, sibling(cur, leaf, false)))
                && (entryDiff(cur, ops, true, d, recOff(cur, n), s0, s1) >= 0
                        || ptrIsNull(cur, sibling(cur, leaf, true)));
    }

    /**
     * The difference between the entry at {@code data[off..]} (a leaf record when {@code leaf}, else a node key) and
     * the search key, whose fields {@code s0}, {@code s1} were read from the search record: in place through the
     * tree's {@link KeyField}s, or through the ops (init_key_from_rec + key_diff, key_diff) for a tree without
     * them. Only the sign matters to the callers.
     */
    private static long entryDiff(BtreeCursor cur, BtreeOps ops, boolean leaf, byte[] data, int off, long s0,
            long s1) {
        BtreeCursor.Shape shape = cur.shape;
        KeyField f0 = leaf ? shape.leaf0() : shape.node0();
        if (f0 == null) {
            return leaf ? ops.recKeyDiff(cur, data, off) : ops.keyDiff(cur, data, off);
        }
        long diff = f0.read(data, off) - s0;
        KeyField f1 = leaf ? shape.leaf1() : shape.node1();
        if (diff == 0 && f1 != null) {
            diff = f1.read(data, off) - s1;
        }
        assert Long.signum(diff) == Long.signum(leaf ? ops.recKeyDiff(cur, data, off) : ops.keyDiff(cur, data, off))
                : ops.name() + ": key fields disagree with key_diff";
        return diff;
    }

    /** A field of the cursor's search record as {@link #entryDiff} compares it; 0 for a field the tree lacks. */
    private static long searchKeyField(BtreeCursor cur, KeyField f) {
        return f != null ? f.read(cur.rec(), 0) : 0;
    }

    /** How the block searches report: the entry index, shifted, and the sign of its difference plus one. */
    private static int searchResult(int keyno, long diff) {
        return keyno << 2 | (diff < 0 ? 0 : diff == 0 ? 1 : 2);
    }

    /**
     * xfs_btree_lookup's binary search of one block with {@code n > 0} entries: the index it stops at and the
     * difference of that entry from the search key, packed by {@link #searchResult}.
     */
    private static int searchBlock(BtreeCursor cur, BtreeOps ops, boolean leaf, byte[] data, int n, long s0,
            long s1) {
        int low = 1;
        int high = n;
        int keyno = 0;
        long diff = 1;
        while (low <= high) {
            keyno = (low + high) >>> 1;
            diff = entryDiff(cur, ops, leaf, data, leaf ? recOff(cur, keyno) : keyOff(cur, keyno), s0, s1);
            if (diff < 0) {
                low = keyno + 1;
            } else if (diff > 0) {
                high = keyno - 1;
            } else {
                break;
            }
        }
        return searchResult(keyno, diff);
    }

    /**
     * The leaf search of a lookup that starts at the cursor's leaf, where {@code hint}, the cursor's index, is
     * where the record was a moment ago: probes outward from it in steps that double, then bisects the bracket, to
     * find the first record at least the search key. A binary search over the whole leaf ends next to that same
     * index: on it (the record there is larger) or just before it (smaller), and xfs_btree_lookup's result is the
     * same from either, so this reports "on it, larger", "on the last record, smaller" when every record is
     * smaller, or the exact hit, packed as {@link #searchBlock} does.
     */
    private static int searchLeafFrom(BtreeCursor cur, BtreeOps ops, byte[] data, int n, int hint, long s0,
            long s1) {
        int h = Math.max(1, Math.min(n, hint));
        int lo;
        int hi;
        long dh = entryDiff(cur, ops, true, data, recOff(cur, h), s0, s1);
        if (dh == 0) {
            return searchResult(h, 0);
        }
        if (dh < 0) {
            // Records up to h are smaller: bracket the answer in (lo, hi] going right.
            lo = h;
            int step = 1;
            for (;;) {
                hi = lo + step;
                if (hi > n) {
                    hi = n + 1;
                    break;
                }
                if (entryDiff(cur, ops, true, data, recOff(cur, hi), s0, s1) >= 0) {
                    break;
                }
                lo = hi;
                step <<= 1;
            }
        } else {
            // The record at h is larger: bracket going left.
            hi = h;
            int step = 1;
            for (;;) {
                lo = hi - step;
                if (lo < 1) {
                    lo = 0;
                    break;
                }
                if (entryDiff(cur, ops, true, data, recOff(cur, lo), s0, s1) < 0) {
                    break;
                }
                hi = lo;
                step <<= 1;
            }
        }
        // Invariant: the record at lo (if lo >= 1) is smaller, the one at hi (if hi <= n) at least the key.
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (entryDiff(cur, ops, true, data, recOff(cur, mid), s0, s1) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if (hi > n) {
            return searchResult(n, -1);
        }
        return searchResult(hi, entryDiff(cur, ops, true, data, recOff(cur, hi), s0, s1) == 0 ? 0 : 1);
    }

    /**
     * Ports xfs_btree_lookup. Binary-searches each level from the root for the search record {@link
     * BtreeCursor#rec()}; once a node key matches exactly, every lower level starts at its first entry. The cursor
     * is left where the record is or would be inserted, so a failed EQ lookup is followed directly by insert.
     */
    public static int lookup(BtreeCursor cur, Lookup dir) throws XfsException {
        if (cur.nlevels == 0) {
            throw new FsCorruptedException(cur.ops().name() + ": zero-level tree");
        }
        BtreeOps ops = cur.ops();
        XfsBuf block = null;
        int keyno = 0;
        long diff = 1;
        long ptr = ops.initPtrFromCur(cur);
        // The search key's fields, read once (when the tree describes its keys; else the ops compare each probe).
        long s0 = searchKeyField(cur, cur.shape.leaf0());
        long s1 = searchKeyField(cur, cur.shape.leaf1());
        boolean fromLeaf = leafOnPathHolds(cur, ops, ptr, s0, s1);
        for (int level = fromLeaf ? 0 : cur.nlevels - 1; level >= 0; level--) {
            block = fromLeaf ? cur.bufs[0] : lookupGetBlock(cur, level, ptr);
            if (diff == 0) {
                keyno = 1;
            } else {
                int high = numrecs(block);
                if (high == 0) {
                    // Only an empty root leaf may have no entries.
                    if (level != 0 || cur.nlevels != 1) {
                        throw corrupt(cur, block, "empty block below the root");
                    }
                    cur.ptrs[0] = dir != Lookup.LE ? 1 : 0;
                    return 0;
                }
                // The searches are methods of their own, so that the compiler inlines the probes into them
                // rather than running out of inlining budget in this one.
                int found = fromLeaf ? searchLeafFrom(cur, ops, block.data(), high, cur.ptrs[0], s0, s1)
                        : searchBlock(cur, ops, level == 0, block.data(), high, s0, s1);
                keyno = found >>> 2;
                diff = (found & 3) - 1;
            }
            if (level > 0) {
                // If we moved left, we need the previous key, unless there is none.
                if (diff > 0 && --keyno < 1) {
                    keyno = 1;
                }
                ptr = childPtr(cur, block, keyno);
                cur.ptrs[level] = keyno;
            }
        }
        if (dir != Lookup.LE && diff < 0) {
            keyno++;
            // A GE search that went off the end of a block that is not the last one is in the wrong block.
            long rptr = sibling(cur, block, true);
            if (dir == Lookup.GE && keyno > numrecs(block) && !ptrIsNull(cur, rptr)) {
                cur.ptrs[0] = keyno;
                if (increment(cur, 0) != 1) {
                    throw corrupt(cur, block, "increment to the right sibling failed");
                }
                return 1;
            }
        } else if (dir == Lookup.LE && diff > 0) {
            keyno--;
        }
        cur.ptrs[0] = keyno;
        if (keyno == 0 || keyno > numrecs(block)) {
            return 0;
        }
        return dir != Lookup.EQ || diff == 0 ? 1 : 0;
    }

    /**
     * Ports xfs_btree_increment. Moves to the next entry at {@code level}; when that leaves the block, marches up
     * until an ancestor has a next entry and walks back down its leftmost path. Levels below are untouched.
     */
    public static int increment(BtreeCursor cur, int level) throws XfsException {
        assert level < cur.nlevels;
        XfsBuf bp = cur.getBlock(level);
        if (++cur.ptrs[level] <= numrecs(bp)) {
            return 1;
        }
        if (ptrIsNull(cur, sibling(cur, bp, true))) {
            return 0;
        }
        int lev;
        for (lev = level + 1; lev < cur.nlevels; lev++) {
            if (++cur.ptrs[lev] <= numrecs(cur.getBlock(lev))) {
                break;
            }
        }
        if (lev == cur.nlevels) {
            // Off the root while a sibling exists: the tree is inconsistent, or its root is in an inode.
            if (cur.inodeRoot() != null) {
                return 0;
            }
            throw corrupt(cur, bp, "right sibling but no next entry above");
        }
        for (bp = cur.getBlock(lev); lev > level;) {
            long ptr = childPtr(cur, bp, cur.ptrs[lev]);
            --lev;
            bp = readBufBlock(cur, ptr);
            setbuf(cur, lev, bp);
            cur.ptrs[lev] = 1;
        }
        return 1;
    }

    /** Ports xfs_btree_decrement: the mirror of {@link #increment}, landing on the last entry of each block. */
    public static int decrement(BtreeCursor cur, int level) throws XfsException {
        assert level < cur.nlevels;
        if (--cur.ptrs[level] > 0) {
            return 1;
        }
        XfsBuf bp = cur.getBlock(level);
        if (ptrIsNull(cur, sibling(cur, bp, false))) {
            return 0;
        }
        int lev;
        for (lev = level + 1; lev < cur.nlevels; lev++) {
            if (--cur.ptrs[lev] > 0) {
                break;
            }
        }
        if (lev == cur.nlevels) {
            // Off the root while a sibling exists: the tree is inconsistent, or its root is in an inode.
            if (cur.inodeRoot() != null) {
                return 0;
            }
            throw corrupt(cur, bp, "left sibling but no previous entry above");
        }
        for (bp = cur.getBlock(lev); lev > level;) {
            long ptr = childPtr(cur, bp, cur.ptrs[lev]);
            --lev;
            bp = readBufBlock(cur, ptr);
            setbuf(cur, lev, bp);
            cur.ptrs[lev] = numrecs(bp);
        }
        return 1;
    }

    /** Ports xfs_btree_firstrec: point {@code level} at its block's first entry; false for an empty block. */
    static boolean firstrec(BtreeCursor cur, int level) {
        if (numrecs(cur.getBlock(level)) == 0) {
            return false;
        }
        cur.ptrs[level] = 1;
        return true;
    }

    /** Ports xfs_btree_lastrec. */
    static boolean lastrec(BtreeCursor cur, int level) {
        int n = numrecs(cur.getBlock(level));
        if (n == 0) {
            return false;
        }
        cur.ptrs[level] = n;
        return true;
    }

    /**
     * Ports xfs_btree_get_rec: the byte offset of the current record inside {@code cur.buf(0).data()}, or -1 when
     * the cursor is off either end of its leaf.
     */
    public static int getRec(BtreeCursor cur) {
        int ptr = cur.ptrs[0];
        XfsBuf bp = cur.getBlock(0);
        if (bp == null || ptr <= 0 || ptr > numrecs(bp)) {
            return -1;
        }
        return recOff(cur, ptr);
    }

    /** Copies the current record into {@code rec}; returns the kernel's stat (0 when off the ends). */
    public static int getRec(BtreeCursor cur, byte[] rec) {
        int off = getRec(cur);
        if (off < 0) {
            return 0;
        }
        System.arraycopy(cur.getBlock(0).data(), off, rec, 0, cur.ops().recLen());
        return 1;
    }

    // ---- update ----

    /** Ports xfs_btree_is_lastrec: the cursor's leaf is the rightmost one of a tree that tracks its last record. */
    static boolean isLastrec(BtreeCursor cur, XfsBuf bp, int level) {
        return level == 0 && cur.ops().lastrecUpdate() && ptrIsNull(cur, sibling(cur, bp, true));
    }

    /**
     * Ports xfs_btree_update_keys (non-overlapping trees). A block's key in its parent is its first entry's key,
     * so only a change at index 1 propagates, and it stops at the first level where the path is not at index 1.
     */
    static void updateKeys(BtreeCursor cur, int level) {
        assert level >= 0;
        // The key goes straight into the parent's slot, and from there into the slots above: no temporary.
        byte[] src = null;
        int srcOff = 0;
        int ptr = 1;
        for (level++; ptr == 1 && level < cur.nlevels; level++) {
            XfsBuf bp = cur.getBlock(level);
            ptr = cur.ptrs[level];
            int off = keyOff(cur, ptr);
            if (src == null) {
                getKeys(cur, cur.getBlock(level - 1), bp.data(), off);
            } else {
                System.arraycopy(src, srcOff, bp.data(), off, cur.shape.keyLen());
            }
            src = bp.data();
            srcOff = off;
            logKeys(cur, bp, ptr, ptr);
        }
    }

    /**
     * Ports xfs_btree_update. Overwrites the current record in place; the caller guarantees the new record keeps
     * its place in the order, so only the parent keys (when it is the first of its leaf) and the last-record
     * tracking need fixing.
     */
    public static void update(BtreeCursor cur, byte[] rec) throws XfsException {
        XfsBuf bp = cur.getBlock(0);
        int ptr = cur.ptrs[0];
        if (ptr <= 0 || ptr > numrecs(bp)) {
            throw corrupt(cur, bp, "update of record " + ptr + " of " + numrecs(bp));
        }
        System.arraycopy(rec, 0, bp.data(), recOff(cur, ptr), cur.ops().recLen());
        logRecs(cur, bp, ptr, ptr);
        if (isLastrec(cur, bp, 0)) {
            cur.ops().updateLastrec(cur, bp, rec, ptr, BtreeOps.LastrecReason.UPDATE);
        }
        if (ptr == 1) {
            updateKeys(cur, 0);
        }
    }

    /**
     * A delete of the record at the cursor followed by the insert of the search record {@link BtreeCursor#rec()},
     * done as one in-place {@link #update} when that is all the pair would do: the leaf keeps at least minrecs after
     * the delete (or is the root), so the delete does not rebalance, and the search record sorts strictly between
     * the records before and after the cursor's, so the insert's lookup lands in the slot the delete freed, in a
     * block with room. At a leaf's edge the leaf must be the tree's first (or last), or the descent for the insert
     * could pick the sibling. The block, its parent keys and the last-record tracking end as the pair leaves them
     * (the cntbt's longest: the new record sorts after the one before it, so it is at least as long). Returns false
     * and changes nothing otherwise. AG-rooted trees only. xfs_alloc_fixup_trees deletes the found extent from the
     * cntbt and inserts the part left before the allocation, which in most allocations takes its slot.
     */
    public static boolean replace(BtreeCursor cur) throws XfsException {
        XfsBuf bp = cur.bufs[0];
        int ptr = cur.ptrs[0];
        if (cur.inodeRoot() != null || bp == null || ptr < 1) {
            return false;
        }
        int n = numrecs(bp);
        if (ptr > n || (cur.nlevels > 1 && n - 1 < cur.ops().minRecs(cur, 0))) {
            return false;
        }
        BtreeOps ops = cur.ops();
        long s0 = searchKeyField(cur, cur.shape.leaf0());
        long s1 = searchKeyField(cur, cur.shape.leaf1());
        byte[] d = bp.data();
        boolean afterPrev = ptr > 1 ? entryDiff(cur, ops, true, d, recOff(cur, ptr - 1), s0, s1) < 0
                : ptrIsNull(cur, sibling(cur, bp, false));
        boolean beforeNext = ptr < n ? entryDiff(cur, ops, true, d, recOff(cur, ptr + 1), s0, s1) > 0
                : ptrIsNull(cur, sibling(cur, bp, true));
        if (!afterPrev || !beforeNext) {
            return false;
        }
        update(cur, cur.rec());
        return true;
    }

    // ---- insert and delete ----

    /**
     * Ports xfs_btree_insert: inserts the search record at the cursor (after a lookup that returned 0). A split
     * that reaches the root invalidates the cursor's path: look up again before using it.
     */
    public static int insert(BtreeCursor cur) throws XfsException {
        return BtreeInsert.insert(cur);
    }

    /**
     * Ports xfs_btree_delete: removes the record at the cursor and rebalances. The cursor is left where the record
     * was; returns 0 when there was no record there.
     */
    public static int delete(BtreeCursor cur) throws XfsException {
        return BtreeDelete.delete(cur);
    }

    // ---- whole-tree walks ----

    /** What {@link #visitBlocks} calls for every block, level by level from the root, left to right. */
    @FunctionalInterface
    public interface BlockVisitor {
        void visit(BtreeCursor cur, int level, XfsBuf bp) throws XfsException;
    }

    /** What {@link #visitRecords} calls for every record in key order; return false to stop. */
    @FunctionalInterface
    public interface RecordVisitor {
        boolean visit(byte[] block, int recOff) throws XfsException;
    }

    /**
     * Ports xfs_btree_visit_blocks: each level is walked along its right-sibling chain, starting from the leftmost
     * block, which is found through the first pointer of the level above.
     */
    public static void visitBlocks(BtreeCursor cur, BlockVisitor fn) throws XfsException {
        long leftmost = cur.ops().initPtrFromCur(cur);
        for (int level = cur.nlevels - 1; level >= 0; level--) {
            XfsBuf bp = lookupGetBlock(cur, level, leftmost);
            if (level > 0) {
                leftmost = childPtr(cur, bp, 1);
            }
            while (true) {
                fn.visit(cur, level, bp);
                long right = sibling(cur, bp, true);
                if (ptrIsNull(cur, right)) {
                    break;
                }
                bp = readBufBlock(cur, right);
            }
        }
    }

    /**
     * Ports xfs_btree_count_blocks. Like the kernel's, the count includes a root held in an inode, which is no disk
     * block (xfs_bmap_count_blocks subtracts it).
     */
    public static long countBlocks(BtreeCursor cur) throws XfsException {
        long[] n = {0};
        visitBlocks(cur, (c, level, bp) -> n[0]++);
        return n[0];
    }

    /** Ports xfs_btree_query_all: every record, in order, by walking the leaf level's sibling chain. */
    public static void visitRecords(BtreeCursor cur, RecordVisitor fn) throws XfsException {
        long ptr = cur.ops().initPtrFromCur(cur);
        for (int level = cur.nlevels - 1; level > 0; level--) {
            ptr = childPtr(cur, lookupGetBlock(cur, level, ptr), 1);
        }
        XfsBuf bp = lookupGetBlock(cur, 0, ptr);
        while (true) {
            int n = numrecs(bp);
            for (int i = 1; i <= n; i++) {
                if (!fn.visit(bp.data(), recOff(cur, i))) {
                    return;
                }
            }
            long right = sibling(cur, bp, true);
            if (ptrIsNull(cur, right)) {
                return;
            }
            bp = readBufBlock(cur, right);
        }
    }

    /**
     * Ports xfs_btree_compute_maxlevels: the height of the tallest tree holding {@code records} records when every
     * block is at its minimum fill, {@code minrecs[0]} for leaves and {@code minrecs[1]} for nodes.
     */
    public static int computeMaxLevels(int[] minrecs, long records) {
        long maxblocks = (records + minrecs[0] - 1) / minrecs[0];
        int level;
        for (level = 1; maxblocks > 1; level++) {
            maxblocks = (maxblocks + minrecs[1] - 1) / minrecs[1];
        }
        return level;
    }
}
