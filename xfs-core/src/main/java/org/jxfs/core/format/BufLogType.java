// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;

/**
 * The buffer types of the log (XFS_BLFT_*, xfs_log_format.h) and where each kind of v5 metadata block keeps its LSN,
 * both found from the block's magic number: what xfs_trans_buf_set_type records when a buffer is logged and what
 * xlog_recover_get_buf_lsn reads back before deciding whether to replay it.
 */
public final class BufLogType {
    public static final int UNKNOWN = 0, UDQUOT = 1, PDQUOT = 2, GDQUOT = 3, BTREE = 4, AGF = 5, AGFL = 6, AGI = 7,
            DINO = 8, SYMLINK = 9, DIR_BLOCK = 10, DIR_DATA = 11, DIR_FREE = 12, DIR_LEAF1 = 13, DIR_LEAFN = 14,
            DA_NODE = 15, ATTR_LEAF = 16, ATTR_RMT = 17, SB = 18, RTBITMAP = 19, RTSUMMARY = 20;

    // 32-bit magics at offset 0
    static final long ABTB_CRC = 0x41423342L, ABTC_CRC = 0x41423343L, IBT_CRC = 0x49414233L, FIBT_CRC = 0x46494233L,
            RMAP_CRC = 0x524d4233L, REFC_CRC = 0x52334643L, BMAP_CRC = 0x424d4133L, AGF_MAGIC = 0x58414746L,
            AGFL_MAGIC = 0x5841464cL, AGI_MAGIC = 0x58414749L, SB_MAGIC = 0x58465342L, SYMLINK_MAGIC = 0x58534c4dL,
            DIR3_BLOCK = 0x58444233L, DIR3_DATA = 0x58444433L, DIR3_FREE = 0x58444633L, ATTR3_RMT = 0x5841524dL;
    // 16-bit magics of xfs_da3_blkinfo at offset 8
    static final int DIR3_LEAF1 = 0x3df1, DIR3_LEAFN = 0x3dff, DA3_NODE = 0x3ebe, ATTR3_LEAF = 0x3bee;
    /** LSN offsets: xfs_dir3_blk_hdr.lsn, xfs_da3_blkinfo.lsn, xfs_dsymlink_hdr / xfs_attr3_rmt_hdr.rm_lsn. */
    static final int OFF_DIR3_LSN = 16, OFF_DA3_LSN = 24, OFF_RMT_LSN = 48;
    /** CRC offsets of the same headers. */
    static final int OFF_DIR3_CRC = 4, OFF_DA3_CRC = 12, OFF_RMT_CRC = 12;
    /** Offset of the 16-bit magic of xfs_da3_blkinfo. */
    static final int OFF_DA3_MAGIC = 8;
    /** XFS_DINODE_MAGIC at offset 0 of an inode cluster buffer. */
    static final int DINODE_MAGIC = 0x494e;

    private BufLogType() {
    }

    /** The XFS_BLFT_* type of a v5 metadata block, from its magic; UNKNOWN when it has none jxfs knows. */
    public static int of(byte[] b) {
        switch ((int) u32(b, 0)) {
            case (int) ABTB_CRC, (int) ABTC_CRC, (int) IBT_CRC, (int) FIBT_CRC, (int) RMAP_CRC, (int) REFC_CRC,
                    (int) BMAP_CRC:
                return BTREE;
            case (int) AGF_MAGIC: return AGF;
            case (int) AGFL_MAGIC: return AGFL;
            case (int) AGI_MAGIC: return AGI;
            case (int) SB_MAGIC: return SB;
            case (int) SYMLINK_MAGIC: return SYMLINK;
            case (int) DIR3_BLOCK: return DIR_BLOCK;
            case (int) DIR3_DATA: return DIR_DATA;
            case (int) DIR3_FREE: return DIR_FREE;
            case (int) ATTR3_RMT: return ATTR_RMT;
            default:
                break;
        }
        switch (u16(b, OFF_DA3_MAGIC)) {
            case DIR3_LEAF1: return DIR_LEAF1;
            case DIR3_LEAFN: return DIR_LEAFN;
            case DA3_NODE: return DA_NODE;
            case ATTR3_LEAF: return ATTR_LEAF;
            default:
                break;
        }
        return u16(b, 0) == DINODE_MAGIC ? DINO : UNKNOWN;
    }

    /**
     * Ports xlog_recover_get_buf_lsn's table: the offset of the block's LSN, or -1 for a block that has none (an
     * inode cluster, whose inodes carry their own, or an unknown magic: such buffers are always replayed).
     */
    public static int lsnOffset(byte[] b) {
        switch ((int) u32(b, 0)) {
            case (int) ABTB_CRC, (int) ABTC_CRC, (int) IBT_CRC, (int) FIBT_CRC, (int) RMAP_CRC, (int) REFC_CRC:
                return BtreeBlock.OFF_S_LSN;
            case (int) BMAP_CRC: return BtreeBlock.OFF_L_LSN;
            case (int) AGF_MAGIC: return Agf.OFF_LSN;
            case (int) AGFL_MAGIC: return Agfl.OFF_LSN;
            case (int) AGI_MAGIC: return Agi.OFF_LSN;
            case (int) SB_MAGIC: return Sb.OFF_LSN;
            case (int) SYMLINK_MAGIC: return OFF_RMT_LSN;
            case (int) DIR3_BLOCK, (int) DIR3_DATA, (int) DIR3_FREE: return OFF_DIR3_LSN;
            default:
                break;
        }
        switch (u16(b, OFF_DA3_MAGIC)) {
            case DIR3_LEAF1, DIR3_LEAFN, DA3_NODE, ATTR3_LEAF: return OFF_DA3_LSN;
            default:
                return -1;
        }
    }

    /**
     * Where the block's CRC is (the offset the write verifier of its type recomputes after a replay), or -1: an
     * inode cluster (per-inode CRCs) or an unknown magic. Remote attribute blocks also carry their LSN at
     * {@link #OFF_RMT_LSN}, but recovery replays them without looking at it, as the kernel does.
     */
    public static int crcOffset(byte[] b) {
        switch ((int) u32(b, 0)) {
            case (int) ABTB_CRC, (int) ABTC_CRC, (int) IBT_CRC, (int) FIBT_CRC, (int) RMAP_CRC, (int) REFC_CRC:
                return BtreeBlock.OFF_S_CRC;
            case (int) BMAP_CRC: return BtreeBlock.OFF_L_CRC;
            case (int) AGF_MAGIC: return Agf.OFF_CRC;
            case (int) AGFL_MAGIC: return Agfl.OFF_CRC;
            case (int) AGI_MAGIC: return Agi.OFF_CRC;
            case (int) SB_MAGIC: return Sb.OFF_CRC;
            case (int) SYMLINK_MAGIC, (int) ATTR3_RMT: return OFF_RMT_CRC;
            case (int) DIR3_BLOCK, (int) DIR3_DATA, (int) DIR3_FREE: return OFF_DIR3_CRC;
            default:
                break;
        }
        switch (u16(b, OFF_DA3_MAGIC)) {
            case DIR3_LEAF1, DIR3_LEAFN, DA3_NODE, ATTR3_LEAF: return OFF_DA3_CRC;
            default:
                return -1;
        }
    }
}
