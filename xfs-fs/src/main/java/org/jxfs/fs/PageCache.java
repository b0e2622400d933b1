// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jxfs.core.XfsException;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.mount.MountSlot;

/**
 * The page cache of one mount: every inode's {@link AddressSpace}, the count of cached and dirty blocks, and the two
 * bounds the kernel's memory management keeps: when dirty data passes {@link #dirtyLimitBytes} the writer writes
 * back (balance_dirty_pages), and when cached data passes {@link #cacheLimitBytes} clean blocks are dropped (page
 * reclaim), so a file larger than the heap can be written and read. The bounds default to a share of the JVM's
 * heap; the system properties {@code jxfs.pagecache.dirty.bytes} and {@code jxfs.pagecache.bytes} set them.
 */
public final class PageCache {
    private static final MountSlot<PageCache> SLOT = new MountSlot<>(PageCache::new);
    /** The default dirty bound: 64 MiB, or an eighth of the heap if that is less. */
    static final long DEFAULT_DIRTY_BYTES = 64L << 20;

    private final Mount mp;
    private final int blocksize;
    private final ConcurrentHashMap<Long, AddressSpace> spaces = new ConcurrentHashMap<>();
    private final AtomicLong cached = new AtomicLong();
    private final AtomicLong dirty = new AtomicLong();
    private final long dirtyLimitBytes;
    private final long cacheLimitBytes;
    /** Block arrays of dropped folios, for new ones (the page allocator's free lists); see {@link #newBlock}. */
    private final byte[][] freeBlocks;
    private int freeCount;

    private PageCache(Mount mp) {
        this.mp = mp;
        this.blocksize = mp.geometry().blocksize;
        long heap = Runtime.getRuntime().maxMemory();
        this.dirtyLimitBytes = Long.getLong("jxfs.pagecache.dirty.bytes", Math.min(DEFAULT_DIRTY_BYTES, heap / 8));
        this.cacheLimitBytes = Long.getLong("jxfs.pagecache.bytes", Math.max(2 * dirtyLimitBytes, heap / 4));
        this.freeBlocks = new byte[(int) Math.min(FREE_BLOCKS_MAX, cacheLimitBytes / 8 / blocksize)][];
    }

    /** The most block arrays kept for reuse: 16,384 (64 MiB of 4 KiB blocks), or an eighth of the cache's bound. */
    static final int FREE_BLOCKS_MAX = 16384;

    /**
     * A zeroed array for a new folio's block: one a truncate or hole punch dropped if there is one, else a new one.
     * Reusing them spares the collector the copying of every new folio, which lives as long as the cache holds it.
     */
    byte[] newBlock() {
        byte[] d = null;
        synchronized (freeBlocks) {
            if (freeCount > 0) {
                d = freeBlocks[--freeCount];
                freeBlocks[freeCount] = null;
            }
        }
        if (d == null) {
            return new byte[blocksize];
        }
        java.util.Arrays.fill(d, (byte) 0);
        return d;
    }

    /**
     * Takes back the block array of a folio that was dropped from its address space while no writeback of that
     * inode was running: nothing can reach the folio any more except through a lookup under the address space's
     * monitor, which no longer finds it.
     */
    void freeBlock(byte[] d) {
        if (d.length != blocksize) {
            return;
        }
        synchronized (freeBlocks) {
            if (freeCount < freeBlocks.length) {
                freeBlocks[freeCount++] = d;
            }
        }
    }

    /** The page cache of {@code mp}. */
    public static PageCache of(Mount mp) {
        return mp.slot(SLOT);
    }

    /** The page cache of {@code mp} if anything used it, else null. */
    static PageCache peek(Mount mp) {
        return mp.slotIfMade(SLOT);
    }

    /** The address_space of {@code ip}, made on first use (an inode number reused by a new inode gets a new one). */
    AddressSpace space(Inode ip) {
        return spaces.compute(ip.ino, (k, as) -> as != null && as.ip == ip ? as : new AddressSpace(ip, this));
    }

    /** The address_space of {@code ip} if it has one. */
    AddressSpace peekSpace(Inode ip) {
        AddressSpace as = spaces.get(ip.ino);
        return as != null && as.ip == ip ? as : null;
    }

    /** Forgets an inode's cache (its inode was freed: the data is gone with it). */
    void forget(Inode ip) {
        AddressSpace as = peekSpace(ip);
        if (as != null) {
            as.invalidate(0, Long.MAX_VALUE);
            spaces.remove(ip.ino, as);
        }
    }

    void accountCached(long n) {
        cached.addAndGet(n);
    }

    void accountDirty(long n) {
        dirty.addAndGet(n);
    }

    /** Dirty bytes in the cache, over all inodes. */
    public long dirtyBytes() {
        return dirty.get() * blocksize;
    }

    /** Cached bytes, over all inodes. */
    public long cachedBytes() {
        return cached.get() * blocksize;
    }

    long dirtyLimitBytes() {
        return dirtyLimitBytes;
    }

    /**
     * balance_dirty_pages and reclaim after a buffered write: past the dirty bound every inode's dirty data is
     * written back; past the cache bound clean blocks are dropped until the cache is at half of it.
     */
    void balance() throws XfsException {
        if (dirtyBytes() > dirtyLimitBytes) {
            writebackAll();
        }
        if (cachedBytes() > cacheLimitBytes) {
            long excess = (cachedBytes() - cacheLimitBytes / 2) / blocksize;
            for (AddressSpace as : spaces.values()) {
                if (excess <= 0) {
                    break;
                }
                excess -= as.evictClean(excess);
            }
        }
    }

    /** Writes back every inode's dirty data (sync_inodes_sb, the flusher when the dirty bound is passed). */
    public void writebackAll() throws XfsException {
        List<AddressSpace> all = new ArrayList<>(spaces.values());
        for (AddressSpace as : all) {
            if (as.dirtyCount() > 0) {
                Writeback.writeRange(mp, as, 0, Long.MAX_VALUE);
            }
        }
    }

    /** Every inode with a cache (for unmount's inactivation pass). */
    List<AddressSpace> spaces() {
        return new ArrayList<>(spaces.values());
    }
}
