// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.u32;

import org.jxfs.core.buf.BufOps;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.Geometry;

/**
 * A minimal btree for engine tests: records {key u32, value u32} ordered by key, 4-byte keys, short pointers,
 * root and level in the test AGF's bnobt slot. Keeps the engine's tests free of any real tree's rules.
 */
final class KvOps extends BtreeOps {
    static final int MAGIC = BtreeBlock.ABTB_CRC_MAGIC;
    static final int REC_LEN = 8;
    static final int KEY_LEN = 4;
    private static final int SLOT = 0;
    private final BufOps bufOps = new TestBtreeVerifier("kvbt", MAGIC, REC_LEN, KEY_LEN);

    static void setRec(BtreeCursor cur, long key, long value) {
        putU32(cur.rec(), 0, key);
        putU32(cur.rec(), 4, value);
    }

    static byte[] rec(long key, long value) {
        byte[] r = new byte[REC_LEN];
        putU32(r, 0, key);
        putU32(r, 4, value);
        return r;
    }

    /** The key of the record under the cursor. */
    static long curKey(BtreeCursor cur) {
        int off = Btree.getRec(cur);
        assert off >= 0;
        return u32(cur.buf(0).data(), off);
    }

    static long curValue(BtreeCursor cur) {
        return u32(cur.buf(0).data(), Btree.getRec(cur) + 4);
    }

    @Override
    public String name() {
        return "kvbt";
    }

    @Override
    public int magic() {
        return MAGIC;
    }

    @Override
    public boolean longPtrs() {
        return false;
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

    @Override
    public int maxLevels(Geometry geo) {
        return 8;
    }

    @Override
    public void initKeyFromRec(byte[] key, int keyOff, byte[] rec, int recOff) {
        System.arraycopy(rec, recOff, key, keyOff, KEY_LEN);
    }

    @Override
    public long keyDiff(BtreeCursor cur, byte[] key, int off) {
        return u32(key, off) - u32(cur.rec(), 0);
    }

    @Override
    public long diffTwoKeys(byte[] k1, int off1, byte[] k2, int off2) {
        return u32(k1, off1) - u32(k2, off2);
    }

    @Override
    public boolean recsInorder(byte[] r1, int off1, byte[] r2, int off2) {
        return u32(r1, off1) < u32(r2, off2);
    }

    @Override
    public long initPtrFromCur(BtreeCursor cur) {
        return u32(cur.agbp().data(), TestAg.AGF_OFF_ROOTS + 4 * SLOT);
    }

    @Override
    public void setRoot(BtreeCursor cur, long ptr, int levelChange) {
        byte[] agf = cur.agbp().data();
        putU32(agf, TestAg.AGF_OFF_ROOTS + 4 * SLOT, ptr);
        int off = TestAg.AGF_OFF_LEVELS + 4 * SLOT;
        putU32(agf, off, u32(agf, off) + levelChange);
        cur.trans().logBuf(cur.agbp(), TestAg.AGF_OFF_ROOTS, off + 3);
    }

    static int levels(byte[] agf) {
        return (int) u32(agf, TestAg.AGF_OFF_LEVELS + 4 * SLOT);
    }
}
