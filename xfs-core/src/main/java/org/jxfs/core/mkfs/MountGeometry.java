// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

/**
 * The derived xfs_mount fields that transaction reservations depend on, computed as libxfs_mount computes them
 * for mkfs's temporary mount (xfs_sb_mount_common, xfs_agbtree_compute_maxlevels, xfs_ialloc_setup_geometry,
 * xfs_da_mount): btree record limits and maximum heights, inode chunk and cluster sizes, directory block size.
 *
 * @param blocksize       sb_blocksize
 * @param sectsize        sb_sectsize
 * @param inodesize       sb_inodesize
 * @param allocMxr0       m_alloc_mxr[0]: bnobt/cntbt records per leaf
 * @param allocMnr0       m_alloc_mnr[0]
 * @param allocMaxlevels  m_alloc_maxlevels
 * @param bmMaxlevelsData m_bm_maxlevels[XFS_DATA_FORK]
 * @param bmMaxlevelsAttr m_bm_maxlevels[XFS_ATTR_FORK]
 * @param inobtMaxlevels  m_ino_geo.inobt_maxlevels
 * @param iallocBlks      m_ino_geo.ialloc_blks: blocks per inode chunk
 * @param inodeClusterSize m_ino_geo.inode_cluster_size in bytes
 * @param refcMaxlevels   m_refc_maxlevels (0 without reflink)
 * @param dirFsbcount     m_dir_geo->fsbcount: blocks per directory block
 * @param finobt          xfs_has_finobt
 * @param reflink         xfs_has_reflink
 * @param logsunit        sb_logsunit in bytes (1 = none)
 */
public record MountGeometry(int blocksize, int sectsize, int inodesize, int allocMxr0, int allocMnr0,
        int allocMaxlevels, int bmMaxlevelsData, int bmMaxlevelsAttr, int inobtMaxlevels, int iallocBlks,
        int inodeClusterSize, int refcMaxlevels, int dirFsbcount, boolean finobt, boolean reflink, int logsunit) {

    /** XFS_BTREE_SBLOCK_CRC_LEN: short-form CRC btree block header. */
    public static final int XFS_BTREE_SBLOCK_CRC_LEN = 56;
    /** XFS_BTREE_LBLOCK_CRC_LEN = XFS_BMBT_BLOCK_LEN on v5. */
    public static final int XFS_BTREE_LBLOCK_CRC_LEN = 72;
    /** sizeof(xfs_alloc_rec_t), sizeof(xfs_alloc_key_t), sizeof(xfs_alloc_ptr_t). */
    static final int ALLOC_REC_LEN = 8, ALLOC_KEY_LEN = 8, ALLOC_PTR_LEN = 4;
    /** sizeof(xfs_inobt_rec_t), sizeof(xfs_inobt_key_t), sizeof(xfs_inobt_ptr_t). */
    static final int INOBT_REC_LEN = 16, INOBT_KEY_LEN = 4, INOBT_PTR_LEN = 4;
    /** sizeof(xfs_bmbt_rec_t), sizeof(xfs_bmbt_key_t), sizeof(xfs_bmbt_ptr_t). */
    static final int BMBT_REC_LEN = 16, BMBT_KEY_LEN = 8, BMBT_PTR_LEN = 8;
    /** sizeof(struct xfs_refcount_rec), key, ptr. */
    static final int REFC_REC_LEN = 12, REFC_KEY_LEN = 4, REFC_PTR_LEN = 4;
    /** sizeof(xfs_bmdr_block_t): the in-inode bmap root header. */
    static final int BMDR_BLOCK_LEN = 4;
    /** MINDBTPTRS / MINABTPTRS: the fewest root pointers a data / attr fork must hold. */
    static final int MINDBTPTRS = 3, MINABTPTRS = 2;
    /** XFS_MAX_EXTCNT_DATA_FORK_SMALL / XFS_MAX_EXTCNT_ATTR_FORK_SMALL (no nrext64). */
    static final long XFS_MAX_EXTCNT_DATA_FORK_SMALL = (1L << 31) - 1, XFS_MAX_EXTCNT_ATTR_FORK_SMALL =
            (1L << 15) - 1;
    /** XFS_INODES_PER_CHUNK and its log. */
    static final int XFS_INODES_PER_CHUNK = 64, XFS_INODES_PER_CHUNK_LOG = 6;
    /** XFS_INODE_BIG_CLUSTER_SIZE: the 8 KiB inode cluster, scaled with inode size on v5. */
    public static final int XFS_INODE_BIG_CLUSTER_SIZE = 8192;
    /** XFS_DINODE_MIN_SIZE. */
    static final int XFS_DINODE_MIN_SIZE = 256;

    /** The superblock fields libxfs_mount reads. */
    public record Sb(int blocksize, int blocklog, int sectsize, int inodesize, int inopblog, int inopblock,
            long agblocks, int agblklog, int dirblklog, int inoalignmt, boolean finobt, boolean reflink,
            int logsunit) {
    }

    /** Computes the mount geometry for a superblock, as libxfs_mount does. */
    public static MountGeometry of(Sb sb) {
        int bs = sb.blocksize();
        int allocMxr0 = (bs - XFS_BTREE_SBLOCK_CRC_LEN) / ALLOC_REC_LEN;
        int allocMxr1 = (bs - XFS_BTREE_SBLOCK_CRC_LEN) / (ALLOC_KEY_LEN + ALLOC_PTR_LEN);
        int[] allocMnr = {allocMxr0 / 2, allocMxr1 / 2};
        int allocMaxlevels = computeMaxlevels(allocMnr, (sb.agblocks() + 1) / 2);

        int[] bmapDmnr = {(bs - XFS_BTREE_LBLOCK_CRC_LEN) / BMBT_REC_LEN / 2,
            (bs - XFS_BTREE_LBLOCK_CRC_LEN) / (BMBT_KEY_LEN + BMBT_PTR_LEN) / 2};
        int bmData = bmapComputeMaxlevels(bmapDmnr, XFS_MAX_EXTCNT_DATA_FORK_SMALL, MINDBTPTRS);
        int bmAttr = bmapComputeMaxlevels(bmapDmnr, XFS_MAX_EXTCNT_ATTR_FORK_SMALL, MINABTPTRS);

        int[] inobtMnr = {(bs - XFS_BTREE_SBLOCK_CRC_LEN) / INOBT_REC_LEN / 2,
            (bs - XFS_BTREE_SBLOCK_CRC_LEN) / (INOBT_KEY_LEN + INOBT_PTR_LEN) / 2};
        long inodes = (1L << (sb.inopblog() + sb.agblklog())) >>> XFS_INODES_PER_CHUNK_LOG;
        int inobtMaxlevels = computeMaxlevels(inobtMnr, inodes);
        int iallocInos = Math.max(XFS_INODES_PER_CHUNK, sb.inopblock());
        int iallocBlks = iallocInos >>> sb.inopblog();

        // xfs_ialloc_setup_geometry: the cluster grows with the inode size if the alignment allows it.
        int clusterRaw = XFS_INODE_BIG_CLUSTER_SIZE;
        int newSize = clusterRaw * (sb.inodesize() / XFS_DINODE_MIN_SIZE);
        if (sb.inoalignmt() >= (newSize >>> sb.blocklog())) {
            clusterRaw = newSize;
        }
        int blocksPerCluster = clusterRaw > bs ? clusterRaw >>> sb.blocklog() : 1;
        int inodeClusterSize = blocksPerCluster << sb.blocklog();

        int refcMaxlevels = 0;
        if (sb.reflink()) {
            int[] refcMnr = {(bs - XFS_BTREE_SBLOCK_CRC_LEN) / REFC_REC_LEN / 2,
                (bs - XFS_BTREE_SBLOCK_CRC_LEN) / (REFC_KEY_LEN + REFC_PTR_LEN) / 2};
            refcMaxlevels = computeMaxlevels(refcMnr, sb.agblocks());
        }
        return new MountGeometry(bs, sb.sectsize(), sb.inodesize(), allocMxr0, allocMnr[0], allocMaxlevels, bmData,
                bmAttr, inobtMaxlevels, iallocBlks, inodeClusterSize, refcMaxlevels, 1 << sb.dirblklog(),
                sb.finobt(), sb.reflink(), sb.logsunit());
    }

    /**
     * Ports xfs_btree_compute_maxlevels: the height of a btree holding {@code records} records when every block is
     * only half full, the worst case the reservations must cover.
     */
    public static int computeMaxlevels(int[] limits, long records) {
        long levelBlocks = howmany(records, limits[0]);
        int height = 1;
        while (levelBlocks > 1) {
            levelBlocks = howmany(levelBlocks, limits[1]);
            height++;
        }
        return height;
    }

    /**
     * Ports xfs_bmap_compute_maxlevels: like the generic version but the root lives in the inode fork, whose
     * capacity (assumed minimal, since attr forks can move forkoff) ends the tree early.
     */
    static int bmapComputeMaxlevels(int[] dmnr, long maxleafents, int minPtrs) {
        int sz = BMDR_BLOCK_LEN + minPtrs * (BMBT_KEY_LEN + BMBT_PTR_LEN);      // XFS_BMDR_SPACE_CALC
        int maxrootrecs = (sz - BMDR_BLOCK_LEN) / (BMBT_KEY_LEN + BMBT_PTR_LEN); // xfs_bmdr_maxrecs(sz, 0)
        long maxblocks = howmany(maxleafents, dmnr[0]);
        int level;
        for (level = 1; maxblocks > 1; level++) {
            if (maxblocks <= maxrootrecs) {
                maxblocks = 1;
            } else {
                maxblocks = howmany(maxblocks, dmnr[1]);
            }
        }
        return level;
    }

    static long howmany(long x, long y) {
        return (x + y - 1) / y;
    }
}
