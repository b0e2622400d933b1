// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.core.format.Geometry;

/**
 * struct xfs_da_geometry for the data fork of directories (xfs_da_mount): the directory block size and where each
 * of the three directory address spaces starts, in directory-block units (xfs_dir2_db_t) and in file blocks
 * (xfs_dablk_t). A directory's data fork holds data blocks from offset 0, the hash index (the leaf of a leaf
 * directory, or the da btree of a node directory) from XFS_DIR2_LEAF_OFFSET and the free index from
 * XFS_DIR2_FREE_OFFSET.
 */
final class DirGeo {
    /** XFS_DIR2_SPACE_SIZE: each of the data, leaf and free spaces is 32 GiB of directory offsets. */
    static final long SPACE_SIZE = org.jxfs.core.format.Dir2Space.SPACE_SIZE;
    /** XFS_DIR2_LEAF_OFFSET and XFS_DIR2_FREE_OFFSET in bytes. */
    static final long LEAF_OFFSET = org.jxfs.core.format.Dir2Space.LEAF_OFFSET,
            FREE_OFFSET = org.jxfs.core.format.Dir2Space.FREE_OFFSET;
    /** XFS_DIR2_DATA_SPACE, XFS_DIR2_LEAF_SPACE, XFS_DIR2_FREE_SPACE. */
    static final int DATA_SPACE = 0, LEAF_SPACE = 1, FREE_SPACE = 2;
    /** Header sizes: xfs_dir3_data_hdr, xfs_dir3_leaf_hdr, xfs_da3_node_hdr and xfs_dir3_free_hdr are all 64. */
    static final int HDR_SIZE = 64;
    /** XFS_DA_NODE_MAXDEPTH: the deepest da btree, leaves included. */
    static final int NODE_MAXDEPTH = 5;
    /** XFS_DIR2_DATA_ALIGN_LOG: data pointers count 8-byte units. */
    static final int DATA_ALIGN_LOG = 3;
    /** NULLDATAOFF: a hole in a bests array. */
    static final int NULLDATAOFF = 0xffff;

    final int blksize;
    /** Filesystem blocks per directory block (geo->fsbcount). */
    final int fsbcount;
    final int blklog;
    /** geo->leafblk and geo->freeblk: the first block of the leaf and free spaces, in file blocks. */
    final long leafblk, freeblk;
    /** geo->leaf_max_ents (leaf1 and leafn) and geo->node_ents. */
    final int leafMaxEnts, nodeEnts;
    /** geo->free_max_bests: data blocks one free index block describes. */
    final int freeMaxBests;

    DirGeo(Geometry g) {
        this.blksize = g.dirBlockSize();
        this.fsbcount = 1 << g.dirblklog;
        this.blklog = Integer.numberOfTrailingZeros(blksize);
        this.leafblk = byteToDa(g, LEAF_OFFSET);
        this.freeblk = byteToDa(g, FREE_OFFSET);
        this.leafMaxEnts = (blksize - HDR_SIZE) / 8;
        this.nodeEnts = (blksize - HDR_SIZE) / 8;
        this.freeMaxBests = (blksize - HDR_SIZE) / 2;
    }

    private static long byteToDa(Geometry g, long by) {
        return by >>> g.blocklog;
    }

    /** xfs_dir2_db_to_da: a directory block number to its file block. */
    long dbToDa(long db) {
        return db * fsbcount;
    }

    /** xfs_dir2_da_to_db. */
    long daToDb(long da) {
        return da / fsbcount;
    }

    /** xfs_dir2_byte_to_db. */
    long byteToDb(long by) {
        return by >>> blklog;
    }

    /** xfs_dir2_db_off_to_dataptr: the leaf's address of the entry at {@code off} in data block {@code db}. */
    long dbOffToDataptr(long db, int off) {
        return ((db << blklog) + off) >>> DATA_ALIGN_LOG;
    }

    /** xfs_dir2_dataptr_to_db. */
    long dataptrToDb(long dataptr) {
        return (dataptr << DATA_ALIGN_LOG) >>> blklog;
    }

    /** xfs_dir2_dataptr_to_off. */
    int dataptrToOff(long dataptr) {
        return (int) ((dataptr << DATA_ALIGN_LOG) & (blksize - 1));
    }

    /** xfs_dir2_db_to_fdb: the free index block (directory block number) describing data block {@code db}. */
    long dbToFdb(long db) {
        return byteToDb(FREE_OFFSET) + db / freeMaxBests;
    }

    /** xfs_dir2_db_to_fdindex. */
    int dbToFdindex(long db) {
        return (int) (db % freeMaxBests);
    }

    /** The first data block (geo->datablk, 0) and the directory block number where the leaf space starts. */
    long leafFirstDb() {
        return byteToDb(LEAF_OFFSET);
    }

    long freeFirstDb() {
        return byteToDb(FREE_OFFSET);
    }
}
