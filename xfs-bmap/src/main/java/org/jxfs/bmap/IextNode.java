// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

/**
 * struct xfs_iext_node: an inner block, {@code nr} keys (the first startoff below each child) and children (each an
 * {@link IextNode} or, one level above the leaves, an {@link IextLeaf}). The kernel marks unused keys with
 * XFS_IEXT_KEY_INVALID; here the count is explicit.
 */
final class IextNode {
    final long[] keys = new long[IextTree.KEYS_PER_NODE];
    final Object[] ptrs = new Object[IextTree.KEYS_PER_NODE];
    int nr;

    /** xfs_iext_node_pos: the child whose range holds {@code offset} (the last key <= offset, else the first). */
    int pos(long offset) {
        int lo = 1, hi = nr;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    /** xfs_iext_node_insert_pos: the first key greater than {@code offset}, or nr. */
    int insertPos(long offset) {
        int lo = 0, hi = nr;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
