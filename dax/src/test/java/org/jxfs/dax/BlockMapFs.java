// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jxfs.core.XfsException;
import org.jxfs.core.XfsIoException;

/**
 * A small filesystem for one file behind {@link GetBlock}: an in-memory block map over a data area of the image,
 * with a bump allocator, page-sized allocations and an ilock that serialises get_block like XFS's. It answers like
 * XFS of Linux 4.3 (create allocates unwritten and new; {@link #complete} converts) or like 4.4 (create allocates
 * written blocks zeroed through the device's zeroing before it returns, and converts unwritten ones the same way;
 * never answers unwritten or new to a create). Before each use the data area is filled with {@link #STALE} bytes, so
 * stale data that leaks out is seen.
 */
final class BlockMapFs implements GetBlock, DaxIoDone {
    enum Style { XFS_43, XFS_44 }

    static final byte STALE = 0x5a;
    static final long STALE_LONG = 0x5a5a5a5a5a5a5a5aL;

    private record Ext(long blocknr, boolean unwritten) {
    }

    private final Pmem pmem;
    private final Style style;
    private final int blkbits;
    private final int blocksPerPage;
    private final long firstBlock;
    private final long areaBlocks;
    private final ReentrantLock ilock = new ReentrantLock();
    private final Map<Long, Ext> map = new HashMap<>();
    private long nextFree;
    volatile long size;
    int allocations;
    int conversions;
    int failedCompletions;

    BlockMapFs(Pmem pmem, Style style, int blockSize, long areaOff, long areaLen) {
        this.pmem = pmem;
        this.style = style;
        this.blkbits = Integer.numberOfTrailingZeros(blockSize);
        this.blocksPerPage = DaxMapping.PAGE_SIZE / blockSize;
        this.firstBlock = areaOff >> blkbits;
        this.areaBlocks = areaLen >> blkbits;
    }

    /** Forgets every block, fills the data area with stale bytes, and sets the file size. */
    BlockMapFs reset(long fileSize) throws XfsIoException {
        map.clear();
        nextFree = firstBlock;
        allocations = 0;
        conversions = 0;
        failedCompletions = 0;
        size = fileSize;
        pmem.fill(firstBlock << blkbits, areaBlocks << blkbits, STALE);
        return this;
    }

    /** Sends the next allocation to device block {@code blocknr} (e.g. the device's unmapped tail). */
    void allocateNextAt(long blocknr) {
        nextFree = blocknr;
    }

    DaxMapping mapping(DaxLockMode mode) {
        return new DaxMapping(pmem, 1 << blkbits, () -> size, this, this, mode);
    }

    /** fallocate of one page: an unwritten extent. */
    void preallocate(long pgoff) {
        ilock.lock();
        try {
            map.put(pgoff, new Ext(allocBlocks(), true));
        } finally {
            ilock.unlock();
        }
    }

    boolean unwritten(long pgoff) {
        ilock.lock();
        try {
            Ext e = map.get(pgoff);
            return e != null && e.unwritten();
        } finally {
            ilock.unlock();
        }
    }

    boolean allocated(long pgoff) {
        ilock.lock();
        try {
            return map.containsKey(pgoff);
        } finally {
            ilock.unlock();
        }
    }

    /** Device byte offset of the file page, or -1 for a hole. */
    long devOff(long pgoff) {
        ilock.lock();
        try {
            Ext e = map.get(pgoff);
            return e == null ? -1 : e.blocknr() << blkbits;
        } finally {
            ilock.unlock();
        }
    }

    /** What a read(2) of the file would return at {@code pos}: zeros for holes and unwritten extents. */
    long readLong(long pos) throws XfsIoException {
        long pgoff = pos >> DaxMapping.PAGE_SHIFT;
        ilock.lock();
        try {
            Ext e = map.get(pgoff);
            if (e == null || e.unwritten()) {
                return 0;
            }
            return pmem.readLong((e.blocknr() << blkbits) + (pos & (DaxMapping.PAGE_SIZE - 1)));
        } finally {
            ilock.unlock();
        }
    }

    @Override
    public void getBlock(long iblock, BufferHead bh, boolean create) throws XfsException {
        long pgoff = iblock / blocksPerPage;
        int inPage = (int) (iblock % blocksPerPage);
        ilock.lock();
        try {
            Ext e = map.get(pgoff);
            boolean fresh = false;
            if (create && e == null) {
                long b = allocBlocks();
                if (style == Style.XFS_43) {
                    e = new Ext(b, true);
                    fresh = true;
                } else {
                    zero(b);
                    e = new Ext(b, false);
                }
                map.put(pgoff, e);
                allocations++;
            } else if (create && e.unwritten() && style == Style.XFS_44) {
                zero(e.blocknr());
                e = new Ext(e.blocknr(), false);
                map.put(pgoff, e);
                conversions++;
            }
            if (e == null) {
                return; // a hole: nothing set, as XFS leaves it
            }
            bh.blocknr = e.blocknr() + inPage;
            bh.size = (long) (blocksPerPage - inPage) << blkbits;
            bh.set(BufferHead.MAPPED);
            if (e.unwritten()) {
                bh.set(BufferHead.UNWRITTEN);
                bh.bPrivate = pgoff;
            }
            if (fresh) {
                bh.set(BufferHead.NEW);
            }
        } finally {
            ilock.unlock();
        }
    }

    @Override
    public void complete(BufferHead bh, boolean uptodate) {
        if (!uptodate) {
            failedCompletions++;
            return;
        }
        long pgoff = (Long) bh.bPrivate;
        ilock.lock();
        try {
            Ext e = map.get(pgoff);
            if (e != null && e.unwritten()) {
                map.put(pgoff, new Ext(e.blocknr(), false));
                conversions++;
            }
        } finally {
            ilock.unlock();
        }
    }

    private long allocBlocks() {
        long b = nextFree;
        nextFree += blocksPerPage;
        return b;
    }

    /** Zeroing before the allocation is visible: the device's zeroRange (dax_clear_blocks when installed). */
    private void zero(long blocknr) throws XfsIoException {
        pmem.device().zeroRange(blocknr << blkbits, DaxMapping.PAGE_SIZE);
    }
}
