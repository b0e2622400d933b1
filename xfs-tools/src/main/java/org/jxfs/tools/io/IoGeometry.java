// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/**
 * The filesystem geometry the io commands need (the fields of struct xfs_fsop_geom they read, from the superblock).
 * {@code sunit}/{@code swidth} are in filesystem blocks (0: no stripe). {@code logicalSectorSize} is the device's
 * logical sector size that XFS_IOC_DIOINFO reports (the image's sector size for jxfs).
 */
public record IoGeometry(int blocksize, int sectsize, long agblocks, int agblklog, long agcount, long sunit,
                         long swidth, int logicalSectorSize) {

    public int blocklog() {
        return Integer.numberOfTrailingZeros(blocksize);
    }

    /** XFS_FSB_TO_DADDR: a packed filesystem block to a linear 512-byte sector address. */
    public long fsbToDaddr(long fsb) {
        long agno = fsb >>> agblklog;
        long agbno = fsb & ((1L << agblklog) - 1);
        return (agno * agblocks + agbno) << (blocklog() - 9);
    }

    /** XFS_FSB_TO_BB: a count (or file offset) of filesystem blocks in 512-byte units. */
    public long fsbToBb(long fsb) {
        return fsb << (blocklog() - 9);
    }
}
