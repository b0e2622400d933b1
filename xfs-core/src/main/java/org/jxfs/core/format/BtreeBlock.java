// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.putU16;
import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;

/**
 * struct xfs_btree_block (xfs_format.h), v5 (CRC) forms only, as static accessors over a block's bytes. The short
 * form (AG btrees: bnobt, cntbt, inobt, finobt) has 32-bit sibling pointers and a 56-byte header; the long form
 * (bmbt) has 64-bit siblings and a 72-byte header. Records, keys and pointers follow the header.
 */
public final class BtreeBlock {
    public static final int OFF_MAGIC = 0;
    public static final int OFF_LEVEL = 4;
    public static final int OFF_NUMRECS = 6;

    // struct xfs_btree_block_shdr, after the 8-byte common part
    public static final int OFF_S_LEFTSIB = 8;
    public static final int OFF_S_RIGHTSIB = 12;
    public static final int OFF_S_BLKNO = 16;
    public static final int OFF_S_LSN = 24;
    public static final int OFF_S_UUID = 32;
    public static final int OFF_S_OWNER = 48;
    public static final int OFF_S_CRC = 52;
    /** XFS_BTREE_SBLOCK_CRC_LEN. */
    public static final int SHORT_HDR_LEN = 56;

    // struct xfs_btree_block_lhdr, after the 8-byte common part
    public static final int OFF_L_LEFTSIB = 8;
    public static final int OFF_L_RIGHTSIB = 16;
    public static final int OFF_L_BLKNO = 24;
    public static final int OFF_L_LSN = 32;
    public static final int OFF_L_UUID = 40;
    public static final int OFF_L_OWNER = 56;
    public static final int OFF_L_CRC = 64;
    public static final int OFF_L_PAD = 68;
    /** XFS_BTREE_LBLOCK_CRC_LEN. */
    public static final int LONG_HDR_LEN = 72;

    /** NULLAGBLOCK: no sibling (short form). */
    public static final long NULL_SHORT_PTR = 0xffffffffL;
    /** NULLFSBLOCK: no sibling (long form). */
    public static final long NULL_LONG_PTR = -1L;

    public static final int ABTB_CRC_MAGIC = 0x41423342; // 'AB3B' bnobt
    public static final int ABTC_CRC_MAGIC = 0x41423343; // 'AB3C' cntbt
    public static final int IBT_CRC_MAGIC = 0x49414233; // 'IAB3' inobt
    public static final int FIBT_CRC_MAGIC = 0x46494233; // 'FIB3' finobt
    public static final int BMAP_CRC_MAGIC = 0x424d4133; // 'BMA3' bmbt
    public static final int RMAP_CRC_MAGIC = 0x524d4233; // 'RMB3' rmapbt
    public static final int REFC_CRC_MAGIC = 0x52334643; // 'R3FC' refcountbt

    private BtreeBlock() {
    }

    public static long magic(byte[] b) {
        return u32(b, OFF_MAGIC);
    }

    public static int level(byte[] b) {
        return u16(b, OFF_LEVEL);
    }

    public static void setLevel(byte[] b, int level) {
        putU16(b, OFF_LEVEL, level);
    }

    public static int numrecs(byte[] b) {
        return u16(b, OFF_NUMRECS);
    }

    public static void setNumrecs(byte[] b, int n) {
        putU16(b, OFF_NUMRECS, n);
    }

    public static long sLeftsib(byte[] b) {
        return u32(b, OFF_S_LEFTSIB);
    }

    public static void setSLeftsib(byte[] b, long agbno) {
        putU32(b, OFF_S_LEFTSIB, agbno);
    }

    public static long sRightsib(byte[] b) {
        return u32(b, OFF_S_RIGHTSIB);
    }

    public static void setSRightsib(byte[] b, long agbno) {
        putU32(b, OFF_S_RIGHTSIB, agbno);
    }

    public static long sBlkno(byte[] b) {
        return u64(b, OFF_S_BLKNO);
    }

    public static long sOwner(byte[] b) {
        return u32(b, OFF_S_OWNER);
    }

    public static long lLeftsib(byte[] b) {
        return u64(b, OFF_L_LEFTSIB);
    }

    public static void setLLeftsib(byte[] b, long fsbno) {
        putU64(b, OFF_L_LEFTSIB, fsbno);
    }

    public static long lRightsib(byte[] b) {
        return u64(b, OFF_L_RIGHTSIB);
    }

    public static void setLRightsib(byte[] b, long fsbno) {
        putU64(b, OFF_L_RIGHTSIB, fsbno);
    }

    public static long lBlkno(byte[] b) {
        return u64(b, OFF_L_BLKNO);
    }

    public static void setLBlkno(byte[] b, long daddr) {
        putU64(b, OFF_L_BLKNO, daddr);
    }

    public static long lOwner(byte[] b) {
        return u64(b, OFF_L_OWNER);
    }

    /**
     * Ports xfs_btree_init_block_int for a short-form CRC block: magic, level, no records, no siblings, its own
     * disk address, the filesystem's metadata uuid and the owning AG.
     */
    public static void initShort(byte[] b, int magic, int level, int numrecs, long daddr, byte[] metaUuid, int agno) {
        putU32(b, OFF_MAGIC, magic & 0xffffffffL);
        putU16(b, OFF_LEVEL, level);
        putU16(b, OFF_NUMRECS, numrecs);
        putU32(b, OFF_S_LEFTSIB, NULL_SHORT_PTR);
        putU32(b, OFF_S_RIGHTSIB, NULL_SHORT_PTR);
        putU64(b, OFF_S_BLKNO, daddr);
        putU64(b, OFF_S_LSN, 0);
        System.arraycopy(metaUuid, 0, b, OFF_S_UUID, 16);
        putU32(b, OFF_S_OWNER, agno);
        putU32(b, OFF_S_CRC, 0);
    }

    /** Ports xfs_btree_init_block_int for a long-form CRC block (bmbt): the owner is the inode number. */
    public static void initLong(byte[] b, int magic, int level, int numrecs, long daddr, byte[] metaUuid, long owner) {
        putU32(b, OFF_MAGIC, magic & 0xffffffffL);
        putU16(b, OFF_LEVEL, level);
        putU16(b, OFF_NUMRECS, numrecs);
        putU64(b, OFF_L_LEFTSIB, NULL_LONG_PTR);
        putU64(b, OFF_L_RIGHTSIB, NULL_LONG_PTR);
        putU64(b, OFF_L_BLKNO, daddr);
        putU64(b, OFF_L_LSN, 0);
        System.arraycopy(metaUuid, 0, b, OFF_L_UUID, 16);
        putU64(b, OFF_L_OWNER, owner);
        putU32(b, OFF_L_CRC, 0);
        putU32(b, OFF_L_PAD, 0);
    }

    /** True when the uuid field of a short-form block matches. */
    public static boolean sUuidMatches(byte[] b, byte[] metaUuid) {
        return java.util.Arrays.equals(b, OFF_S_UUID, OFF_S_UUID + 16, metaUuid, 0, 16);
    }

    /** True when the uuid field of a long-form block matches. */
    public static boolean lUuidMatches(byte[] b, byte[] metaUuid) {
        return java.util.Arrays.equals(b, OFF_L_UUID, OFF_L_UUID + 16, metaUuid, 0, 16);
    }
}
