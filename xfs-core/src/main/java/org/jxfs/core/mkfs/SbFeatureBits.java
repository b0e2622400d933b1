// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

/**
 * Ports sb_set_features (mkfs/xfs_mkfs.c) for v5 filesystems: the superblock version and feature words, the inode
 * alignment and the sparse inode alignment. The bit values are xfs_format.h's.
 *
 * @param versionnum          sb_versionnum
 * @param features2           sb_features2 (and sb_bad_features2)
 * @param featuresCompat      sb_features_compat
 * @param featuresRoCompat    sb_features_ro_compat
 * @param featuresIncompat    sb_features_incompat
 * @param featuresLogIncompat sb_features_log_incompat
 * @param inoalignmt          sb_inoalignmt in blocks
 * @param spinoAlign          sb_spino_align in blocks (0 without sparse inodes)
 * @param logsectlog          sb_logsectlog (0 for 512-byte sectors)
 * @param logsectsize         sb_logsectsize (0 for 512-byte sectors)
 */
public record SbFeatureBits(int versionnum, int features2, int featuresCompat, int featuresRoCompat,
        int featuresIncompat, int featuresLogIncompat, int inoalignmt, int spinoAlign, int logsectlog,
        int logsectsize) {

    public static final int XFS_SB_VERSION_5 = 5;
    public static final int XFS_SB_VERSION_ATTRBIT = 0x0010, XFS_SB_VERSION_NLINKBIT = 0x0020,
            XFS_SB_VERSION_ALIGNBIT = 0x0080, XFS_SB_VERSION_DALIGNBIT = 0x0100,
            XFS_SB_VERSION_LOGV2BIT = 0x0400, XFS_SB_VERSION_SECTORBIT = 0x0800,
            XFS_SB_VERSION_EXTFLGBIT = 0x1000, XFS_SB_VERSION_DIRV2BIT = 0x2000,
            XFS_SB_VERSION_MOREBITSBIT = 0x8000;
    /** XFS_DFL_SB_VERSION_BITS (xfs_multidisk.h). */
    public static final int XFS_DFL_SB_VERSION_BITS = XFS_SB_VERSION_NLINKBIT | XFS_SB_VERSION_DIRV2BIT
            | XFS_SB_VERSION_EXTFLGBIT;
    public static final int XFS_SB_VERSION2_LAZYSBCOUNTBIT = 0x00000002, XFS_SB_VERSION2_ATTR2BIT = 0x00000008,
            XFS_SB_VERSION2_PROJID32BIT = 0x00000080, XFS_SB_VERSION2_CRCBIT = 0x00000100;
    public static final int XFS_SB_FEAT_RO_COMPAT_FINOBT = 1 << 0, XFS_SB_FEAT_RO_COMPAT_RMAPBT = 1 << 1,
            XFS_SB_FEAT_RO_COMPAT_REFLINK = 1 << 2, XFS_SB_FEAT_RO_COMPAT_INOBTCNT = 1 << 3;
    public static final int XFS_SB_FEAT_INCOMPAT_FTYPE = 1 << 0, XFS_SB_FEAT_INCOMPAT_SPINODES = 1 << 1,
            XFS_SB_FEAT_INCOMPAT_META_UUID = 1 << 2, XFS_SB_FEAT_INCOMPAT_BIGTIME = 1 << 3,
            XFS_SB_FEAT_INCOMPAT_NEEDSREPAIR = 1 << 4, XFS_SB_FEAT_INCOMPAT_NREXT64 = 1 << 5;
    static final int BBSIZE = 512;

    /**
     * Ports sb_set_features for crc=1 with v2 logs, attr2, lazy counters, 32-bit project ids and aligned inodes
     * (all fixed on v5). Inode alignment follows the v5 inode cluster (8 KiB scaled by inode size / 256); with
     * sparse inodes that becomes the sparse alignment and full chunks align to the whole chunk.
     */
    public static SbFeatureBits of(int blocklog, int sectsize, int inodesize, boolean finobt, boolean sparse,
            boolean reflink, boolean bigtime, boolean inobtcount) {
        int versionnum = XFS_DFL_SB_VERSION_BITS | XFS_SB_VERSION_5;
        int clusterSize = MountGeometry.XFS_INODE_BIG_CLUSTER_SIZE * (inodesize / MountGeometry.XFS_DINODE_MIN_SIZE);
        versionnum |= XFS_SB_VERSION_ALIGNBIT;
        int inoalignmt = clusterSize >>> blocklog;
        versionnum |= XFS_SB_VERSION_LOGV2BIT;
        int logsectlog = 0;
        int logsectsize = 0;
        if (sectsize > BBSIZE) {
            versionnum |= XFS_SB_VERSION_SECTORBIT;
            logsectlog = Integer.numberOfTrailingZeros(sectsize);
            logsectsize = sectsize;
        }
        int features2 = XFS_SB_VERSION2_LAZYSBCOUNTBIT | XFS_SB_VERSION2_PROJID32BIT | XFS_SB_VERSION2_CRCBIT
                | XFS_SB_VERSION2_ATTR2BIT;
        versionnum |= XFS_SB_VERSION_MOREBITSBIT;
        int roCompat = 0;
        int incompat = XFS_SB_FEAT_INCOMPAT_FTYPE;
        if (finobt) {
            roCompat |= XFS_SB_FEAT_RO_COMPAT_FINOBT;
        }
        if (reflink) {
            roCompat |= XFS_SB_FEAT_RO_COMPAT_REFLINK;
        }
        if (inobtcount) {
            roCompat |= XFS_SB_FEAT_RO_COMPAT_INOBTCNT;
        }
        if (bigtime) {
            incompat |= XFS_SB_FEAT_INCOMPAT_BIGTIME;
        }
        int spinoAlign = 0;
        if (sparse) {
            spinoAlign = inoalignmt;
            inoalignmt = (MountGeometry.XFS_INODES_PER_CHUNK * inodesize) >>> blocklog;
            incompat |= XFS_SB_FEAT_INCOMPAT_SPINODES;
        }
        return new SbFeatureBits(versionnum & 0xffff, features2, 0, roCompat, incompat, 0, inoalignmt, spinoAlign,
                logsectlog, logsectsize);
    }
}
