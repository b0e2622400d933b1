// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;

/**
 * The buffer verifier of a v5 btree block, generic over the tree: one instance per btree type (xfs_bnobt_buf_ops,
 * xfs_cntbt_buf_ops, xfs_inobt_buf_ops, xfs_finobt_buf_ops, xfs_bmbt_buf_ops). Ports xfs_btree_sblock_v5hdr_verify
 * + xfs_btree_sblock_verify for the short (AG) form and xfs_btree_lblock_v5hdr_verify + xfs_btree_lblock_verify
 * for the long (inode-rooted) form, plus the per-tree magic and level checks of xfs_allocbt_verify and friends.
 * The bmbt owner is not checked here: as in the kernel, the buffer verifier does not know the inode
 * (XFS_RMAP_OWN_UNKNOWN); the btree engine checks it on lookup.
 */
public final class BtreeBlockOps implements BufOps {
    /** XFS_MIN_BLOCKSIZE and the non-CRC header lengths, for the on-disk worst case of xfs_*_maxlevels_ondisk. */
    private static final int MIN_BLOCKSIZE = 512, SBLOCK_LEN = 16, LBLOCK_LEN = 24;
    /** XFS_MAX_AG_BLOCKS: XFS_MAX_AG_BYTES / XFS_MIN_BLOCKSIZE. */
    private static final long MAX_AG_BLOCKS = (1L << 40) / MIN_BLOCKSIZE;
    /** XFS_MAX_EXTCNT_DATA_FORK_LARGE. */
    private static final long MAX_EXTCNT_LARGE = (1L << 48) - 1;

    public static final BtreeBlockOps BNOBT = new BtreeBlockOps("xfs_bnobt", BtreeBlock.ABTB_CRC_MAGIC, false, 8, 8, 4,
            ondiskMaxLevels(false, 8, 8, 4, (MAX_AG_BLOCKS + 1) / 2, 0));
    public static final BtreeBlockOps CNTBT = new BtreeBlockOps("xfs_cntbt", BtreeBlock.ABTC_CRC_MAGIC, false, 8, 8, 4,
            BNOBT.maxLevel());
    public static final BtreeBlockOps INOBT = new BtreeBlockOps("xfs_inobt", BtreeBlock.IBT_CRC_MAGIC, false, 16, 4, 4,
            ondiskMaxLevels(false, 16, 4, 4, (1L << 32) / Geometry.INODES_PER_CHUNK, 0));
    public static final BtreeBlockOps FINOBT = new BtreeBlockOps("xfs_finobt", BtreeBlock.FIBT_CRC_MAGIC, false, 16, 4,
            4, INOBT.maxLevel());
    /** struct xfs_refcount_rec (startblock, blockcount, refcount) under u32 keys and pointers. */
    public static final BtreeBlockOps REFCOUNTBT = new BtreeBlockOps("xfs_refcountbt", BtreeBlock.REFC_CRC_MAGIC,
            false, 12, 4, 4, ondiskMaxLevels(false, 12, 4, 4, MAX_AG_BLOCKS, 0));
    public static final BtreeBlockOps BMBT = new BtreeBlockOps("xfs_bmbt", BtreeBlock.BMAP_CRC_MAGIC, true, 16, 8, 8,
            ondiskMaxLevels(true, 16, 8, 8, MAX_EXTCNT_LARGE, 1));

    private final String name;
    private final int magic;
    private final boolean longForm;
    private final int recLen;
    private final int keyLen;
    private final int ptrLen;
    private final int maxLevel;

    /**
     * @param maxLevel the tallest tree this type can have (the level field of a block is below it)
     */
    public BtreeBlockOps(String name, int magic, boolean longForm, int recLen, int keyLen, int ptrLen, int maxLevel) {
        this.name = name;
        this.magic = magic;
        this.longForm = longForm;
        this.recLen = recLen;
        this.keyLen = keyLen;
        this.ptrLen = ptrLen;
        this.maxLevel = maxLevel;
    }

    @Override
    public String name() {
        return name;
    }

    public int magic() {
        return magic;
    }

    public boolean longForm() {
        return longForm;
    }

    public int recLen() {
        return recLen;
    }

    public int keyLen() {
        return keyLen;
    }

    public int ptrLen() {
        return ptrLen;
    }

    /** The tallest tree of this type on any filesystem (xfs_*_maxlevels_ondisk). */
    public int maxLevel() {
        return maxLevel;
    }

    /** Header length of a CRC block of this form (XFS_BTREE_SBLOCK_CRC_LEN / XFS_BTREE_LBLOCK_CRC_LEN). */
    public int headerLen() {
        return longForm ? BtreeBlock.LONG_HDR_LEN : BtreeBlock.SHORT_HDR_LEN;
    }

    /** Ports xfs_allocbt_maxrecs and friends: records (leaf) or key/pointer pairs (node) in a block. */
    public int maxRecs(int blocksize, boolean leaf) {
        int len = blocksize - headerLen();
        return leaf ? len / recLen : len / (keyLen + ptrLen);
    }

    @Override
    public int crcOffset() {
        return longForm ? BtreeBlock.OFF_L_CRC : BtreeBlock.OFF_S_CRC;
    }

    @Override
    public int lsnOffset() {
        return longForm ? BtreeBlock.OFF_L_LSN : BtreeBlock.OFF_S_LSN;
    }

    @Override
    public String verifyStruct(XfsBuf bp, VerifyContext ctx) {
        byte[] b = bp.data();
        if (BtreeBlock.magic(b) != (magic & 0xffffffffL)) {
            return "bad magic 0x" + Long.toHexString(BtreeBlock.magic(b));
        }
        int level = BtreeBlock.level(b);
        if (level >= maxLevel) {
            return "bb_level " + level + " not below the maximum height " + maxLevel;
        }
        int max = maxRecs(b.length, level == 0);
        if (BtreeBlock.numrecs(b) > max) {
            return "bb_numrecs " + BtreeBlock.numrecs(b) + " above the maximum " + max;
        }
        return longForm ? verifyLong(bp, ctx) : verifyShort(bp, ctx);
    }

    /** Ports xfs_btree_sblock_v5hdr_verify and the sibling checks of xfs_btree_sblock_verify. */
    private static String verifyShort(XfsBuf bp, VerifyContext ctx) {
        byte[] b = bp.data();
        if (ctx.metaUuid() != null && !BtreeBlock.sUuidMatches(b, ctx.metaUuid())) {
            return "bb_uuid does not match the filesystem";
        }
        if (BtreeBlock.sBlkno(b) != bp.daddr()) {
            return "bb_blkno " + BtreeBlock.sBlkno(b) + " is not the block's daddr " + bp.daddr();
        }
        Geometry g = ctx.geometry();
        if (g == null) {
            return null;
        }
        long linear = g.bbToFsbt(bp.daddr());
        long agno = linear / g.agblocks;
        long agbno = linear % g.agblocks;
        if (BtreeBlock.sOwner(b) != agno) {
            return "bb_owner " + BtreeBlock.sOwner(b) + " is not AG " + agno;
        }
        long length = g.agBlockCount((int) agno);
        String why = checkSibling("bb_leftsib", BtreeBlock.sLeftsib(b), agbno, length);
        return why != null ? why : checkSibling("bb_rightsib", BtreeBlock.sRightsib(b), agbno, length);
    }

    /** Ports xfs_btree_check_sblock_siblings. */
    private static String checkSibling(String field, long sib, long agbno, long agLength) {
        if (sib == BtreeBlock.NULL_SHORT_PTR) {
            return null;
        }
        if (sib == agbno) {
            return field + " " + sib + " points at the block itself";
        }
        if (sib == 0 || sib >= agLength) {
            return field + " " + sib + " outside the AG";
        }
        return null;
    }

    /** Ports xfs_btree_lblock_v5hdr_verify and the sibling checks of xfs_btree_lblock_verify. */
    private static String verifyLong(XfsBuf bp, VerifyContext ctx) {
        byte[] b = bp.data();
        if (ctx.metaUuid() != null && !BtreeBlock.lUuidMatches(b, ctx.metaUuid())) {
            return "bb_uuid does not match the filesystem";
        }
        if (BtreeBlock.lBlkno(b) != bp.daddr()) {
            return "bb_blkno " + BtreeBlock.lBlkno(b) + " is not the block's daddr " + bp.daddr();
        }
        Geometry g = ctx.geometry();
        if (g == null) {
            return null;
        }
        long self = g.daddrToFsb(bp.daddr());
        String why = checkLongSibling(g, "bb_leftsib", BtreeBlock.lLeftsib(b), self);
        return why != null ? why : checkLongSibling(g, "bb_rightsib", BtreeBlock.lRightsib(b), self);
    }

    /** Ports xfs_btree_check_lblock_siblings with xfs_verify_fsbno. */
    private static String checkLongSibling(Geometry g, String field, long sib, long self) {
        if (sib == BtreeBlock.NULL_LONG_PTR) {
            return null;
        }
        if (sib == self) {
            return field + " " + sib + " points at the block itself";
        }
        int agno = g.fsbToAgno(sib);
        if (sib < 0 || agno >= g.agcount || g.fsbToAgbno(sib) >= g.agBlockCount(agno)) {
            return field + " 0x" + Long.toHexString(sib) + " outside the filesystem";
        }
        return null;
    }

    /** Ports xfs_btree_compute_maxlevels: height of the tallest tree of {@code records} with minimal blocks. */
    public static int computeMaxlevels(int leafMinrecs, int nodeMinrecs, long records) {
        long maxblocks = (records + leafMinrecs - 1) / leafMinrecs;
        int level = 1;
        while (maxblocks > 1) {
            maxblocks = (maxblocks + nodeMinrecs - 1) / nodeMinrecs;
            level++;
        }
        return level;
    }

    /** Ports xfs_*_maxlevels_ondisk: the worst case over block sizes, with {@code extra} levels (bmbt inode root). */
    private static int ondiskMaxLevels(boolean longForm, int recLen, int keyLen, int ptrLen, long records,
            int extra) {
        int blocklen = longForm
                ? Math.min(MIN_BLOCKSIZE - LBLOCK_LEN, SbOps.MIN_CRC_BLOCKSIZE - BtreeBlock.LONG_HDR_LEN)
                : Math.min(MIN_BLOCKSIZE - SBLOCK_LEN, SbOps.MIN_CRC_BLOCKSIZE - BtreeBlock.SHORT_HDR_LEN);
        return computeMaxlevels(blocklen / recLen / 2, blocklen / (keyLen + ptrLen) / 2, records) + extra;
    }
}
