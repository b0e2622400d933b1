// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

/** Test helper: walks an {@link IextTree} and checks every structural invariant; returns null or the failure. */
final class IextTreeCheck {
    private IextTreeCheck() {
    }

    static String check(IextTree t) {
        Object root = t.root();
        if (t.height() == 0) {
            return root == null && t.count() == 0 ? null : "empty tree with root or count";
        }
        long[] counters = new long[3]; // records, leaves, nodes
        long[] arrayLongs = new long[1];
        IextLeaf[] lastLeaf = new IextLeaf[1];
        String fail = walk(root, t.height(), Long.MIN_VALUE, Long.MAX_VALUE, counters, arrayLongs, lastLeaf, true);
        if (fail != null) {
            return fail;
        }
        if (counters[0] != t.count()) {
            return "count " + t.count() + " but " + counters[0] + " records";
        }
        if (counters[1] != t.leafCount() || counters[2] != t.nodeCount()) {
            return "leaf/node accounting " + t.leafCount() + "/" + t.nodeCount() + " vs " + counters[1] + "/"
                    + counters[2];
        }
        if (arrayLongs[0] != t.leafArrayLongs()) {
            return "leaf array accounting " + t.leafArrayLongs() + " vs " + arrayLongs[0];
        }
        if (lastLeaf[0].next != null) {
            return "last leaf has a next";
        }
        return null;
    }

    private static String walk(Object block, int level, long lowKey, long highKey, long[] counters,
            long[] arrayLongs, IextLeaf[] lastLeaf, boolean isRoot) {
        if (level == 1) {
            IextLeaf leaf = (IextLeaf) block;
            counters[0] += leaf.nr;
            counters[1]++;
            arrayLongs[0] += leaf.recs.length;
            if (leaf.nr == 0 || leaf.nr > IextTree.RECS_PER_LEAF || leaf.nr > leaf.capacity()) {
                return "leaf with " + leaf.nr + " records, capacity " + leaf.capacity();
            }
            if (leaf.prev != lastLeaf[0] || (lastLeaf[0] != null && lastLeaf[0].next != leaf)) {
                return "leaf links broken at key " + leaf.key();
            }
            if (lastLeaf[0] != null && lastLeaf[0].endoff(lastLeaf[0].nr - 1) > leaf.startoff(0)) {
                return "records overlap across leaves at " + leaf.key();
            }
            lastLeaf[0] = leaf;
            for (int i = 0; i < leaf.nr; i++) {
                long off = leaf.startoff(i);
                if (off < lowKey || off >= highKey) {
                    return "record " + off + " outside key range [" + lowKey + ", " + highKey + ")";
                }
                if (i > 0 && leaf.endoff(i - 1) > off) {
                    return "records overlap at " + off;
                }
            }
            return null;
        }
        IextNode node = (IextNode) block;
        counters[2]++;
        if (node.nr < (isRoot ? 2 : 1) || node.nr > IextTree.KEYS_PER_NODE) {
            return "node with " + node.nr + " entries at level " + level;
        }
        for (int i = 0; i < node.nr; i++) {
            long key = node.keys[i];
            long next = i + 1 < node.nr ? node.keys[i + 1] : highKey;
            if (key >= next) {
                return "node keys out of order at " + key;
            }
            Object child = node.ptrs[i];
            long childKey = level == 2 ? ((IextLeaf) child).key() : ((IextNode) child).keys[0];
            if (childKey != key) {
                return "key " + key + " but child starts at " + childKey + " (level " + level + ")";
            }
            String fail = walk(child, level - 1, key, next, counters, arrayLongs, lastLeaf, false);
            if (fail != null) {
                return fail;
            }
        }
        for (int i = node.nr; i < IextTree.KEYS_PER_NODE; i++) {
            if (node.ptrs[i] != null) {
                return "stale pointer in unused slot";
            }
        }
        return null;
    }
}
