// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

/**
 * struct xfs_ino_geometry, computed as xfs_ialloc_setup_geometry computes it for V5 filesystems: how inodes are
 * grouped into chunks (64 inodes) and clusters (the unit of inode I/O, the buffer an inode is read through).
 */
public final class InodeGeometry {
    /** XFS_INODE_BIG_CLUSTER_SIZE. */
    public static final int BIG_CLUSTER_SIZE = 8192;
    /** XFS_DINODE_MIN_SIZE. */
    public static final int DINODE_MIN_SIZE = 256;
    /** XFS_INODES_PER_HOLEMASK_BIT: a sparse chunk's holemask covers 4 inodes per bit. */
    public static final int INODES_PER_HOLEMASK_BIT = 4;

    /** Bytes in an inode cluster buffer. */
    public final int clusterSize;
    /** Blocks per inode cluster. */
    public final int blocksPerCluster;
    /** Inodes per inode cluster. */
    public final int inodesPerCluster;
    /** Blocks in a full 64-inode chunk (ialloc_blks). */
    public final int iallocBlocks;
    /** Inode chunk alignment in blocks (sb_inoalignmt, or 1 when unaligned). */
    public final int clusterAlign;
    /** Minimum blocks of a sparse allocation (ialloc_min_blks). */
    public final int iallocMinBlocks;

    public InodeGeometry(Geometry geo, boolean sparseInodes, int spinoAlign) {
        int raw = BIG_CLUSTER_SIZE;
        int newSize = raw * (geo.inodesize / DINODE_MIN_SIZE);
        if (geo.inoalignmt >= geo.bToFsbt(newSize)) {
            raw = newSize;
        }
        int bpc = (int) Math.max(1, geo.bToFsbt(raw));
        this.blocksPerCluster = bpc;
        this.clusterSize = (int) geo.fsbToB(bpc);
        this.inodesPerCluster = bpc << geo.inopblog;
        this.iallocBlocks = Math.max(1, Geometry.INODES_PER_CHUNK >> geo.inopblog);
        this.clusterAlign = geo.inoalignmt > 0 ? geo.inoalignmt : 1;
        this.iallocMinBlocks = sparseInodes && spinoAlign > 0 ? spinoAlign : iallocBlocks;
        this.inoalignMask = geo.inoalignmt > 0 && geo.inoalignmt >= bpc ? geo.inoalignmt - 1 : 0;
    }

    /** inoalign_mask: chunks start at multiples of sb_inoalignmt, so a chunk is found without the inobt. */
    public final long inoalignMask;

    /**
     * The first agbno of the cluster holding {@code agbno}, as xfs_imap computes it when inoalign_mask is set;
     * -1 when chunks are not aligned (the inobt must then be searched).
     */
    public long clusterAgbno(long agbno) {
        if (inoalignMask == 0) {
            return -1;
        }
        long offset = agbno & inoalignMask;
        return agbno - offset + offset / blocksPerCluster * blocksPerCluster;
    }
}
