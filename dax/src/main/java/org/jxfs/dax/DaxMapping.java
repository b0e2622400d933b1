// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import org.jxfs.core.XfsIoException;

/**
 * struct address_space of one DAX file, with what the generic fault code needs from its inode: i_size (a supplier,
 * read at each check like i_size_read), i_blkbits, the device as {@link Pmem}, and the filesystem's methods the
 * kernel passes to every fault ({@link GetBlock}, and {@link DaxIoDone} as complete_unwritten, which may be null).
 * It holds the mapping-wide i_mmap lock, the page cache of hole pages, and the i_mmap list of the {@link DaxMmap}s
 * (vmas) mapping the file, whose page tables unmap_mapping_range walks. Knows no XFS.
 */
public final class DaxMapping {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private final Pmem pmem;
    private final int blkbits;
    private final LongSupplier isize;
    private final GetBlock getBlock;
    private final DaxIoDone completeUnwritten;
    private final DaxLockMode lockMode;
    /** i_mmap_rwsem. */
    final ReentrantReadWriteLock iMmapRwsem = new ReentrantReadWriteLock();
    private final ConcurrentHashMap<Long, HolePage> pageCache = new ConcurrentHashMap<>();
    private final List<DaxMmap> iMmap = new CopyOnWriteArrayList<>();
    private volatile FaultSteps steps = FaultSteps.NONE;

    /**
     * @param pmem the device the file's blocks live on
     * @param blockSize the file's block size in bytes (a power of two from 512 to {@link #PAGE_SIZE}): the unit
     *     of {@link BufferHead#blocknr} and of get_block's {@code iblock}
     * @param isize the file's size in bytes, read at each check
     * @param getBlock the filesystem's get_block for this file
     * @param completeUnwritten the filesystem's dax_iodone_t for this file, or null if it never answers unwritten
     * @param lockMode how dax itself serialises faults
     */
    public DaxMapping(Pmem pmem, int blockSize, LongSupplier isize, GetBlock getBlock, DaxIoDone completeUnwritten,
            DaxLockMode lockMode) {
        if (blockSize < 512 || blockSize > PAGE_SIZE || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("DAX needs a block size from 512 to " + PAGE_SIZE + ": " + blockSize);
        }
        this.pmem = pmem;
        this.blkbits = Integer.numberOfTrailingZeros(blockSize);
        this.isize = isize;
        this.getBlock = getBlock;
        this.completeUnwritten = completeUnwritten;
        this.lockMode = lockMode;
    }

    public Pmem pmem() {
        return pmem;
    }

    /** i_blkbits. */
    public int blkbits() {
        return blkbits;
    }

    public GetBlock getBlock() {
        return getBlock;
    }

    public DaxIoDone completeUnwritten() {
        return completeUnwritten;
    }

    public DaxLockMode lockMode() {
        return lockMode;
    }

    /** i_size_read. */
    public long size() {
        return isize.getAsLong();
    }

    /** Pages covering i_size: a fault at or past this page index is past EOF. */
    long sizePages() {
        return (size() + PAGE_SIZE - 1) >> PAGE_SHIFT;
    }

    public FaultSteps steps() {
        return steps;
    }

    /** Installs the hook the fault path reports its steps to ({@link FaultSteps#NONE} to stop). */
    public void setFaultSteps(FaultSteps steps) {
        this.steps = steps == null ? FaultSteps.NONE : steps;
    }

    /** mmap(MAP_SHARED) of the file: a new vma with an empty page table, linked into i_mmap. */
    public DaxMmap mmap() {
        DaxMmap vma = new DaxMmap(this);
        iMmap.add(vma);
        return vma;
    }

    void unlink(DaxMmap vma) {
        iMmap.remove(vma);
    }

    /** dax_clear_blocks(inode, block, size): zeroes file-system blocks of this file's block size. */
    public void clearBlocks(long block, long size) throws XfsIoException {
        DaxClearBlocks.clear(pmem, blkbits, block, size);
    }

    /**
     * unmap_mapping_range over whole pages: drops the page table entries of pages {@code [pgoff, pgoff+nr)} from
     * every vma of the file, so the next access faults.
     */
    public void unmapMappingRange(long pgoff, long nr) {
        for (DaxMmap vma : iMmap) {
            vma.zap(pgoff, nr);
        }
    }

    /**
     * What a filesystem does before it frees or changes blocks under the file (truncate_pagecache_range): unmaps
     * the pages covering {@code [off, off+len)} and drops their hole pages from the page cache.
     */
    public void invalidateRange(long off, long len) {
        long first = off >> PAGE_SHIFT;
        long last = len == Long.MAX_VALUE ? Long.MAX_VALUE : (off + len + PAGE_SIZE - 1) >> PAGE_SHIFT;
        unmapMappingRange(first, last - first);
        pageCache.entrySet().removeIf(e -> {
            if (e.getKey() >= first && e.getKey() < last) {
                e.getValue().mapping = null;
                return true;
            }
            return false;
        });
    }

    /** Hole pages in the page cache (for tests and reports). */
    public int cachedPages() {
        return pageCache.size();
    }

    // --- page cache and locks, as __dax_fault uses them

    /** find_get_page. */
    HolePage findGetPage(long pgoff) {
        return pageCache.get(pgoff);
    }

    /** find_lock_page: the page locked and still in this mapping, or null. */
    HolePage findLockPage(VmFault vmf) {
        for (;;) {
            HolePage page = pageCache.get(vmf.pgoff());
            if (page == null) {
                return null;
            }
            lockPage(vmf, page);
            if (page.mapping == this) {
                return page;
            }
            page.unlock();
        }
    }

    /** find_or_create_page(..., __GFP_ZERO): the page locked, created zeroed if absent. */
    HolePage findOrCreatePage(VmFault vmf) {
        for (;;) {
            HolePage fresh = new HolePage(this, vmf.pgoff());
            fresh.lock.lock();
            HolePage page = pageCache.putIfAbsent(vmf.pgoff(), fresh);
            if (page == null) {
                return fresh;
            }
            fresh.mapping = null;
            fresh.unlock();
            lockPage(vmf, page);
            if (page.mapping == this) {
                return page;
            }
            page.unlock();
        }
    }

    /** delete_from_page_cache; the caller holds the page lock. */
    void deleteFromPageCache(HolePage page) {
        pageCache.remove(page.index, page);
        page.mapping = null;
    }

    /** lock_page; a contended lock is reported to the {@link FaultSteps} first. */
    void lockPage(VmFault vmf, HolePage page) {
        if (!page.lock.tryLock()) {
            steps.beforeLock(vmf, FaultStep.PAGE_LOCK, () -> !page.lock.isLocked());
            page.lock.lock();
        }
    }

    /** i_mmap_lock_write; a contended lock is reported to the {@link FaultSteps} first. */
    void lockMmapWrite(VmFault vmf) {
        ReentrantReadWriteLock.WriteLock w = iMmapRwsem.writeLock();
        if (!w.tryLock()) {
            steps.beforeLock(vmf, FaultStep.MMAP_LOCK,
                    () -> !iMmapRwsem.isWriteLocked() && iMmapRwsem.getReadLockCount() == 0);
            w.lock();
        }
    }

    void unlockMmapWrite() {
        iMmapRwsem.writeLock().unlock();
    }

    /** i_mmap_lock_read; a contended lock (held for write by a fault) is reported to the {@link FaultSteps} first. */
    void lockMmapRead(VmFault vmf) {
        ReentrantReadWriteLock.ReadLock r = iMmapRwsem.readLock();
        if (!r.tryLock()) {
            steps.beforeLock(vmf, FaultStep.MMAP_LOCK, () -> !iMmapRwsem.isWriteLocked());
            r.lock();
        }
    }

    void unlockMmapRead() {
        iMmapRwsem.readLock().unlock();
    }
}
