// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.buf;

import java.util.Arrays;
import org.jxfs.core.format.BufLogFormat;

/**
 * struct xfs_buf: a cached copy of {@code bbCount} 512-byte sectors at {@code daddr}. Transactions modify
 * {@link #data()} in place and declare the ranges they changed; the buffer lock serialises users as the kernel's
 * b_sema does (holding an AG's AGF buffer serialises allocation in that AG).
 */
public final class XfsBuf {
    /** XFS_BUF_DADDR_NULL: the disk address of a block that is not on disk (an inode-rooted btree's root). */
    public static final long DADDR_NULL = -1L;

    private final long daddr;
    private final int bbCount;
    private final byte[] data;
    /** b_sema; null for an in-core view, which nothing locks (a transaction never joins one). */
    private final BufLock lock;
    private volatile BufOps ops;
    private volatile boolean dirty;
    private volatile boolean stale;
    /** Kept in the cache for the life of the mount: something outside the cache holds on to this buffer. */
    private volatile boolean pinned;
    /**
     * b_transp: the transaction holding this buffer, and the buffer's slot in that transaction's list of joined
     * buffers, so joining, logging and "does this transaction hold it" are a field read instead of a map lookup.
     * Written only by the thread holding {@link #lock} (the owner sets it after locking and restores the previous
     * value before unlocking, which also covers a nested transaction of the same thread re-joining the buffer).
     */
    private Object transp;
    private int transSlot;
    /**
     * The LSN of the last committed transaction that logged this buffer (the buf log item's li_lsn), stamped into
     * the block's LSN field when it is written in place; 0 when no logged change is pending.
     */
    private volatile long lsn;
    /**
     * The 128-byte chunks logged since the last in-place write ({@link #addLogged}): the buf log item's dirty map
     * (blf_data_map), one bit per chunk; null until the first logged change, all clear after a write.
     */
    private long[] loggedMap;
    private boolean logged;

    XfsBuf(long daddr, int bbCount, BufOps ops) {
        this.daddr = daddr;
        this.bbCount = bbCount;
        this.data = new byte[bbCount << 9];
        this.ops = ops;
        this.lock = new BufLock();
    }

    private XfsBuf(byte[] data) {
        this.daddr = DADDR_NULL;
        this.bbCount = 0;
        this.data = data;
        this.lock = null;
    }

    /**
     * A buffer that is not backed by the disk: a view over in-core bytes, such as the btree root an inode fork
     * holds (if_broot), so that code written for blocks in buffers can read and change it. It has no disk address
     * ({@link #DADDR_NULL}), is never cached, and must never be joined to a transaction or logged as a buffer.
     */
    public static XfsBuf inCore(byte[] data) {
        return new XfsBuf(data);
    }

    /** True for a view made by {@link #inCore}. */
    public boolean isInCore() {
        return daddr == DADDR_NULL;
    }

    public long daddr() {
        return daddr;
    }

    /** Length in 512-byte basic blocks (BB). */
    public int bbCount() {
        return bbCount;
    }

    public int length() {
        return data.length;
    }

    public byte[] data() {
        return data;
    }

    public BufOps ops() {
        return ops;
    }

    /** Sets the verifier, as a caller does for a freshly allocated block (bp->b_ops = &xfs_bnobt_buf_ops). */
    public void setOps(BufOps ops) {
        this.ops = ops;
    }

    public boolean dirty() {
        return dirty;
    }

    void setDirty(boolean d) {
        this.dirty = d;
    }

    public boolean stale() {
        return stale;
    }

    void setStale(boolean s) {
        this.stale = s;
    }

    boolean pinned() {
        return pinned;
    }

    void setPinned() {
        this.pinned = true;
    }

    public long lsn() {
        return lsn;
    }

    /**
     * Records the LSN of a checkpoint that logged this buffer (its log item's li_lsn), which its next in-place write
     * carries; an older checkpoint's LSN never replaces a newer one's.
     */
    public void raiseLsn(long lsn) {
        if (lsn > this.lsn) {
            this.lsn = lsn;
        }
    }

    /**
     * Adds bytes {@code first..last} to what has been logged since the buffer was last written in place: sets
     * their chunks in the dirty map (xfs_buf_item_log_segment). Called by the transaction logging the range, with
     * the buffer locked; writeback, which clears the map, runs with no transaction in flight.
     */
    public void addLogged(int first, int last) {
        if (loggedMap == null) {
            loggedMap = new long[(chunks() + 63) >>> 6];
        }
        for (int c = first >> BufLogFormat.CHUNK_SHIFT; c <= last >> BufLogFormat.CHUNK_SHIFT; c++) {
            loggedMap[c >>> 6] |= 1L << c;
        }
        logged = true;
    }

    /** The 128-byte chunks of the buffer (XFS_BLF_CHUNK units, the last one possibly partial). */
    public int chunks() {
        return (data.length + BufLogFormat.CHUNK - 1) >> BufLogFormat.CHUNK_SHIFT;
    }

    /** Whether chunk {@code c} has been logged since the last in-place write. */
    public boolean chunkLogged(int c) {
        return logged && (loggedMap[c >>> 6] & (1L << c)) != 0;
    }

    /** The buffer was written in place or invalidated: its log item starts with an empty dirty map again. */
    void clearLogged() {
        if (logged) {
            Arrays.fill(loggedMap, 0);
            logged = false;
        }
    }

    /** The transaction holding this buffer (b_transp), or null; only meaningful to the thread holding the lock. */
    public Object transp() {
        return transp;
    }

    /** The buffer's index in {@link #transp()}'s list of joined buffers. */
    public int transSlot() {
        return transSlot;
    }

    /** Records the holding transaction and slot; called by the transaction with the buffer locked. */
    public void setTransp(Object tp, int slot) {
        this.transp = tp;
        this.transSlot = slot;
    }

    public void lock() {
        lock.lock();
    }

    public boolean tryLock() {
        return lock.tryLock();
    }

    public void unlock() {
        lock.unlock();
    }

    public boolean heldByCurrentThread() {
        return lock != null && lock.heldByCurrentThread();
    }

    @Override
    public String toString() {
        return (ops == null ? "buf" : ops.name()) + "@daddr 0x" + Long.toHexString(daddr) + "/" + bbCount;
    }
}
