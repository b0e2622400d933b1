// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

import java.util.UUID;

import org.jxfs.core.format.Geometry;

/**
 * Everything the mkfs writer needs, as mkfs.xfs 6.1 would compute it: the superblock's geometry and feature
 * words, where the log goes, where the root inodes go, and the per-AG layout of headers and btree roots. AG block
 * numbers ({@code *Agbno}) are the same in every AG.
 *
 * @param name              the device or image name (the report's meta-data column)
 * @param logagno           the AG holding the internal log (agcount / 2)
 * @param logagbno          the log's first block inside that AG (xfs_prealloc_blocks)
 * @param logstart          sb_logstart: packed fsblock {@code logagno << agblklog | logagbno}
 * @param minLogblocks      the floor mkfs applied (kernel minimum, XFS_MIN_LOG_BLOCKS, 10 MiB rule)
 * @param bnoRootAgbno      XFS_BNO_BLOCK: bnobt root
 * @param cntRootAgbno      XFS_CNT_BLOCK: cntbt root
 * @param inoRootAgbno      XFS_IBT_BLOCK: inobt root
 * @param finoRootAgbno     XFS_FIBT_BLOCK: finobt root, or -1 without finobt
 * @param refcountRootAgbno xfs_refc_block: refcountbt root, or -1 without reflink
 * @param preallocBlocks    xfs_prealloc_blocks: first block after the headers and btree roots
 * @param minFreelist       xfs_alloc_min_freelist for an empty AG: the AGFL blocks mkfs fills
 * @param firstFreeAgbno    first free block of an AG without the log: preallocBlocks + minFreelist (the AGFL
 *                          takes the blocks right after the roots); in the log's AG free space starts at
 *                          logagbno + logblocks + minFreelist
 * @param allocMaxlevels    m_alloc_maxlevels (for AGFL sizing in the writer)
 * @param rextsize          sb_rextsize in blocks (no realtime section, but the field is set)
 */
public record MkfsPlan(String name, int blocksize, int blocklog, int sectsize, int sectlog, int logsectsize,
        int logsectlog, int inodesize, int inodelog, int inopblock, int inopblog, long dblocks, int agcount,
        long agblocks, int agblklog, int dirblklog, long logblocks, int logagno, long logagbno, long logstart,
        long minLogblocks, int logsunit, int inoalignmt, int spinoAlign, int imaxPct, long rootino, long rbmino,
        long rsumino, int versionnum, int features2, int featuresCompat, int featuresRoCompat, int featuresIncompat,
        int featuresLogIncompat, UUID uuid, String label, boolean finobt, boolean sparse, boolean reflink,
        boolean rmapbt, boolean bigtime, boolean inobtcount, boolean nrext64, boolean ftype, long bnoRootAgbno,
        long cntRootAgbno, long inoRootAgbno, long finoRootAgbno, long refcountRootAgbno, long preallocBlocks,
        int minFreelist, long firstFreeAgbno, int allocMaxlevels, int rextsize) {

    /** The unit conversions for this plan. */
    public Geometry geometry() {
        return new Geometry(blocksize, sectsize, inodesize, agblocks, agcount, dblocks, logstart, logblocks,
                inoalignmt, dirblklog);
    }

    /** Directory block size in bytes. */
    public int dirBlockSize() {
        return blocksize << dirblklog;
    }
}
