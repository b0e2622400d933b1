// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.u32;

import org.jxfs.core.btree.Btree;
import org.jxfs.core.btree.BtreeBlockAllocator;
import org.jxfs.core.btree.BtreeBlocks;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.btree.BtreeOps;
import org.jxfs.core.btree.KeyField;
import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.trans.Trans;

/**
 * The free-space btrees (xfs_alloc_btree.c): the bnobt indexes free extents by start block, the cntbt by
 * (length, start block) so the allocator finds the smallest extent that fits. Both store {startblock u32,
 * blockcount u32} records and keys, with their roots and levels in the AGF. The cntbt also keeps agf_longest equal
 * to its last record's length.
 *
 * <p>New blocks come from the AG free list; that is the allocator's job, reached through the cursor's
 * {@link BtreeBlockAllocator} (xfs_alloc_get_freelist / xfs_alloc_put_freelist with btreeblk set, which also keep
 * agf_btreeblks).
 */
public final class AllocbtOps extends BtreeOps {
    /** xfs_btnum_t index into agf_roots[] and agf_levels[]. */
    public static final int BTNUM_BNO = 0;
    public static final int BTNUM_CNT = 1;

    /** struct xfs_alloc_rec / xfs_alloc_key. */
    public static final int OFF_STARTBLOCK = 0;
    public static final int OFF_BLOCKCOUNT = 4;
    public static final int REC_LEN = 8;
    public static final int KEY_LEN = 8;

    // AGF fields used here, until org.jxfs.core.format.Agf lands: switch these to Agf's constants and accessors.
    private static final int AGF_OFF_ROOTS = 16;
    private static final int AGF_OFF_LEVELS = 28;
    /** agf_flfirst: the field after agf_levels[], so XFS_AGF_ROOTS | XFS_AGF_LEVELS log up to it. */
    private static final int AGF_OFF_FLFIRST = 40;
    private static final int AGF_OFF_LONGEST = 56;
    private static final int AGF_FIELD_LEN = 4;

    /** The bnobt, without a verifier until org.jxfs.core.format.BtreeBlockOps lands: see {@link #withBufOps}. */
    public static final AllocbtOps BNO = new AllocbtOps(BTNUM_BNO, null);
    /** The cntbt, without a verifier until org.jxfs.core.format.BtreeBlockOps lands. */
    public static final AllocbtOps CNT = new AllocbtOps(BTNUM_CNT, null);

    private final int btnum;
    private final BufOps bufOps;

    private AllocbtOps(int btnum, BufOps bufOps) {
        this.btnum = btnum;
        this.bufOps = bufOps;
    }

    /** The same tree with {@code ops} as its blocks' verifier (xfs_bnobt_buf_ops / xfs_cntbt_buf_ops). */
    public AllocbtOps withBufOps(BufOps ops) {
        return new AllocbtOps(btnum, ops);
    }

    public int btnum() {
        return btnum;
    }

    /**
     * Ports xfs_allocbt_init_cursor: a cursor on this tree of AG {@code agno}, whose AGF buffer {@code agbp} the
     * caller holds; the height comes from agf_levels.
     */
    public BtreeCursor initCursor(Trans tp, Geometry geo, byte[] metaUuid, XfsBuf agbp, int agno,
            BtreeBlockAllocator blocks) {
        return BtreeCursor.forAg(tp, geo, metaUuid, this, agno, agbp, blocks, (int) agfLevel(agbp.data(), btnum));
    }

    // ---- the search record and records (bc_rec.a, xfs_alloc_get_rec) ----

    /** Sets the cursor's search record (cur->bc_rec.a) before a lookup or insert. */
    public static void setRec(BtreeCursor cur, long startblock, long blockcount) {
        putU32(cur.rec(), OFF_STARTBLOCK, startblock);
        putU32(cur.rec(), OFF_BLOCKCOUNT, blockcount);
    }

    /** Ports xfs_alloc_get_rec: the record under the cursor, or null when it is off either end. */
    public static AllocRec getRec(BtreeCursor cur) {
        int off = Btree.getRec(cur);
        if (off < 0) {
            return null;
        }
        byte[] b = cur.buf(0).data();
        return new AllocRec(u32(b, off + OFF_STARTBLOCK), u32(b, off + OFF_BLOCKCOUNT));
    }

    /** An on-disk record, for {@link Btree#update}. */
    public static byte[] rec(long startblock, long blockcount) {
        byte[] r = new byte[REC_LEN];
        putU32(r, OFF_STARTBLOCK, startblock);
        putU32(r, OFF_BLOCKCOUNT, blockcount);
        return r;
    }

    // ---- AGF root and levels ----

    static long agfRoot(byte[] agf, int btnum) {
        return u32(agf, AGF_OFF_ROOTS + btnum * AGF_FIELD_LEN);
    }

    static long agfLevel(byte[] agf, int btnum) {
        return u32(agf, AGF_OFF_LEVELS + btnum * AGF_FIELD_LEN);
    }

    // ---- BtreeOps ----

    @Override
    public String name() {
        return btnum == BTNUM_BNO ? "bnobt" : "cntbt";
    }

    @Override
    public int magic() {
        return btnum == BTNUM_BNO ? BtreeBlock.ABTB_CRC_MAGIC : BtreeBlock.ABTC_CRC_MAGIC;
    }

    @Override
    public boolean longPtrs() {
        return false;
    }

    /** Only the cntbt tracks its last record: the longest free extent, which agf_longest caches. */
    @Override
    public boolean lastrecUpdate() {
        return btnum == BTNUM_CNT;
    }

    @Override
    public int recLen() {
        return REC_LEN;
    }

    @Override
    public int keyLen() {
        return KEY_LEN;
    }

    @Override
    public BufOps bufOps() {
        return bufOps;
    }

    /**
     * Ports xfs_alloc_compute_maxlevels: the tallest tree is one with a record for every other block of the AG
     * (free extents must be separated by used blocks), every block at minrecs.
     */
    @Override
    public int maxLevels(Geometry geo) {
        int space = geo.blocksize - blockLen();
        int[] minrecs = {space / REC_LEN / 2, space / (KEY_LEN + ptrLen()) / 2};
        return Btree.computeMaxLevels(minrecs, (geo.agblocks + 1) / 2);
    }

    /** Ports xfs_allocbt_init_key_from_rec: the key is the whole record, for both trees. */
    @Override
    public void initKeyFromRec(byte[] key, int keyOff, byte[] rec, int recOff) {
        System.arraycopy(rec, recOff, key, keyOff, KEY_LEN);
    }

    /** Ports xfs_bnobt_key_diff and xfs_cntbt_key_diff. */
    @Override
    public long keyDiff(BtreeCursor cur, byte[] key, int off) {
        return diffTwoKeys(key, off, cur.rec(), 0);
    }

    /** A free-space key is its record (xfs_allocbt_init_key_from_rec copies it), so the record is compared in place. */
    @Override
    public long recKeyDiff(BtreeCursor cur, byte[] rec, int recOff) {
        return diffTwoKeys(rec, recOff, cur.rec(), 0);
    }

    /** bnobt: startblock; cntbt: blockcount, then startblock (the order of the diff_two_keys below). */
    @Override
    public KeyField[] recKeyFields() {
        return btnum == BTNUM_CNT ? CNT_FIELDS : BNO_FIELDS;
    }

    /** A free-space key has the record's layout. */
    @Override
    public KeyField[] keyFields() {
        return recKeyFields();
    }

    private static final KeyField[] BNO_FIELDS = {KeyField.u32(OFF_STARTBLOCK)};
    private static final KeyField[] CNT_FIELDS = {KeyField.u32(OFF_BLOCKCOUNT), KeyField.u32(OFF_STARTBLOCK)};

    /** Ports xfs_bnobt_diff_two_keys and xfs_cntbt_diff_two_keys. */
    @Override
    public long diffTwoKeys(byte[] k1, int off1, byte[] k2, int off2) {
        if (btnum == BTNUM_CNT) {
            long diff = u32(k1, off1 + OFF_BLOCKCOUNT) - u32(k2, off2 + OFF_BLOCKCOUNT);
            if (diff != 0) {
                return diff;
            }
        }
        return u32(k1, off1 + OFF_STARTBLOCK) - u32(k2, off2 + OFF_STARTBLOCK);
    }

    /**
     * Ports xfs_bnobt_recs_inorder (free extents may not touch-overlap: the first must end at or before the second
     * starts) and xfs_cntbt_recs_inorder (strictly by length, then start).
     */
    @Override
    public boolean recsInorder(byte[] r1, int off1, byte[] r2, int off2) {
        if (btnum == BTNUM_BNO) {
            return u32(r1, off1 + OFF_STARTBLOCK) + u32(r1, off1 + OFF_BLOCKCOUNT) <= u32(r2, off2 + OFF_STARTBLOCK);
        }
        return diffTwoKeys(r1, off1, r2, off2) < 0;
    }

    /** Ports xfs_allocbt_init_ptr_from_cur. */
    @Override
    public long initPtrFromCur(BtreeCursor cur) {
        return agfRoot(cur.agbp().data(), btnum);
    }

    /** Ports xfs_allocbt_set_root: agf_roots[btnum] and agf_levels[btnum], logged as XFS_AGF_ROOTS | LEVELS. */
    @Override
    public void setRoot(BtreeCursor cur, long ptr, int levelChange) {
        assert ptr != 0;
        XfsBuf agbp = cur.agbp();
        byte[] agf = agbp.data();
        putU32(agf, AGF_OFF_ROOTS + btnum * AGF_FIELD_LEN, ptr);
        putU32(agf, AGF_OFF_LEVELS + btnum * AGF_FIELD_LEN, agfLevel(agf, btnum) + levelChange);
        cur.trans().logBuf(agbp, AGF_OFF_ROOTS, AGF_OFF_FLFIRST - 1);
    }

    /**
     * Keeps agf_longest equal to the length of the cntbt's last record, which the allocator reads to refuse
     * requests no extent can satisfy without searching the tree. Writes what kernel 6.18's
     * xfs_alloc_fixup_longest writes (xfs_cntbt_longest: the rightmost record, 0 for an empty tree) whenever a
     * change touches the rightmost leaf, rather than xfs_allocbt_update_lastrec's comparison of the new record with
     * the AGF's value (before 6.10), which trusted a damaged agf_longest: a record inserted above a value damaged to
     * 0 became the longest. The engine calls this after the change, with {@code bp} the rightmost leaf, so its last
     * record is the tree's.
     */
    @Override
    public void updateLastrec(BtreeCursor cur, XfsBuf bp, byte[] rec, int ptr, LastrecReason reason) {
        assert btnum == BTNUM_CNT;
        byte[] agf = cur.agbp().data();
        int numrecs = BtreeBlocks.numrecs(bp);
        long len = numrecs == 0 ? 0 : u32(bp.data(), BtreeBlocks.recOff(cur, numrecs) + OFF_BLOCKCOUNT);
        if (len == u32(agf, AGF_OFF_LONGEST)) {
            return;
        }
        putU32(agf, AGF_OFF_LONGEST, len);
        cur.trans().logBuf(cur.agbp(), AGF_OFF_LONGEST, AGF_OFF_LONGEST + AGF_FIELD_LEN - 1);
    }
}
