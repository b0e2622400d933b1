// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/**
 * One record of an inode fork (struct xfs_bmbt_irec): {@code blockCount} filesystem blocks at file block
 * {@code startOff}, stored at the packed filesystem block {@code startBlock} ((agno << agblklog) | agbno), or a
 * delayed allocation ({@link #DELALLOC}: blocks reserved for cached data, not placed yet). Holes are the gaps between
 * records; they are never records themselves.
 */
public record IoExtent(long startOff, long startBlock, long blockCount, boolean unwritten) {
    /** The startBlock of a delayed allocation (DELAYSTARTBLOCK). */
    public static final long DELALLOC = -1L;

    public IoExtent {
        if (startOff < 0 || (startBlock < 0 && startBlock != DELALLOC) || blockCount <= 0) {
            throw new IllegalArgumentException("bad extent " + startOff + "," + startBlock + "," + blockCount);
        }
    }

    /** Whether this is a delayed allocation. */
    public boolean isDelalloc() {
        return startBlock == DELALLOC;
    }
}
