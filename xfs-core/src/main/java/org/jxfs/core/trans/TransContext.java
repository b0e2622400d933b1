// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.trans;

import org.jxfs.core.ShutdownException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.BufCache;

/**
 * What a transaction needs from its mount (tp->t_mountp): the buffer cache, the shutdown state, the free-block
 * counter it reserves from and gives back to, and the hook that makes committed changes durable.
 */
public interface TransContext {
    BufCache bufCache();

    /** Throws ShutdownException when the filesystem has been shut down. */
    void checkShutdown() throws ShutdownException;

    /** xfs_force_shutdown: after this nothing more is written. */
    void shutdown(String reason);

    /** Takes {@code blocks} from the free-block counter (xfs_dec_fdblocks); NoSpaceException when short. */
    void reserveBlocks(long blocks) throws XfsException;

    /**
     * {@link #reserveBlocks(long)} for a transaction that may use the reserve pool (XFS_TRANS_RESERVE) when
     * {@code rsvd}; a context without a pool treats both alike.
     */
    default void reserveBlocks(long blocks, boolean rsvd) throws XfsException {
        reserveBlocks(blocks);
    }

    /** Returns unused reservation or freed blocks to the counter (xfs_add_fdblocks). */
    void unreserveBlocks(long blocks);

    /** Applies a committed transaction's superblock counter deltas (xfs_trans_apply_sb_deltas). */
    void applySbDeltas(long icount, long ifree, long fdblocks);

    /**
     * Hands a committing transaction to the log's CIL ({@link Trans#logItems}) and returns its CIL sequence; a
     * context without a log returns 0.
     */
    default long logTransaction(Trans tp) throws XfsException {
        return 0;
    }

    /** Called after a commit wrote its buffers, so the mount can write the items it tracks (inodes, SB). */
    void afterCommit(Trans tp) throws XfsException;

    /** A transaction starts: writeback waits until no transaction is half-way through. */
    default void transBegin() {
    }

    /** A transaction ended (committed or cancelled). */
    default void transEnd() {
    }

    /** After a commit, outside any transaction of this thread: a chance to write back dirty buffers. */
    default void transWriteback() throws XfsException {
    }
}
