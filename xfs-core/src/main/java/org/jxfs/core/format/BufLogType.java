// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;

import java.util.Map;

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

    private static final Kind SHORT_BTREE = new Kind(BTREE, BtreeBlock.OFF_S_LSN, BtreeBlock.OFF_S_CRC);
    /** Kinds with a 32-bit magic at offset 0. */
    private static final Map<Long, Kind> BY_MAGIC = Map.ofEntries(
            Map.entry(0x41423342L, SHORT_BTREE),                                  // XFS_ABTB_CRC_MAGIC
            Map.entry(0x41423343L, SHORT_BTREE),                                  // XFS_ABTC_CRC_MAGIC
            Map.entry(0x49414233L, SHORT_BTREE),                                  // XFS_IBT_CRC_MAGIC
            Map.entry(0x46494233L, SHORT_BTREE),                                  // XFS_FIBT_CRC_MAGIC
            Map.entry(0x524d4233L, SHORT_BTREE),                                  // XFS_RMAP_CRC_MAGIC
            Map.entry(0x52334643L, SHORT_BTREE),                                  // XFS_REFC_CRC_MAGIC
            Map.entry(0x424d4133L, new Kind(BTREE, BtreeBlock.OFF_L_LSN, BtreeBlock.OFF_L_CRC)), // XFS_BMAP_CRC_MAGIC
            Map.entry((long) Agf.MAGIC, new Kind(AGF, Agf.OFF_LSN, Agf.OFF_CRC)),
            Map.entry(0x5841464cL, new Kind(AGFL, Agfl.OFF_LSN, Agfl.OFF_CRC)),   // XFS_AGFL_MAGIC
            Map.entry(0x58414749L, new Kind(AGI, Agi.OFF_LSN, Agi.OFF_CRC)),      // XFS_AGI_MAGIC
            Map.entry((long) Sb.MAGIC, new Kind(SB, Sb.OFF_LSN, Sb.OFF_CRC)),
            Map.entry(0x58534c4dL, new Kind(SYMLINK, OFF_RMT_LSN, OFF_RMT_CRC)),  // XFS_SYMLINK_MAGIC
            Map.entry(0x58444233L, new Kind(DIR_BLOCK, OFF_DIR3_LSN, OFF_DIR3_CRC)), // XFS_DIR3_BLOCK_MAGIC
            Map.entry(0x58444433L, new Kind(DIR_DATA, OFF_DIR3_LSN, OFF_DIR3_CRC)),  // XFS_DIR3_DATA_MAGIC
            Map.entry(0x58444633L, new Kind(DIR_FREE, OFF_DIR3_LSN, OFF_DIR3_CRC)),  // XFS_DIR3_FREE_MAGIC
            Map.entry(0x5841524dL, new Kind(ATTR_RMT, -1, OFF_RMT_CRC)));         // XFS_ATTR3_RMT_MAGIC
    /** Kinds with a 16-bit xfs_da3_blkinfo magic at offset 8. */
    private static final Map<Integer, Kind> BY_DA_MAGIC = Map.of(
            0x3df1, new Kind(DIR_LEAF1, OFF_DA3_LSN, OFF_DA3_CRC),               // XFS_DIR3_LEAF1_MAGIC
            0x3dff, new Kind(DIR_LEAFN, OFF_DA3_LSN, OFF_DA3_CRC),               // XFS_DIR3_LEAFN_MAGIC
            0x3ebe, new Kind(DA_NODE, OFF_DA3_LSN, OFF_DA3_CRC),                 // XFS_DA3_NODE_MAGIC
            0x3bee, new Kind(ATTR_LEAF, OFF_DA3_LSN, OFF_DA3_CRC));              // XFS_ATTR3_LEAF_MAGIC
    private static final Kind INODES = new Kind(DINO, -1, -1);
    private static final Kind NONE = new Kind(UNKNOWN, -1, -1);

    private BufLogType() {
    }

    private static Kind kind(byte[] b) {
        Kind k = BY_MAGIC.get(u32(b, 0));
        if (k == null) {
            k = BY_DA_MAGIC.get(u16(b, OFF_DA3_MAGIC));
        }
        if (k == null) {
            k = u16(b, 0) == DINODE_MAGIC ? INODES : NONE;
        }
        return k;
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
