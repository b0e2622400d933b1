// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

/**
 * struct buffer_head as get_block_t fills it (include/linux/buffer_head.h): the caller sets {@link #size} to the
 * bytes it wants mapped from block {@code iblock}; the filesystem sets {@link #blocknr} (in the inode's block size
 * units: sector_t scaled by i_blkbits), trims {@link #size} to what one mapping covers, and sets the state bits.
 * Generic: it knows no XFS.
 */
public final class BufferHead {
    /** BH_Uptodate. */
    public static final int UPTODATE = 1 << 0;
    /** BH_Mapped: {@link #blocknr} is a disk address. */
    public static final int MAPPED = 1 << 5;
    /** BH_New: freshly allocated by get_block; the caller must zero what it does not write. */
    public static final int NEW = 1 << 6;
    /** BH_Boundary: the next block is discontiguous on disk. */
    public static final int BOUNDARY = 1 << 9;
    /** BH_Delay: delayed allocation, no disk address yet. */
    public static final int DELAY = 1 << 11;
    /** BH_Unwritten: allocated on disk but not written; reads as zeros. */
    public static final int UNWRITTEN = 1 << 13;

    /** b_blocknr: the start of the mapping, in units of the inode's block size. */
    public long blocknr;
    /** b_size: bytes asked for, then bytes mapped. */
    public long size;
    /** b_state: the bits above. */
    public int state;
    /** b_private: what the filesystem hands its completion (XFS: the ioend of a direct write or DAX fault). */
    public Object bPrivate;

    public BufferHead() {
    }

    public BufferHead(long size) {
        this.size = size;
    }

    /** Clears the mapping for reuse with a new request of {@code size} bytes (what a caller does between calls). */
    public BufferHead reset(long size) {
        this.blocknr = 0;
        this.size = size;
        this.state = 0;
        this.bPrivate = null;
        return this;
    }

    public boolean mapped() {
        return (state & MAPPED) != 0;
    }

    public boolean isNew() {
        return (state & NEW) != 0;
    }

    public boolean unwritten() {
        return (state & UNWRITTEN) != 0;
    }

    public boolean boundary() {
        return (state & BOUNDARY) != 0;
    }

    public boolean delay() {
        return (state & DELAY) != 0;
    }

    public boolean uptodate() {
        return (state & UPTODATE) != 0;
    }

    public void set(int bits) {
        state |= bits;
    }

    public void clear(int bits) {
        state &= ~bits;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("bh{blocknr=").append(blocknr).append(", size=").append(size);
        if (mapped()) s.append(", mapped");
        if (isNew()) s.append(", new");
        if (unwritten()) s.append(", unwritten");
        if (boundary()) s.append(", boundary");
        if (delay()) s.append(", delay");
        if (uptodate()) s.append(", uptodate");
        return s.append('}').toString();
    }
}
