// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.Geometry;

/**
 * The block-level helpers of xfs_btree.c: where the n-th record, key and pointer of a block live, sibling and
 * record-count accessors, copying and shifting entries, logging changed ranges, and reading, getting, initialising
 * and freeing blocks. Entry indexes are 1-based, as in the kernel.
 */
public final class BtreeBlocks {
    // XFS_BB_* field bits for xfs_btree_log_block.
    public static final int BB_MAGIC = 1 << 0;
    public static final int BB_LEVEL = 1 << 1;
    public static final int BB_NUMRECS = 1 << 2;
    public static final int BB_LEFTSIB = 1 << 3;
    public static final int BB_RIGHTSIB = 1 << 4;
    public static final int BB_BLKNO = 1 << 5;
    public static final int BB_LSN = 1 << 6;
    public static final int BB_UUID = 1 << 7;
    public static final int BB_OWNER = 1 << 8;
    /** XFS_BB_NUM_BITS_CRC: v5 blocks log every header field but the CRC, which is recomputed on write. */
    private static final int BB_NUM_BITS_CRC = 9;
    /** XFS_BB_ALL_BITS_CRC. */
    public static final int BB_ALL_BITS = (1 << BB_NUM_BITS_CRC) - 1;

    /** Field offsets for the short-form header, indexed by XFS_BB_* bit, plus the header end (soffsets). */
    private static final int[] SHORT_OFFSETS = {BtreeBlock.OFF_MAGIC, BtreeBlock.OFF_LEVEL, BtreeBlock.OFF_NUMRECS,
        BtreeBlock.OFF_S_LEFTSIB, BtreeBlock.OFF_S_RIGHTSIB, BtreeBlock.OFF_S_BLKNO, BtreeBlock.OFF_S_LSN,
        BtreeBlock.OFF_S_UUID, BtreeBlock.OFF_S_OWNER, BtreeBlock.OFF_S_CRC, BtreeBlock.SHORT_HDR_LEN};
    /** Field offsets for the long-form header (loffsets). */
    private static final int[] LONG_OFFSETS = {BtreeBlock.OFF_MAGIC, BtreeBlock.OFF_LEVEL, BtreeBlock.OFF_NUMRECS,
        BtreeBlock.OFF_L_LEFTSIB, BtreeBlock.OFF_L_RIGHTSIB, BtreeBlock.OFF_L_BLKNO, BtreeBlock.OFF_L_LSN,
        BtreeBlock.OFF_L_UUID, BtreeBlock.OFF_L_OWNER, BtreeBlock.OFF_L_CRC, BtreeBlock.OFF_L_PAD,
        BtreeBlock.LONG_HDR_LEN};

    private BtreeBlocks() {
    }

    // ---- entry addresses (xfs_btree_rec_offset, _key_offset, _ptr_offset) ----

    public static int recOff(BtreeCursor cur, int n) {
        return cur.shape.blockLen() + (n - 1) * cur.shape.recLen();
    }

    public static int keyOff(BtreeCursor cur, int n) {
        return cur.shape.blockLen() + (n - 1) * cur.shape.keyLen();
    }

    /** Pointers follow the key area, which is sized for a full block: their place depends on maxrecs. */
    public static int ptrOff(BtreeCursor cur, int n, int level) {
        return cur.shape.blockLen() + maxRecs(cur, level) * cur.shape.keyLen() + (n - 1) * cur.shape.ptrLen();
    }

    /**
     * get_maxrecs: entries the block at {@code level} has room for. For a root held in an inode that is the
     * in-core root's current capacity (xfs_bmbt_get_maxrecs at the root level), which is also where its pointer
     * area starts; every other block has the tree's fixed maxrecs.
     */
    public static int maxRecs(BtreeCursor cur, int level) {
        if (cur.atIroot(level)) {
            return cur.inodeRoot().maxRecs();
        }
        return level == 0 ? cur.shape.leafMaxRecs() : cur.shape.nodeMaxRecs();
    }

    /**
     * get_dmaxrecs: entries the block at {@code level} could have room for: for a root in an inode, what the fork's
     * literal area holds, which the in-core root may grow to; otherwise the same as {@link #maxRecs}.
     */
    public static int dmaxRecs(BtreeCursor cur, int level) {
        if (cur.atIroot(level)) {
            return cur.inodeRoot().forkMaxRecs();
        }
        return level == 0 ? cur.shape.leafMaxRecs() : cur.shape.nodeMaxRecs();
    }

    // ---- pointers ----

    public static long nullPtr(BtreeCursor cur) {
        return cur.shape.longPtrs() ? BtreeBlock.NULL_LONG_PTR : BtreeBlock.NULL_SHORT_PTR;
    }

    /** Ports xfs_btree_ptr_is_null. */
    public static boolean ptrIsNull(BtreeCursor cur, long ptr) {
        return ptr == nullPtr(cur);
    }

    public static long getPtr(BtreeCursor cur, byte[] b, int off) {
        return cur.shape.longPtrs() ? u64(b, off) : u32(b, off);
    }

    public static void setPtr(BtreeCursor cur, byte[] b, int off, long ptr) {
        if (cur.shape.longPtrs()) {
            putU64(b, off, ptr);
        } else {
            putU32(b, off, ptr);
        }
    }

    /** The child pointer {@code n} of node {@code bp}. */
    public static long childPtr(BtreeCursor cur, XfsBuf bp, int n) {
        return getPtr(cur, bp.data(), ptrOff(cur, n, level(bp)));
    }

    /** Ports xfs_btree_ptr_to_daddr: short pointers are agbnos in the cursor's AG, long ones packed fsblocks. */
    public static long ptrToDaddr(BtreeCursor cur, long ptr) {
        Geometry geo = cur.geometry();
        return cur.shape.longPtrs() ? geo.fsbToDaddr(ptr) : geo.agbToDaddr(cur.agno(), ptr);
    }

    /** Ports xfs_btree_buf_to_ptr. */
    public static long bufToPtr(BtreeCursor cur, XfsBuf bp) {
        Geometry geo = cur.geometry();
        long fsb = geo.daddrToFsb(bp.daddr());
        return cur.shape.longPtrs() ? fsb : geo.fsbToAgbno(fsb);
    }

    // ---- header fields ----

    public static int numrecs(XfsBuf bp) {
        return BtreeBlock.numrecs(bp.data());
    }

    public static void setNumrecs(XfsBuf bp, int n) {
        BtreeBlock.setNumrecs(bp.data(), n);
    }

    public static int level(XfsBuf bp) {
        return BtreeBlock.level(bp.data());
    }

    /** Ports xfs_btree_get_sibling. */
    public static long sibling(BtreeCursor cur, XfsBuf bp, boolean right) {
        byte[] b = bp.data();
        if (cur.shape.longPtrs()) {
            return right ? BtreeBlock.lRightsib(b) : BtreeBlock.lLeftsib(b);
        }
        return right ? BtreeBlock.sRightsib(b) : BtreeBlock.sLeftsib(b);
    }

    /** Ports xfs_btree_set_sibling. */
    public static void setSibling(BtreeCursor cur, XfsBuf bp, long ptr, boolean right) {
        byte[] b = bp.data();
        if (cur.shape.longPtrs()) {
            if (right) {
                BtreeBlock.setLRightsib(b, ptr);
            } else {
                BtreeBlock.setLLeftsib(b, ptr);
            }
        } else if (right) {
            BtreeBlock.setSRightsib(b, ptr);
        } else {
            BtreeBlock.setSLeftsib(b, ptr);
        }
    }

    // ---- copying and shifting (xfs_btree_copy_*, xfs_btree_shift_*) ----

    /** Copies {@code n} records from entry {@code from} of {@code src} to entry {@code to} of {@code dst}. */
    static void copyRecs(BtreeCursor cur, XfsBuf dst, int to, XfsBuf src, int from, int n) {
        System.arraycopy(src.data(), recOff(cur, from), dst.data(), recOff(cur, to), n * cur.shape.recLen());
    }

    static void copyKeys(BtreeCursor cur, XfsBuf dst, int to, XfsBuf src, int from, int n) {
        System.arraycopy(src.data(), keyOff(cur, from), dst.data(), keyOff(cur, to), n * cur.shape.keyLen());
    }

    /** Both blocks are at the same level, so their pointer areas start at the same offset. */
    static void copyPtrs(BtreeCursor cur, XfsBuf dst, int to, XfsBuf src, int from, int n) {
        int level = level(src);
        System.arraycopy(src.data(), ptrOff(cur, from, level), dst.data(), ptrOff(cur, to, level),
                n * cur.shape.ptrLen());
    }

    /** Moves entries {@code [from, from+n)} of a block by {@code dir} (+1 opens a hole, -1 closes one). */
    static void shiftRecs(BtreeCursor cur, XfsBuf bp, int from, int dir, int n) {
        copyRecs(cur, bp, from + dir, bp, from, n);
    }

    static void shiftKeys(BtreeCursor cur, XfsBuf bp, int from, int dir, int n) {
        copyKeys(cur, bp, from + dir, bp, from, n);
    }

    static void shiftPtrs(BtreeCursor cur, XfsBuf bp, int from, int dir, int n) {
        copyPtrs(cur, bp, from + dir, bp, from, n);
    }

    // ---- logging ----

    /**
     * The root held in an inode has no buffer: its changes are logged as the inode's (xfs_trans_log_inode with
     * xfs_ilog_fbroot), which is what each log helper below does when handed the in-core root.
     */
    private static boolean logIroot(BtreeCursor cur, XfsBuf bp) {
        if (!cur.isIroot(bp)) {
            return false;
        }
        cur.inodeRoot().log(cur.trans(), InodeRoot.LOG_BROOT);
        return true;
    }

    /** Ports xfs_btree_log_recs. */
    static void logRecs(BtreeCursor cur, XfsBuf bp, int first, int last) {
        if (!logIroot(cur, bp)) {
            cur.trans().logBuf(bp, recOff(cur, first), recOff(cur, last + 1) - 1);
        }
    }

    /** Ports xfs_btree_log_keys. */
    static void logKeys(BtreeCursor cur, XfsBuf bp, int first, int last) {
        if (!logIroot(cur, bp)) {
            cur.trans().logBuf(bp, keyOff(cur, first), keyOff(cur, last + 1) - 1);
        }
    }

    /** Ports xfs_btree_log_ptrs. */
    static void logPtrs(BtreeCursor cur, XfsBuf bp, int first, int last) {
        if (!logIroot(cur, bp)) {
            int level = level(bp);
            cur.trans().logBuf(bp, ptrOff(cur, first, level), ptrOff(cur, last + 1, level) - 1);
        }
    }

    /**
     * Ports xfs_btree_log_block: logs the header bytes from the lowest to the highest field named in
     * {@code fields} (xfs_btree_offsets). The CRC is never logged; the write path recomputes it.
     */
    static void logBlock(BtreeCursor cur, XfsBuf bp, int fields) {
        assert fields != 0 && (fields & ~BB_ALL_BITS) == 0;
        if (logIroot(cur, bp)) {
            return;
        }
        int[] offsets = cur.shape.longPtrs() ? LONG_OFFSETS : SHORT_OFFSETS;
        int lo = Integer.numberOfTrailingZeros(fields);
        int hi = 31 - Integer.numberOfLeadingZeros(fields);
        cur.trans().logBuf(bp, offsets[lo], offsets[hi + 1] - 1);
    }

    // ---- keys of a block (xfs_btree_get_leaf_keys / get_node_keys / get_keys) ----

    /** The key that stands for block {@code bp} in its parent: its first record's key or its first key. */
    static void getKeys(BtreeCursor cur, XfsBuf bp, byte[] key, int keyOff) {
        if (level(bp) == 0) {
            cur.ops().initKeyFromRec(key, keyOff, bp.data(), recOff(cur, 1));
        } else {
            System.arraycopy(bp.data(), keyOff(cur, 1), key, keyOff, cur.shape.keyLen());
        }
    }

    // ---- buffers ----

    /** Ports xfs_btree_read_buf_block: reads a block through the transaction and this tree's verifier. */
    static XfsBuf readBufBlock(BtreeCursor cur, long ptr) throws XfsException {
        checkPtr(cur, ptr);
        XfsBuf bp = cur.trans().readBuf(ptrToDaddr(cur, ptr), cur.geometry().blockBb(), cur.ops().bufOps());
        if (BtreeBlock.magic(bp.data()) != (cur.ops().magic() & 0xffffffffL)) {
            throw corrupt(cur, bp, "bad magic 0x" + Long.toHexString(BtreeBlock.magic(bp.data())));
        }
        return bp;
    }

    /** Ports xfs_btree_get_buf_block: a buffer for a block about to be initialised. */
    static XfsBuf getBufBlock(BtreeCursor cur, long ptr) throws XfsException {
        checkPtr(cur, ptr);
        return cur.trans().getBuf(ptrToDaddr(cur, ptr), cur.geometry().blockBb(), cur.ops().bufOps());
    }

    /** Ports xfs_btree_init_block_cur: a fresh v5 header owned by the cursor's AG or inode. */
    static void initBlockCur(BtreeCursor cur, XfsBuf bp, int level, int numrecs) {
        if (cur.shape.longPtrs()) {
            BtreeBlock.initLong(bp.data(), cur.ops().magic(), level, numrecs, bp.daddr(), cur.metaUuid(),
                    cur.owner());
        } else {
            BtreeBlock.initShort(bp.data(), cur.ops().magic(), level, numrecs, bp.daddr(), cur.metaUuid(),
                    (int) cur.owner());
        }
    }

    /** Ports xfs_btree_free_block: the tree gives the block back, and its buffer must never be written. */
    static void freeBlock(BtreeCursor cur, XfsBuf bp) throws XfsException {
        cur.ops().freeBlock(cur, bp);
        cur.trans().binval(bp);
    }

    /** Ports xfs_btree_setbuf: the cursor's path at {@code level} now goes through {@code bp}. */
    static void setbuf(BtreeCursor cur, int level, XfsBuf bp) {
        assert !cur.atIroot(level) : "the root in an inode has no buffer";
        cur.bufs[level] = bp;
    }

    /** Ports xfs_btree_check_ptr (short and long): a pointer must be inside the AG or filesystem. */
    static void checkPtr(BtreeCursor cur, long ptr) throws FsCorruptedException {
        Geometry geo = cur.geometry();
        boolean ok;
        if (cur.shape.longPtrs()) {
            ok = ptr != BtreeBlock.NULL_LONG_PTR && geo.fsbToAgno(ptr) < geo.agcount
                    && geo.fsbToAgbno(ptr) < geo.agBlockCount(geo.fsbToAgno(ptr));
        } else {
            ok = ptr != 0 && ptr < geo.agBlockCount(cur.agno());
        }
        if (!ok) {
            String where = cur.shape.longPtrs() ? " (fsblock)" : " in AG " + cur.agno();
            throw new FsCorruptedException(cur.ops().name() + ": bad block pointer " + ptr + where);
        }
    }

    static FsCorruptedException corrupt(BtreeCursor cur, XfsBuf bp, String why) {
        String where = cur.isIroot(bp) ? " root in inode " + cur.owner()
                : " block at daddr 0x" + Long.toHexString(bp.daddr());
        return new FsCorruptedException("Metadata corruption detected: " + cur.ops().name() + where + ": " + why);
    }
}
