// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/**
 * One record of an inode fork (struct xfs_bmbt_irec): {@code blockCount} filesystem blocks at file block
 * {@code startOff}, stored at the packed filesystem block {@code startBlock} ((agno << agblklog) | agbno).
 * Holes are the gaps between records; they are never records themselves.
 */
public record IoExtent(long startOff, long startBlock, long blockCount, boolean unwritten) {
    public IoExtent {
        if (startOff < 0 || startBlock < 0 || blockCount <= 0) {
            throw new IllegalArgumentException("bad extent " + startOff + "," + startBlock + "," + blockCount);
        }
    }
}
