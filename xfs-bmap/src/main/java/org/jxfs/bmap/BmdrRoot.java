// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.jxfs.core.format.BigEndian.putU16;
import static org.jxfs.core.format.BigEndian.u16;

import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;

/**
 * struct xfs_bmdr_block: the bmbt root as the inode stores it in a BTREE-format fork's literal area, and its
 * conversion to and from the in-core root (if_broot), which has a full long-form block header so that the btree
 * engine can treat it like any block. On disk the root drops that header for a 4-byte one (level u16, numrecs
 * u16, big-endian), then keys (u64 startoff) at +4 and pointers (u64 fsblock) at +4 + maxrecs * 8, where maxrecs
 * is sized by the fork, not by numrecs: {@code (forksize - 4) / 16}. In core, the pointers follow room for as
 * many keys as the root currently has capacity for, which the kernel keeps equal to numrecs.
 */
public final class BmdrRoot {
    /** sizeof(struct xfs_bmdr_block): bb_level, bb_numrecs. */
    public static final int HDR_LEN = 4;
    static final int OFF_LEVEL = 0;
    static final int OFF_NUMRECS = 2;
    /** XFS_BMBT_BLOCK_LEN for v5: the in-core root's header is a whole long-form block header. */
    public static final int BMBT_BLOCK_LEN = BtreeBlock.LONG_HDR_LEN;
    /** XFS_DATA_FORK's MINDBTPTRS: a data fork in BTREE format has room for at least this many root pointers. */
    public static final int MINDBTPTRS = 3;
    /** MINABTPTRS: the same for the attr fork. */
    public static final int MINABTPTRS = 2;

    private BmdrRoot() {
    }

    /** Ports xfs_bmdr_maxrecs: entries a root of {@code blocklen} bytes in the inode holds. */
    public static int maxrecs(int blocklen, boolean leaf) {
        int len = blocklen - HDR_LEN;
        return leaf ? len / BmbtOps.REC_LEN : len / (BmbtOps.KEY_LEN + BmbtOps.PTR_LEN);
    }

    /** Ports xfs_bmbt_maxrecs: entries a bmbt block (or in-core root) of {@code blocklen} bytes holds. */
    public static int bmbtMaxrecs(int blocklen, boolean leaf) {
        int len = blocklen - BMBT_BLOCK_LEN;
        return leaf ? len / BmbtOps.REC_LEN : len / (BmbtOps.KEY_LEN + BmbtOps.PTR_LEN);
    }

    /** m_bmap_dmnr: the fewest entries a non-root bmbt block may hold (half of maxrecs). */
    public static int bmbtMinrecs(int blocksize, boolean leaf) {
        return bmbtMaxrecs(blocksize, leaf) / 2;
    }

    /** XFS_BMAP_BROOT_SPACE_CALC: bytes of an in-core root with room for {@code nrecs} keys and pointers. */
    public static int brootSpaceCalc(int nrecs) {
        return BMBT_BLOCK_LEN + nrecs * (BmbtOps.KEY_LEN + BmbtOps.PTR_LEN);
    }

    /** XFS_BMDR_SPACE_CALC: bytes the on-disk root needs for {@code nrecs} keys and pointers. */
    public static int bmdrSpaceCalc(int nrecs) {
        return HDR_LEN + nrecs * (BmbtOps.KEY_LEN + BmbtOps.PTR_LEN);
    }

    public static int level(byte[] d, int off) {
        return u16(d, off + OFF_LEVEL);
    }

    public static int numrecs(byte[] d, int off) {
        return u16(d, off + OFF_NUMRECS);
    }

    /** XFS_BMAP_BROOT_PTR_ADDR as a byte offset: pointer {@code i} of an in-core root of {@code rblocklen} bytes. */
    public static int brootPtrOff(int i, int rblocklen) {
        return BMBT_BLOCK_LEN + bmbtMaxrecs(rblocklen, false) * BmbtOps.KEY_LEN + (i - 1) * BmbtOps.PTR_LEN;
    }

    /** XFS_BMBT_KEY_ADDR as a byte offset. */
    public static int brootKeyOff(int i) {
        return BMBT_BLOCK_LEN + (i - 1) * BmbtOps.KEY_LEN;
    }

    /**
     * Ports xfs_bmdr_to_bmbt: builds the in-core root from the on-disk one ({@code dblocklen} bytes at
     * {@code d[doff..]}) into {@code rblock}, which is {@code rblocklen} bytes (XFS_BMAP_BROOT_SPACE of the on-disk
     * numrecs, as xfs_iformat_btree sizes it). The header is a block header with no disk address and no siblings,
     * owned by {@code ino}, as xfs_btree_init_block_int makes it.
     */
    public static void bmdrToBmbt(byte[] d, int doff, int dblocklen, byte[] rblock, int rblocklen, long ino,
            byte[] metaUuid) {
        BtreeBlock.initLong(rblock, BtreeBlock.BMAP_CRC_MAGIC, 0, 0, XfsBuf.DADDR_NULL, metaUuid, ino);
        int level = level(d, doff);
        int n = numrecs(d, doff);
        assert level > 0 : "bmdr root at level 0";
        BtreeBlock.setLevel(rblock, level);
        BtreeBlock.setNumrecs(rblock, n);
        int dmxr = maxrecs(dblocklen, false);
        System.arraycopy(d, doff + HDR_LEN, rblock, brootKeyOff(1), n * BmbtOps.KEY_LEN);
        System.arraycopy(d, doff + HDR_LEN + dmxr * BmbtOps.KEY_LEN, rblock, brootPtrOff(1, rblocklen),
                n * BmbtOps.PTR_LEN);
    }

    /**
     * Ports xfs_bmbt_to_bmdr: writes the in-core root ({@code rblocklen} bytes) into the fork's literal area
     * ({@code dblocklen} bytes at {@code d[doff..]}), as xfs_iflush_fork does when the inode is written. The
     * pointers go where a fork of that size puts them, after room for maxrecs keys.
     */
    public static void bmbtToBmdr(byte[] rblock, int rblocklen, byte[] d, int doff, int dblocklen) {
        assert BtreeBlock.magic(rblock) == (BtreeBlock.BMAP_CRC_MAGIC & 0xffffffffL);
        assert BtreeBlock.lBlkno(rblock) == XfsBuf.DADDR_NULL;
        assert BtreeBlock.lLeftsib(rblock) == BtreeBlock.NULL_LONG_PTR;
        assert BtreeBlock.lRightsib(rblock) == BtreeBlock.NULL_LONG_PTR;
        assert BtreeBlock.level(rblock) != 0;
        int n = BtreeBlock.numrecs(rblock);
        assert bmdrSpaceCalc(n) <= dblocklen : "root of " + n + " entries does not fit a fork of " + dblocklen;
        putU16(d, doff + OFF_LEVEL, BtreeBlock.level(rblock));
        putU16(d, doff + OFF_NUMRECS, n);
        int dmxr = maxrecs(dblocklen, false);
        System.arraycopy(rblock, brootKeyOff(1), d, doff + HDR_LEN, n * BmbtOps.KEY_LEN);
        System.arraycopy(rblock, brootPtrOff(1, rblocklen), d, doff + HDR_LEN + dmxr * BmbtOps.KEY_LEN,
                n * BmbtOps.PTR_LEN);
    }

    /**
     * The checks xfs_iformat_btree makes before trusting an on-disk root: a node (level 1 or more) with at least
     * one entry that fits the fork. Returns what is wrong, or null. (The kernel also requires more extents than
     * the EXTENTS format could hold and no more than di_nblocks; those are the fork's checks.)
     */
    public static String verify(byte[] d, int doff, int dblocklen, int maxLevels) {
        int level = level(d, doff);
        int n = numrecs(d, doff);
        if (level == 0 || level > maxLevels) {
            return "bmdr root level " + level + " outside [1, " + maxLevels + "]";
        }
        if (n == 0 || bmdrSpaceCalc(n) > dblocklen) {
            return "bmdr root numrecs " + n + " does not fit a fork of " + dblocklen + " bytes";
        }
        return null;
    }
}
