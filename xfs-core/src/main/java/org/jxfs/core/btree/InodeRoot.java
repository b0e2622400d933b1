// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import org.jxfs.core.trans.Trans;

/**
 * What the btree engine needs from an inode fork that holds a btree's root (XFS_BTREE_ROOT_IN_INODE: the bmbt's
 * if_broot). The kernel keeps that root in memory in the form of an ordinary long-form block, so that the engine
 * can treat it like any other block, and only converts it to the compact on-disk form (xfs_bmdr_block: level,
 * numrecs, keys, pointers) when the inode is written. This interface follows that split.
 *
 * <p>The in-core root ({@link #broot()}) is laid out exactly as the kernel's if_broot: the tree's block header
 * ({@link BtreeOps#blockLen()} bytes: 72 for the v5 long form, with a null disk address, null siblings, the tree's
 * magic, the filesystem uuid and the inode as owner), then {@link #maxRecs()} keys, then {@link #maxRecs()}
 * pointers; the pointers therefore move whenever the capacity changes. The array may be longer than that (a
 * reused buffer), never shorter. The root is always a node (level 1 or more): a tree small enough for its
 * records to fit in the fork is kept in the fork's EXTENTS format instead, which is the bmap layer's business.
 *
 * <p>Capacity follows the kernel: the engine grows the root by one entry before inserting into a full root
 * ({@link #realloc}(1), as xfs_btree_make_block_unfull does) as long as the fork's literal area has room
 * ({@link #forkMaxRecs()}); when it has not, the root's contents move into a new block (xfs_btree_new_iroot). It
 * shrinks the root by one after deleting from it, so capacity and numrecs stay equal.
 */
public interface InodeRoot {
    /** XFS_ILOG_CORE: the inode core changed (nblocks, or the root's level). */
    int LOG_CORE = 1 << 0;
    /** xfs_ilog_fbroot(whichfork): the fork's btree root changed. */
    int LOG_BROOT = 1 << 1;

    /** if_broot: the in-core root block. Read it again after {@link #realloc}, which may replace the array. */
    byte[] broot();

    /** Entries the in-core root has room for (xfs_bmbt_maxrecs(if_broot_bytes), the root's get_maxrecs). */
    int maxRecs();

    /**
     * Entries the fork's literal area can hold in its on-disk form (get_dmaxrecs for the root level:
     * xfs_bmdr_maxrecs(forksize, 0)). Depends on the fork size, so an attr fork makes it smaller.
     */
    int forkMaxRecs();

    /**
     * Ports xfs_iroot_realloc: changes the root's capacity by {@code recDiff} entries, keeping the header and keys
     * in place and moving the pointers to their new offset. Growing beyond {@link #forkMaxRecs()} or shrinking
     * below zero is a caller's error: it throws IllegalArgumentException, as the kernel ASSERTs.
     */
    void realloc(int recDiff);

    /**
     * Ports xfs_trans_log_inode for the root: {@code flags} is {@link #LOG_BROOT}, with {@link #LOG_CORE} when the
     * inode core changed too. The inode's owner writes the root back into the fork (xfs_bmbt_to_bmdr) when the
     * transaction commits.
     */
    void log(Trans tp, int flags);
}
