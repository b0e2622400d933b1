// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.buf;

import java.util.concurrent.locks.ReentrantLock;

/**
 * struct xfs_buf: a cached copy of {@code bbCount} 512-byte sectors at {@code daddr}. Transactions modify
 * {@link #data()} in place and declare the ranges they changed; the buffer lock serialises users as the kernel's
 * b_sema does (holding an AG's AGF buffer serialises allocation in that AG).
 */
public final class XfsBuf {
    private final long daddr;
    private final int bbCount;
    private final byte[] data;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile BufOps ops;
    private volatile boolean dirty;
    private volatile boolean stale;

    XfsBuf(long daddr, int bbCount, BufOps ops) {
        this.daddr = daddr;
        this.bbCount = bbCount;
        this.data = new byte[bbCount << 9];
        this.ops = ops;
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
        return lock.isHeldByCurrentThread();
    }

    @Override
    public String toString() {
        return (ops == null ? "buf" : ops.name()) + "@daddr 0x" + Long.toHexString(daddr) + "/" + bbCount;
    }
}
