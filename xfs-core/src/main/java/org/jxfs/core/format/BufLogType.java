// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;

/**
 * The buffer types of the log (XFS_BLFT_*, xfs_log_format.h) and where each kind of v5 metadata block keeps its LSN
 * and CRC, all found from the block's magic number: what xfs_trans_buf_set_type records when a buffer is logged,
 * what xlog_recover_get_buf_lsn reads back before deciding whether to replay it, and what the write verifier of the
 * type recomputes after a replay.
 */
public final class BufLogType {
    public static final int UNKNOWN = 0, UDQUOT = 1, PDQUOT = 2, GDQUOT = 3, BTREE = 4, AGF = 5, AGFL = 6, AGI = 7,
            DINO = 8, SYMLINK = 9, DIR_BLOCK = 10, DIR_DATA = 11, DIR_FREE = 12, DIR_LEAF1 = 13, DIR_LEAFN = 14,
            DA_NODE = 15, ATTR_LEAF = 16, ATTR_RMT = 17, SB = 18, RTBITMAP = 19, RTSUMMARY = 20;

    /** xfs_dir3_blk_hdr, xfs_da3_blkinfo and xfs_dsymlink_hdr / xfs_attr3_rmt_hdr: LSN and CRC offsets. */
    static final int OFF_DIR3_LSN = 16, OFF_DIR3_CRC = 4, OFF_DA3_LSN = 24, OFF_DA3_CRC = 12, OFF_RMT_LSN = 48,
            OFF_RMT_CRC = 12;
    /** Offset of the 16-bit magic of xfs_da3_blkinfo. */
    static final int OFF_DA3_MAGIC = 8;
    /** XFS_DINODE_MAGIC at offset 0 of an inode cluster buffer. */
    static final int DINODE_MAGIC = 0x494e;

    /**
     * One kind of block: its XFS_BLFT_* type, the offset of its LSN (-1: none, or one recovery ignores, as for
     * remote attribute blocks) and of its CRC.
     */
    private record Kind(int blft, int lsnOff, int crcOff) {
    }

    /** Magic numbers of the directory, symlink and attribute blocks (xfs_da_format.h, xfs_format.h). */
    public static final int DIR3_BLOCK_MAGIC = 0x58444233, DIR3_DATA_MAGIC = 0x58444433, DIR3_FREE_MAGIC = 0x58444633,
            SYMLINK_MAGIC = 0x58534c4d, ATTR3_RMT_MAGIC = 0x5841524d;
    /** 16-bit xfs_da3_blkinfo magic numbers (at {@link #OFF_DA3_MAGIC}). */
    public static final int DIR3_LEAF1_MAGIC = 0x3df1, DIR3_LEAFN_MAGIC = 0x3dff, DA3_NODE_MAGIC = 0x3ebe,
            ATTR3_LEAF_MAGIC = 0x3bee;

    private static final Kind SHORT_BTREE = new Kind(BTREE, BtreeBlock.OFF_S_LSN, BtreeBlock.OFF_S_CRC);
    private static final Kind LONG_BTREE = new Kind(BTREE, BtreeBlock.OFF_L_LSN, BtreeBlock.OFF_L_CRC);
    private static final Kind AGF_KIND = new Kind(AGF, Agf.OFF_LSN, Agf.OFF_CRC);
    private static final Kind AGFL_KIND = new Kind(AGFL, Agfl.OFF_LSN, Agfl.OFF_CRC);
    private static final Kind AGI_KIND = new Kind(AGI, Agi.OFF_LSN, Agi.OFF_CRC);
    private static final Kind SB_KIND = new Kind(SB, Sb.OFF_LSN, Sb.OFF_CRC);
    private static final Kind SYMLINK_KIND = new Kind(SYMLINK, OFF_RMT_LSN, OFF_RMT_CRC);
    private static final Kind DIR_BLOCK_KIND = new Kind(DIR_BLOCK, OFF_DIR3_LSN, OFF_DIR3_CRC);
    private static final Kind DIR_DATA_KIND = new Kind(DIR_DATA, OFF_DIR3_LSN, OFF_DIR3_CRC);
    private static final Kind DIR_FREE_KIND = new Kind(DIR_FREE, OFF_DIR3_LSN, OFF_DIR3_CRC);
    private static final Kind ATTR_RMT_KIND = new Kind(ATTR_RMT, -1, OFF_RMT_CRC);
    private static final Kind DIR_LEAF1_KIND = new Kind(DIR_LEAF1, OFF_DA3_LSN, OFF_DA3_CRC);
    private static final Kind DIR_LEAFN_KIND = new Kind(DIR_LEAFN, OFF_DA3_LSN, OFF_DA3_CRC);
    private static final Kind DA_NODE_KIND = new Kind(DA_NODE, OFF_DA3_LSN, OFF_DA3_CRC);
    private static final Kind ATTR_LEAF_KIND = new Kind(ATTR_LEAF, OFF_DA3_LSN, OFF_DA3_CRC);
    private static final Kind INODES = new Kind(DINO, -1, -1);
    private static final Kind NONE = new Kind(UNKNOWN, -1, -1);

    private BufLogType() {
    }

    private static Kind kind(byte[] b) {
        switch ((int) u32(b, 0)) {
            case BtreeBlock.ABTB_CRC_MAGIC, BtreeBlock.ABTC_CRC_MAGIC, BtreeBlock.IBT_CRC_MAGIC,
                    BtreeBlock.FIBT_CRC_MAGIC, BtreeBlock.RMAP_CRC_MAGIC, BtreeBlock.REFC_CRC_MAGIC:
                return SHORT_BTREE;
            case BtreeBlock.BMAP_CRC_MAGIC:
                return LONG_BTREE;
            case Agf.MAGIC:
                return AGF_KIND;
            case Agfl.MAGIC:
                return AGFL_KIND;
            case Agi.MAGIC:
                return AGI_KIND;
            case Sb.MAGIC:
                return SB_KIND;
            case SYMLINK_MAGIC:
                return SYMLINK_KIND;
            case DIR3_BLOCK_MAGIC:
                return DIR_BLOCK_KIND;
            case DIR3_DATA_MAGIC:
                return DIR_DATA_KIND;
            case DIR3_FREE_MAGIC:
                return DIR_FREE_KIND;
            case ATTR3_RMT_MAGIC:
                return ATTR_RMT_KIND;
            default:
                break;
        }
        switch (u16(b, OFF_DA3_MAGIC)) {
            case DIR3_LEAF1_MAGIC:
                return DIR_LEAF1_KIND;
            case DIR3_LEAFN_MAGIC:
                return DIR_LEAFN_KIND;
            case DA3_NODE_MAGIC:
                return DA_NODE_KIND;
            case ATTR3_LEAF_MAGIC:
                return ATTR_LEAF_KIND;
            default:
                return u16(b, 0) == DINODE_MAGIC ? INODES : NONE;
        }
    }

    /** The XFS_BLFT_* type of a v5 metadata block, from its magic; UNKNOWN when it has none jxfs knows. */
    public static int of(byte[] b) {
        return kind(b).blft;
    }

    /**
     * Ports xlog_recover_get_buf_lsn's table: the offset of the block's LSN, or -1 for a block recovery replays
     * without looking (an inode cluster, whose inodes carry their own; a remote attribute block; an unknown magic).
     */
    public static int lsnOffset(byte[] b) {
        return kind(b).lsnOff;
    }

    /** The offset of the block's CRC, which the write verifier of its type recomputes, or -1 (inode clusters). */
    public static int crcOffset(byte[] b) {
        return kind(b).crcOff;
    }
}
