// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

/**
 * struct xfs_extent_busy: a range of an AG that a transaction freed and whose freeing is not yet on stable storage.
 * It sits in its AG's tree (for the allocator to avoid) and in the list of the transaction, later the checkpoint,
 * that freed it (for clearing). The allocator may shrink it when it reuses part of it for metadata; a length of 0
 * means it was taken out of the tree but is still on a list, which cannot be changed in place. Its rb_node links
 * place it in the AG's {@link RbTree}, ordered by start block.
 */
final class BusyExtent extends RbNode<BusyExtent> {
    /** XFS_EXTENT_BUSY_DISCARDED: a discard is running on it (never set here: no online discard). */
    static final int FLAG_DISCARDED = 1 << 0;
    /** XFS_EXTENT_BUSY_SKIP_DISCARD: metadata blocks (AGFL, allocbt) that need no discard when cleared. */
    static final int FLAG_SKIP_DISCARD = 1 << 1;

    final int agno;
    long bno;
    long length;
    final int flags;

    BusyExtent(int agno, long bno, long length, int flags) {
        this.agno = agno;
        this.bno = bno;
        this.length = length;
        this.flags = flags;
    }

    long end() {
        return bno + length;
    }

    @Override
    public String toString() {
        return "busy[ag " + agno + " " + bno + "+" + length + "]";
    }
}
