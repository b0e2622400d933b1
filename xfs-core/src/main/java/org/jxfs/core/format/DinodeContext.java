// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

/**
 * What xfs_dinode_verify reads of the mount besides the inode: the metadata UUID, the feature bits that allow inode
 * flags (reflink, bigtime, large extent counts), the AG size that bounds an extent size hint, the block size, and the
 * size of the filesystem.
 *
 * @param metaUuid  sb_meta_uuid (the uuid when the feature is off)
 * @param reflink   the reflink feature (XFS_DIFLAG2_REFLINK and COWEXTSIZE are allowed)
 * @param bigtime   the bigtime feature (XFS_DIFLAG2_BIGTIME is allowed)
 * @param nrext64   the large extent counter feature (XFS_DIFLAG2_NREXT64 is allowed)
 * @param agblocks  sb_agblocks
 * @param blocklog  sb_blocklog
 * @param dblocks   sb_dblocks
 */
public record DinodeContext(byte[] metaUuid, boolean reflink, boolean bigtime, boolean nrext64, long agblocks,
        int blocklog, long dblocks) {

    /** The context of a filesystem with the superblock {@code sb}. */
    public static DinodeContext of(Sb sb) {
        long incompat = sb.featuresIncompat();
        return new DinodeContext(sb.effectiveMetaUuid(),
                (sb.featuresRoCompat() & Features.RO_COMPAT_REFLINK) != 0,
                (incompat & Features.INCOMPAT_BIGTIME) != 0,
                (incompat & Features.INCOMPAT_NREXT64) != 0,
                sb.agblocks(), sb.blocklog(), sb.dblocks());
    }
}
