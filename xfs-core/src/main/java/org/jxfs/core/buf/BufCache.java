// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.buf;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jxfs.core.ErrorInjection;
import org.jxfs.core.ErrorTag;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsIoException;
import org.jxfs.core.dev.BlockDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buffer cache of one device (xfs_buf.c / struct xfs_buftarg): buffers keyed by disk address, read through
 * their verifiers and written back through them. Buffers are never partially overlapping by construction (each
 * metadata object has one address and length), which the cache checks.
 */
public final class BufCache {
    private static final Logger LOG = LoggerFactory.getLogger(BufCache.class);

    private final BlockDevice dev;
    private final VerifyContext ctx;
    /**
     * Buffers by disk address. A primitive-keyed map under its own monitor rather than a ConcurrentHashMap<Long,..>:
     * every buffer lookup of every transaction boxed its address; the critical sections are a hash probe each.
     */
    /**
     * The cached buffers, split into independently locked segments by disk address, as the kernel splits its
     * buffer hash per AG (pag_buf_hash): threads allocating in different AGs rarely meet on a lock.
     */
    private final Long2ObjectOpenHashMap<XfsBuf>[] segments = newSegments();
    static final int SEGMENTS = 64;

    @SuppressWarnings("unchecked")
    private static Long2ObjectOpenHashMap<XfsBuf>[] newSegments() {
        Long2ObjectOpenHashMap<XfsBuf>[] segs = new Long2ObjectOpenHashMap[SEGMENTS];
        for (int i = 0; i < SEGMENTS; i++) {
            segs[i] = new Long2ObjectOpenHashMap<>();
        }
        return segs;
    }

    private Long2ObjectOpenHashMap<XfsBuf> segment(long daddr) {
        return segments[(int) it.unimi.dsi.fastutil.HashCommon.mix(daddr) & (SEGMENTS - 1)];
    }

    /**
     * A direct-mapped array in front of the segments: the buffer last found or made for a slot's addresses, read
     * without a lock. A hit must still be the block asked for and not stale; the segments stay the authority, and
     * every path that changes which buffer stands for a block ({@link #get}, {@link #purgeClean}) updates it.
     * Buffers are immutable in their address, length and data array (final fields), so a racy read sees them whole.
     */
    private final XfsBuf[] front = new XfsBuf[FRONT_SLOTS];
    static final int FRONT_SLOTS = 4096;

    static int frontSlot(long daddr) {
        return (int) (daddr ^ (daddr >>> 12)) & (FRONT_SLOTS - 1);
    }
    private final ErrorInjection errors = new ErrorInjection();
    private final java.util.concurrent.atomic.AtomicInteger dirtyCount = new java.util.concurrent.atomic.AtomicInteger();

    public BufCache(BlockDevice dev, VerifyContext ctx) {
        this.dev = dev;
        this.ctx = ctx;
    }

    /** The fault-injection switches of this cache (and its mount). */
    public ErrorInjection errors() {
        return errors;
    }

    public BlockDevice device() {
        return dev;
    }

    public VerifyContext context() {
        return ctx;
    }

    /**
     * Ports xfs_buf_read: returns the cached buffer or reads it from disk and runs the read verifier (CRC, then
     * structure). A failed check throws FsCorruptedException naming the structure, its disk address and the check.
     */
    public XfsBuf read(long daddr, int bbCount, BufOps ops) throws FsCorruptedException, XfsIoException {
        int slot = frontSlot(daddr);
        XfsBuf bp = front[slot];
        if (bp == null || bp.daddr() != daddr || bp.stale()) {
            Long2ObjectOpenHashMap<XfsBuf> bufs = segment(daddr);
            synchronized (bufs) {
                bp = bufs.get(daddr);
                if (bp != null && !bp.stale()) {
                    front[slot] = bp;
                }
            }
        }
        if (bp != null && !bp.stale()) {
            checkLength(bp, bbCount);
            if (ops != null && bp.ops() != ops && (bp.ops() == null || !bp.ops().name().equals(ops.name()))) {
                if (bp.ops() == null) {
                    verifyRead(bp, ops);
                    bp.setOps(ops);
                } else {
                    throw corrupt(ops, daddr, "block is cached as " + bp.ops().name());
                }
            }
            return bp;
        }
        XfsBuf fresh = new XfsBuf(daddr, bbCount, ops);
        errors.check(ErrorTag.BUF_READ_IO, "read", daddr);
        dev.read(daddr << 9, fresh.data(), 0, fresh.length());
        if (ops != null) {
            verifyRead(fresh, ops);
        }
        Long2ObjectOpenHashMap<XfsBuf> bufs = segment(daddr);
        synchronized (bufs) {
            XfsBuf prev = bufs.putIfAbsent(daddr, fresh);
            if (prev != null && !prev.stale()) {
                front[slot] = prev;
                return prev;
            }
            if (prev != null) {
                bufs.put(daddr, fresh);
            }
            front[slot] = fresh;
        }
        return fresh;
    }

    /** Reads raw sectors without caching or verifying (for probing and the log). */
    public void readUncached(long daddr, byte[] dst) throws XfsIoException {
        dev.read(daddr << 9, dst, 0, dst.length);
    }

    /**
     * Ports xfs_trans_get_buf / xfs_buf_get: a buffer for a block about to be initialised; its contents are zeroed
     * and nothing is read from disk.
     */
    public XfsBuf get(long daddr, int bbCount, BufOps ops) {
        XfsBuf bp = new XfsBuf(daddr, bbCount, ops);
        XfsBuf prev;
        Long2ObjectOpenHashMap<XfsBuf> bufs = segment(daddr);
        synchronized (bufs) {
            prev = bufs.put(daddr, bp);
            front[frontSlot(daddr)] = bp;
        }
        if (prev != null && prev.bbCount() != bbCount) {
            LOG.debug("buffer at daddr {} re-got with length {} (was {})", daddr, bbCount, prev.bbCount());
        }
        return bp;
    }

    private void checkLength(XfsBuf bp, int bbCount) throws FsCorruptedException {
        if (bp.bbCount() != bbCount) {
            throw corrupt(bp.ops(), bp.daddr(), "cached with length " + bp.bbCount() + " BB, asked for " + bbCount);
        }
    }

    private void verifyRead(XfsBuf bp, BufOps ops) throws FsCorruptedException {
        if (!ops.verifyCrc(bp)) {
            throw corrupt(ops, bp.daddr(), "CRC mismatch");
        }
        String why = ops.verifyStruct(bp, ctx);
        if (why != null) {
            throw corrupt(ops, bp.daddr(), why);
        }
        long bound = ctx.lsnBound();
        if (bound >= 0 && ops.checksLsnOnRead()) {
            long lsn = org.jxfs.core.format.BigEndian.u64(bp.data(), ops.lsnOffset());
            if (LsnCheck.ahead(lsn, bound)) {
                throw corrupt(ops, bp.daddr(), "metadata LSN " + LsnCheck.format(lsn) + " is ahead of the log's "
                        + LsnCheck.format(bound));
            }
        }
    }

    /**
     * Marks a buffer as changed (a delayed write, as xfs_buf_delwri_queue): it is written by the next
     * {@link #flush}, so a block changed by many transactions is written once.
     */
    public void markDirty(XfsBuf bp) {
        if (bp.dirty()) {
            // Already queued: only a writeback clears the flag, and none runs while a transaction commits.
            return;
        }
        boolean newlyDirty = false;
        synchronized (bp) {
            if (!bp.dirty()) {
                bp.setDirty(true);
                dirtyCount.incrementAndGet();
                newlyDirty = true;
            }
        }
        // Only a clean buffer can have left the map (purgeClean drops clean ones; an invalidated one is stale and
        // never marked), so a buffer that was already dirty is known to be there: skip the boxed lookup.
        if (newlyDirty) {
            Long2ObjectOpenHashMap<XfsBuf> bufs = segment(bp.daddr());
            synchronized (bufs) {
                bufs.putIfAbsent(bp.daddr(), bp);
            }
        }
    }

    /** Buffers changed and not yet written. */
    public int dirtyCount() {
        return dirtyCount.get();
    }

    /** Forgets a buffer whose block was freed (xfs_trans_binval): it is never written back. */
    public void invalidate(XfsBuf bp) {
        bp.setStale(true);
        clearDirty(bp);
        Long2ObjectOpenHashMap<XfsBuf> bufs = segment(bp.daddr());
        synchronized (bufs) {
            bufs.remove(bp.daddr(), bp);
        }
    }

    private void clearDirty(XfsBuf bp) {
        bp.clearLogged();
        synchronized (bp) {
            if (bp.dirty()) {
                bp.setDirty(false);
                dirtyCount.decrementAndGet();
            }
        }
    }

    /** The write verifier's structure check alone: null when the buffer may be written. */
    public String writeVerifyFailure(XfsBuf bp) {
        BufOps ops = bp.ops();
        return ops == null ? null : ops.verifyStruct(bp, ctx);
    }

    /**
     * Ports xfs_buf_write's verify step and the write itself: structure check, CRC, then the device write. A buffer
     * failing its write verifier is not written: the caller must shut down, as xfs_buf_ioend does.
     */
    public void write(XfsBuf bp) throws FsCorruptedException, XfsIoException {
        BufOps ops = bp.ops();
        if (ops != null) {
            String why = ops.verifyStruct(bp, ctx);
            if (why != null) {
                throw corrupt(ops, bp.daddr(), "write verifier: " + why);
            }
            long lsn = bp.lsn();
            int lsnOff = ops.lsnOffset();
            if (lsn != 0 && lsnOff >= 0) {
                // xfs_buf_item's write path: the block carries the LSN of the last transaction that changed it
                org.jxfs.core.format.BigEndian.putU64(bp.data(), lsnOff, lsn);
            }
            ops.updateCrc(bp);
        }
        errors.check(ErrorTag.BUF_WRITE_IO, "write", bp.daddr());
        dev.write(bp.daddr() << 9, bp.data(), 0, bp.length());
        clearDirty(bp);
    }

    /** Writes every dirty buffer in disk-address order (xfs_buf_delwri_submit). */
    public void flush() throws FsCorruptedException, XfsIoException {
        flush(null);
    }

    /** {@link #flush()}, running {@code halfway} (a test's crash point) once half the buffers are written. */
    public void flush(Runnable halfway) throws FsCorruptedException, XfsIoException {
        List<XfsBuf> dirty = new ArrayList<>();
        for (Long2ObjectOpenHashMap<XfsBuf> bufs : segments) {
            synchronized (bufs) {
                for (XfsBuf bp : bufs.values()) {
                    if (bp.dirty()) {
                        dirty.add(bp);
                    }
                }
            }
        }
        dirty.sort(Comparator.comparingLong(XfsBuf::daddr));
        for (int i = 0; i < dirty.size(); i++) {
            if (halfway != null && i == dirty.size() / 2) {
                halfway.run();
            }
            write(dirty.get(i));
        }
    }

    /**
     * Keeps {@code bp} cached until unmount, so a reference to it kept outside the cache stays the one buffer of
     * its block: the AG headers, which the kernel reaches through the per-AG structure (pag->pag_agbp) rather than
     * a cache lookup.
     */
    public void pin(XfsBuf bp) {
        bp.setPinned();
    }

    /**
     * Drops clean buffers that are not pinned (memory pressure, or re-reading after an outside change). Only while
     * nothing else uses the cache: a read racing with it could leave a dropped buffer in the front array.
     */
    public void purgeClean() {
        for (Long2ObjectOpenHashMap<XfsBuf> bufs : segments) {
            synchronized (bufs) {
                bufs.values().removeIf(bp -> !bp.dirty() && !bp.pinned() && !bp.heldByCurrentThread());
            }
        }
        java.util.Arrays.fill(front, null);
    }

    public int cachedCount() {
        int n = 0;
        for (Long2ObjectOpenHashMap<XfsBuf> bufs : segments) {
            synchronized (bufs) {
                n += bufs.size();
            }
        }
        return n;
    }

    static FsCorruptedException corrupt(BufOps ops, long daddr, String why) {
        String name = ops == null ? "metadata" : ops.name();
        return new FsCorruptedException("Metadata corruption detected: " + name + " at daddr 0x"
                + Long.toHexString(daddr) + ": " + why);
    }
}
