// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

/**
 * The in-core extent list of one fork (xfs_iext_tree.c): a B+tree of {@link IextLeaf} blocks holding packed
 * {@link BmbtRec} words in primitive arrays, and {@link IextNode} inner blocks keyed by startoff. No object per
 * extent: a million extents cost about 16.5 bytes each ({@link #retainedBytes()}).
 *
 * <p>As in the kernel, everything is cursor based: lookups position an {@link IextCursor}, and insert, remove and
 * update act at a cursor, so bmap's add/del-extent code can look at neighbours and change them without searching
 * again. Records must not overlap; the tree does not check, just as the kernel's does not.
 */
public final class IextTree {
    /** RECS_PER_LEAF: the kernel fits 15 in 256 bytes; larger leaves make the lookup walk shorter. */
    public static final int RECS_PER_LEAF = 128;
    /** Leaf arrays grow and shrink in steps of this many records. */
    public static final int LEAF_GROW_RECS = 8;
    /** KEYS_PER_NODE. */
    public static final int KEYS_PER_NODE = 64;

    /** Retained-size model (64-bit JVM, 12-byte headers, compressed oops counted as 8 bytes to stay safe). */
    static final int ARRAY_HEADER_BYTES = 16;
    static final int REF_BYTES = 8;
    static final int LEAF_OBJECT_BYTES = 40;
    static final int NODE_OBJECT_BYTES = 24;

    private Object root;
    private int height;
    private long count;
    private long seq;
    private long leafCount;
    private long nodeCount;
    private long leafArrayLongs;

    /** xfs_iext_count: the number of records. */
    public long count() {
        return count;
    }

    /** if_height: 0 when empty, 1 when the root is a leaf. */
    public int height() {
        return height;
    }

    /** if_seq: bumped on every change, so a cached mapping can tell it went stale. */
    public long seq() {
        return seq;
    }

    /**
     * The retained size of the tree by its own accounting: every array at 8 bytes per long (and per reference),
     * plus array headers and the leaf and node objects.
     */
    public long retainedBytes() {
        long leaves = leafArrayLongs * Long.BYTES + leafCount * (ARRAY_HEADER_BYTES + LEAF_OBJECT_BYTES);
        long nodes = nodeCount * ((long) KEYS_PER_NODE * (Long.BYTES + REF_BYTES) + 2 * ARRAY_HEADER_BYTES
                + NODE_OBJECT_BYTES);
        return leaves + nodes;
    }

    // ---- iteration ----

    private IextLeaf findFirstLeaf() {
        Object node = root;
        for (int h = height; h > 1; h--) {
            node = ((IextNode) node).ptrs[0];
        }
        return (IextLeaf) node;
    }

    private IextLeaf findLastLeaf() {
        Object node = root;
        for (int h = height; h > 1; h--) {
            IextNode n = (IextNode) node;
            node = n.ptrs[n.nr - 1];
        }
        return (IextLeaf) node;
    }

    /** Ports xfs_iext_first. */
    public void first(IextCursor cur) {
        cur.pos = 0;
        cur.leaf = findFirstLeaf();
    }

    /** Ports xfs_iext_last. */
    public void last(IextCursor cur) {
        cur.leaf = findLastLeaf();
        cur.pos = cur.leaf == null ? 0 : cur.leaf.nr - 1;
    }

    /**
     * Ports xfs_iext_next. A cursor that points nowhere moves to the first record, so walking from a fresh cursor
     * visits everything; at the end the cursor stays past the last record (invalid).
     */
    public void next(IextCursor cur) {
        if (cur.leaf == null) {
            first(cur);
            return;
        }
        cur.pos++;
        if (cur.pos >= cur.leaf.nr && cur.leaf.next != null) {
            cur.leaf = cur.leaf.next;
            cur.pos = 0;
        }
    }

    /** Ports xfs_iext_prev: the mirror of {@link #next}; before the first record the cursor is left invalid. */
    public void prev(IextCursor cur) {
        if (cur.leaf == null) {
            last(cur);
            return;
        }
        cur.pos--;
        if (cur.pos < 0 && cur.leaf.prev != null) {
            cur.leaf = cur.leaf.prev;
            cur.pos = cur.leaf.nr - 1;
        }
    }

    /** Ports xfs_iext_get_extent: the record at the cursor, or null if the cursor points nowhere. */
    public BmbtIrec getExtent(IextCursor cur) {
        if (!cur.isValid()) {
            return null;
        }
        return BmbtRec.unpack(cur.leaf.hi(cur.pos), cur.leaf.lo(cur.pos));
    }

    /** Ports xfs_iext_next_extent: step forward and return the record there (null past the end). */
    public BmbtIrec nextExtent(IextCursor cur) {
        next(cur);
        return getExtent(cur);
    }

    /** Ports xfs_iext_prev_extent. */
    public BmbtIrec prevExtent(IextCursor cur) {
        prev(cur);
        return getExtent(cur);
    }

    /** Ports xfs_iext_peek_next_extent: the next record, leaving {@code cur} where it is. */
    public BmbtIrec peekNextExtent(IextCursor cur) {
        return nextExtent(cur.copy());
    }

    /** Ports xfs_iext_peek_prev_extent: the left neighbour bmap's merge code asks for. */
    public BmbtIrec peekPrevExtent(IextCursor cur) {
        return prevExtent(cur.copy());
    }

    // ---- lookup ----

    /** Ports xfs_iext_find_level: the block at {@code level} (1 = leaf) whose key range holds {@code offset}. */
    private Object findLevel(long offset, int level) {
        Object node = root;
        for (int h = height; h > level && node != null; h--) {
            IextNode n = (IextNode) node;
            node = n.ptrs[n.pos(offset)];
        }
        return node;
    }

    /**
     * Ports xfs_iext_lookup_extent: the extent containing {@code offset}, else the first one after it, with
     * {@code cur} pointing at it. Returns null (a miss, not an error) when {@code offset} lies beyond the last
     * extent; the cursor is then left just past the last record, where {@link #insert} appends. Returning the
     * following extent on a hole is what bmapi needs to size the hole without a second search.
     */
    public BmbtIrec lookupExtent(long offset, IextCursor cur) {
        return seek(offset, cur) ? BmbtRec.unpack(cur.leaf.hi(cur.pos), cur.leaf.lo(cur.pos)) : null;
    }

    /**
     * {@link #lookupExtent} without building the record: positions {@code cur} and returns whether it points at
     * an extent. Read the fields with {@link #startoff}, {@link #blockcount}, {@link #startblock}.
     */
    public boolean seek(long offset, IextCursor cur) {
        IextLeaf leaf = (IextLeaf) findLevel(offset, 1);
        cur.leaf = leaf;
        if (leaf == null) {
            cur.pos = 0;
            return false;
        }
        int lo = 0, hi = leaf.nr;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (leaf.endoff(mid) <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        cur.pos = lo;
        if (lo < leaf.nr) {
            return true;
        }
        if (leaf.next == null) {
            return false;
        }
        cur.leaf = leaf.next;
        cur.pos = 0;
        return cur.isValid();
    }

    /**
     * Ports xfs_iext_lookup_extent_before: the last extent that starts before {@code end}. Returns null if there is
     * none; the caller clips its range to the returned extent's end as the kernel does with *end.
     */
    public BmbtIrec lookupExtentBefore(long end, IextCursor cur) {
        BmbtIrec got = lookupExtent(end - 1, cur);
        if (got != null && got.startoff() <= end - 1) {
            return got;
        }
        return prevExtent(cur);
    }

    public long startoff(IextCursor cur) {
        return cur.leaf.startoff(cur.pos);
    }

    public long blockcount(IextCursor cur) {
        return BmbtRec.blockcount(cur.leaf.lo(cur.pos));
    }

    public long startblock(IextCursor cur) {
        return BmbtRec.startblock(cur.leaf.hi(cur.pos), cur.leaf.lo(cur.pos));
    }

    // ---- update ----

    /**
     * Ports xfs_iext_update_extent: rewrites the record at {@code cur} in place. If the first record of a leaf
     * changes its startoff, the keys above it change too, so later lookups still descend to this leaf.
     */
    public void updateExtent(IextCursor cur, BmbtIrec irec) {
        assert cur.isValid();
        seq++;
        IextLeaf leaf = cur.leaf;
        if (cur.pos == 0) {
            long old = leaf.key();
            if (irec.startoff() != old) {
                updateNode(old, irec.startoff(), 1, leaf);
            }
        }
        leaf.set(cur.pos, BmbtRec.hi(irec), BmbtRec.lo(irec));
    }

    /**
     * Ports xfs_iext_update_node: replaces key {@code oldOffset} by {@code newOffset} on the path down to
     * {@code ptr} at {@code level}, so every inner key stays the first startoff of its subtree.
     */
    private void updateNode(long oldOffset, long newOffset, int level, Object ptr) {
        Object node = root;
        for (int h = height; h > level; h--) {
            IextNode n = (IextNode) node;
            int i = n.pos(oldOffset);
            if (n.keys[i] == oldOffset) {
                n.keys[i] = newOffset;
            }
            node = n.ptrs[i];
        }
        assert node == ptr : "iext key path broken at " + oldOffset;
    }

    // ---- insert ----

    /**
     * Ports xfs_iext_insert_raw: inserts {@code irec} before the record at {@code cur} (or appends, if the cursor
     * is past the last record or points nowhere) and leaves {@code cur} on the new record. A full leaf splits in
     * half, except when the insert is at its very end: then the record spills into a new empty leaf, so a file
     * written sequentially packs its leaves full.
     */
    public void insert(IextCursor cur, BmbtIrec irec) {
        long offset = irec.startoff();
        long hi = BmbtRec.hi(irec), lo = BmbtRec.lo(irec);
        seq++;
        if (height == 0) {
            IextLeaf leaf = new IextLeaf(LEAF_GROW_RECS);
            accountLeaf(leaf, 1);
            root = leaf;
            height = 1;
            cur.leaf = leaf;
            cur.pos = 0;
        } else if (cur.leaf == null) {
            cur.leaf = findLastLeaf();
            cur.pos = cur.leaf.nr;
        }
        assert cur.pos >= 0 && cur.pos <= cur.leaf.nr : cur;
        IextLeaf newLeaf = null;
        if (cur.leaf.nr == RECS_PER_LEAF) {
            newLeaf = splitLeaf(cur);
        }
        IextLeaf leaf = cur.leaf;
        if (leaf != newLeaf && cur.pos == 0 && leaf.nr > 0) {
            updateNode(leaf.key(), offset, 1, leaf);
        }
        leafArrayLongs -= leaf.recs.length;
        leaf.insertAt(cur.pos, hi, lo);
        leafArrayLongs += leaf.recs.length;
        count++;
        if (newLeaf != null) {
            insertNode(newLeaf.key(), newLeaf, 2);
        }
    }

    /** Ports xfs_iext_split_leaf; moves the cursor into whichever half receives the insert. */
    private IextLeaf splitLeaf(IextCursor cur) {
        IextLeaf leaf = cur.leaf;
        IextLeaf fresh;
        if (cur.pos == RECS_PER_LEAF) {
            fresh = new IextLeaf(LEAF_GROW_RECS);
            cur.leaf = fresh;
            cur.pos = 0;
        } else {
            int nrMove = RECS_PER_LEAF / 2;
            int nrKeep = RECS_PER_LEAF - nrMove;
            fresh = new IextLeaf(IextLeaf.roundUp(nrMove + 1));
            fresh.append(leaf, nrKeep, nrMove);
            leafArrayLongs -= leaf.recs.length;
            leaf.nr = nrKeep;
            leaf.trim(1);
            leafArrayLongs += leaf.recs.length;
            if (cur.pos >= nrKeep) {
                cur.leaf = fresh;
                cur.pos -= nrKeep;
            }
        }
        accountLeaf(fresh, 1);
        if (leaf.next != null) {
            leaf.next.prev = fresh;
        }
        fresh.next = leaf.next;
        fresh.prev = leaf;
        leaf.next = fresh;
        return fresh;
    }

    /** Ports xfs_iext_grow: a new root above the old one. */
    private void grow() {
        IextNode node = new IextNode();
        nodeCount++;
        node.keys[0] = height == 1 ? ((IextLeaf) root).key() : ((IextNode) root).keys[0];
        node.ptrs[0] = root;
        node.nr = 1;
        root = node;
        height++;
    }

    /** Ports xfs_iext_insert_node: adds child {@code ptr} with key {@code offset} at {@code level}, splitting up. */
    private void insertNode(long offset, Object ptr, int level) {
        while (true) {
            if (height < level) {
                grow();
            }
            IextNode node = (IextNode) findLevel(offset, level);
            int pos = node.insertPos(offset);
            assert pos >= node.nr || node.keys[pos] != offset;
            IextNode fresh = null;
            if (node.nr == KEYS_PER_NODE) {
                fresh = new IextNode();
                nodeCount++;
                if (pos == KEYS_PER_NODE) {
                    node = fresh;
                    pos = 0;
                } else {
                    int nrMove = KEYS_PER_NODE / 2;
                    int nrKeep = KEYS_PER_NODE - nrMove;
                    System.arraycopy(node.keys, nrKeep, fresh.keys, 0, nrMove);
                    System.arraycopy(node.ptrs, nrKeep, fresh.ptrs, 0, nrMove);
                    java.util.Arrays.fill(node.ptrs, nrKeep, KEYS_PER_NODE, null);
                    node.nr = nrKeep;
                    fresh.nr = nrMove;
                    if (pos >= nrKeep) {
                        node = fresh;
                        pos -= nrKeep;
                    }
                }
            }
            if (node != fresh && pos == 0 && node.nr > 0) {
                updateNode(node.keys[0], offset, level, node);
            }
            System.arraycopy(node.keys, pos, node.keys, pos + 1, node.nr - pos);
            System.arraycopy(node.ptrs, pos, node.ptrs, pos + 1, node.nr - pos);
            node.keys[pos] = offset;
            node.ptrs[pos] = ptr;
            node.nr++;
            if (fresh == null) {
                return;
            }
            offset = fresh.keys[0];
            ptr = fresh;
            level++;
        }
    }

    // ---- remove ----

    /**
     * Ports xfs_iext_remove: deletes the record at {@code cur}, leaving the cursor on the record that followed it
     * (or pointing nowhere if it was the last). A leaf that drops below half full is merged into a neighbour when
     * they fit in one leaf, which keeps the tree's height and memory proportional to the records it holds.
     */
    public void remove(IextCursor cur) {
        assert height > 0 && cur.isValid() : cur;
        IextLeaf leaf = cur.leaf;
        long offset = leaf.key();
        seq++;
        leafArrayLongs -= leaf.recs.length;
        leaf.removeAt(cur.pos);
        leafArrayLongs += leaf.recs.length;
        count--;
        int nrEntries = leaf.nr;
        if (cur.pos == 0 && nrEntries > 0) {
            updateNode(offset, leaf.key(), 1, leaf);
            offset = leaf.key();
        } else if (cur.pos == nrEntries) {
            cur.leaf = height > 1 ? leaf.next : null;
            cur.pos = 0;
        }
        if (nrEntries >= RECS_PER_LEAF / 2) {
            return;
        }
        if (height > 1) {
            rebalanceLeaf(cur, leaf, offset, nrEntries);
        } else if (nrEntries == 0) {
            accountLeaf(leaf, -1);
            root = null;
            height = 0;
            cur.leaf = null;
            cur.pos = 0;
        }
    }

    /** Ports xfs_iext_rebalance_leaf: merge into prev, or pull next in; otherwise leave the leaf as it is. */
    private void rebalanceLeaf(IextCursor cur, IextLeaf leaf, long offset, int nrEntries) {
        IextLeaf victim = null;
        if (nrEntries == 0) {
            victim = leaf;
        } else if (leaf.prev != null && leaf.prev.nr + nrEntries <= RECS_PER_LEAF) {
            IextLeaf prev = leaf.prev;
            int nrPrev = prev.nr;
            leafArrayLongs -= prev.recs.length;
            prev.append(leaf, 0, nrEntries);
            leafArrayLongs += prev.recs.length;
            if (cur.leaf == leaf) {
                cur.leaf = prev;
                cur.pos += nrPrev;
            }
            victim = leaf;
        } else if (leaf.next != null && nrEntries + leaf.next.nr <= RECS_PER_LEAF) {
            // Merge the next leaf into this one, so that the keys above this leaf stay as they are.
            IextLeaf next = leaf.next;
            leafArrayLongs -= leaf.recs.length;
            leaf.append(next, 0, next.nr);
            leafArrayLongs += leaf.recs.length;
            if (cur.leaf == next) {
                cur.leaf = leaf;
                cur.pos += nrEntries;
            }
            offset = next.key();
            victim = next;
        }
        if (victim == null) {
            return;
        }
        if (victim.prev != null) {
            victim.prev.next = victim.next;
        }
        if (victim.next != null) {
            victim.next.prev = victim.prev;
        }
        accountLeaf(victim, -1);
        removeNode(offset, victim);
    }

    /** Ports xfs_iext_remove_node: unhooks {@code victim} from its parent and rebalances upwards. */
    private void removeNode(long offset, Object victim) {
        int level = 2;
        IextNode node = (IextNode) findLevel(offset, level);
        int pos = node.pos(offset);
        while (true) {
            assert node.ptrs[pos] == victim : "iext remove lost its victim at " + offset;
            int nrEntries = node.nr - 1;
            offset = node.keys[0];
            System.arraycopy(node.keys, pos + 1, node.keys, pos, nrEntries - pos);
            System.arraycopy(node.ptrs, pos + 1, node.ptrs, pos, nrEntries - pos);
            node.ptrs[nrEntries] = null;
            node.nr = nrEntries;
            if (pos == 0 && nrEntries > 0) {
                updateNode(offset, node.keys[0], level, node);
                offset = node.keys[0];
            }
            if (nrEntries >= KEYS_PER_NODE / 2) {
                return;
            }
            if (level < height) {
                level++;
                IextNode parent = (IextNode) findLevel(offset, level);
                pos = parent.pos(offset);
                assert parent.ptrs[pos] == node;
                int[] posRef = {pos};
                IextNode gone = rebalanceNode(parent, posRef, node, nrEntries);
                if (gone == null) {
                    return;
                }
                nodeCount--;
                pos = posRef[0];
                victim = gone;
                node = parent;
            } else {
                if (nrEntries == 1) {
                    // At the root with a single child left: the child becomes the root.
                    root = node.ptrs[0];
                    height--;
                    nodeCount--;
                }
                return;
            }
        }
    }

    /** Ports xfs_iext_rebalance_node: returns the node to free (this one or its next sibling), or null. */
    private static IextNode rebalanceNode(IextNode parent, int[] pos, IextNode node, int nrEntries) {
        if (nrEntries == 0) {
            return node;
        }
        if (pos[0] > 0) {
            IextNode prev = (IextNode) parent.ptrs[pos[0] - 1];
            if (prev.nr + nrEntries <= KEYS_PER_NODE) {
                System.arraycopy(node.keys, 0, prev.keys, prev.nr, nrEntries);
                System.arraycopy(node.ptrs, 0, prev.ptrs, prev.nr, nrEntries);
                prev.nr += nrEntries;
                return node;
            }
        }
        if (pos[0] + 1 < parent.nr) {
            IextNode next = (IextNode) parent.ptrs[pos[0] + 1];
            if (nrEntries + next.nr <= KEYS_PER_NODE) {
                System.arraycopy(next.keys, 0, node.keys, nrEntries, next.nr);
                System.arraycopy(next.ptrs, 0, node.ptrs, nrEntries, next.nr);
                node.nr += next.nr;
                pos[0]++;
                return next;
            }
        }
        return null;
    }

    /** Ports xfs_iext_destroy: drops every record. */
    public void destroy() {
        root = null;
        height = 0;
        count = 0;
        leafCount = 0;
        nodeCount = 0;
        leafArrayLongs = 0;
        seq++;
    }

    private void accountLeaf(IextLeaf leaf, int sign) {
        leafCount += sign;
        leafArrayLongs += (long) sign * leaf.recs.length;
    }

    /** For the consistency checker in tests. */
    Object root() {
        return root;
    }

    long leafArrayLongs() {
        return leafArrayLongs;
    }

    long leafCount() {
        return leafCount;
    }

    long nodeCount() {
        return nodeCount;
    }
}
