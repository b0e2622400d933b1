// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jxfs.core.XfsException;
import org.jxfs.core.btree.Btree;
import org.jxfs.core.btree.BtreeCheck;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.btree.Lookup;
import org.jxfs.core.btree.TestAg;
import org.jxfs.core.btree.TestBtreeVerifier;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.trans.Trans;
import org.junit.jupiter.api.Test;

/**
 * 100k random inserts, deletes and updates of free extents into a bnobt and a cntbt at once, against a TreeMap
 * (by start) and a TreeSet (by length, start), with 512-byte blocks so the trees grow to three levels and collapse
 * back. Every extent lives in its own 16-block slot, so bnobt records never overlap, as free extents must not.
 */
class AllocbtModelTest {
    private static final int BLOCKSIZE = 512;
    private static final long AGBLOCKS = 1 << 20;
    private static final int SLOT = 16;
    private static final int SLOTS = 1 << 15;
    private static final int OPS = 100_000;
    private static final int VALIDATE_EVERY = 500;
    /** Phases: mostly inserts until GROW_END, mostly deletes until SHRINK_END, then an even mix. */
    private static final int GROW_END = 40_000;
    private static final int SHRINK_END = 75_000;

    private final AllocbtOps bno = AllocbtOps.BNO.withBufOps(
            new TestBtreeVerifier("xfs_bnobt", BtreeBlock.ABTB_CRC_MAGIC, AllocbtOps.REC_LEN, AllocbtOps.KEY_LEN));
    private final AllocbtOps cnt = AllocbtOps.CNT.withBufOps(
            new TestBtreeVerifier("xfs_cntbt", BtreeBlock.ABTC_CRC_MAGIC, AllocbtOps.REC_LEN, AllocbtOps.KEY_LEN));
    /** start -> count. */
    private final TreeMap<Long, Long> byBno = new TreeMap<>();
    /** count << 32 | start. */
    private final TreeSet<Long> byCnt = new TreeSet<>();
    private TestAg ag;
    private int maxBnoLevels;
    private int maxCntLevels;
    private int validations;
    private int peak;

    private static long cntKey(long start, long count) {
        return count << 32 | start;
    }

    private BtreeCursor cursor(Trans tp, AllocbtOps ops) throws XfsException {
        XfsBuf agbp = ag.agf(tp);
        return ops.initCursor(tp, ag.geo, ag.uuid, agbp, TestAg.AGNO, ag);
    }

    @Test
    void randomOpsAgainstAModel() throws Exception {
        try (TestAg a = TestAg.create("allocbt-model", BLOCKSIZE, AGBLOCKS)) {
            ag = a;
            ag.format(BtreeBlock.ABTB_CRC_MAGIC, BtreeBlock.ABTC_CRC_MAGIC);
            Random rnd = new Random(20150101);
            boolean collapsed = false;
            for (int op = 0; op < OPS; op++) {
                int insertPct = op < GROW_END ? 85 : op < SHRINK_END ? 10 : 50;
                int dice = rnd.nextInt(100);
                if (byBno.isEmpty() || dice < insertPct) {
                    insertRandom(rnd);
                } else if (dice < insertPct + (100 - insertPct) * 3 / 4) {
                    deleteRandom(rnd);
                } else {
                    updateRandom(rnd);
                }
                if (op % VALIDATE_EVERY == 0 || op == OPS - 1) {
                    validate();
                }
                if (byBno.isEmpty() && maxBnoLevels >= 3) {
                    // Empty again after growing: both trees must be back to their single root leaf.
                    assertThat(levels(bno)).isEqualTo(1);
                    assertThat(levels(cnt)).isEqualTo(1);
                    assertThat(ag.blocksInUse()).isEqualTo(2);
                    validate();
                    collapsed = true;
                }
            }
            assertThat(maxBnoLevels).as("bnobt height reached").isGreaterThanOrEqualTo(3);
            assertThat(maxCntLevels).as("cntbt height reached").isGreaterThanOrEqualTo(3);
            assertThat(collapsed).as("both trees collapsed back to a single leaf").isTrue();
            // Everything committed is on the image: reread it through the verifiers and CRCs.
            ag.dropCache();
            validate();
            assertThat(ag.shutdownReason()).isNull();
        }
    }

    private long randomSlotStart(Random rnd) {
        return (long) rnd.nextInt(SLOTS) * SLOT;
    }

    private boolean slotTaken(long slotStart) {
        Long k = byBno.ceilingKey(slotStart);
        return k != null && k < slotStart + SLOT;
    }

    private void insertRandom(Random rnd) throws XfsException {
        long slot = randomSlotStart(rnd);
        if (slotTaken(slot)) {
            return;
        }
        int off = rnd.nextInt(SLOT);
        long start = slot + off;
        long count = 1 + rnd.nextInt(SLOT - off);
        try (Trans tp = ag.trans()) {
            for (AllocbtOps ops : List.of(bno, cnt)) {
                BtreeCursor cur = cursor(tp, ops);
                AllocbtOps.setRec(cur, start, count);
                assertThat(Btree.lookup(cur, Lookup.EQ)).isZero();
                assertThat(Btree.insert(cur)).isEqualTo(1);
            }
            tp.commit();
        }
        byBno.put(start, count);
        byCnt.add(cntKey(start, count));
    }

    private Map.Entry<Long, Long> randomRecord(Random rnd) {
        Map.Entry<Long, Long> e = byBno.ceilingEntry(randomSlotStart(rnd));
        return e != null ? e : byBno.firstEntry();
    }

    private void deleteRandom(Random rnd) throws XfsException {
        Map.Entry<Long, Long> e = randomRecord(rnd);
        long start = e.getKey();
        long count = e.getValue();
        try (Trans tp = ag.trans()) {
            for (AllocbtOps ops : List.of(bno, cnt)) {
                BtreeCursor cur = cursor(tp, ops);
                AllocbtOps.setRec(cur, start, count);
                assertThat(Btree.lookup(cur, Lookup.EQ)).isEqualTo(1);
                assertThat(AllocbtOps.getRec(cur)).isEqualTo(new AllocRec(start, count));
                assertThat(Btree.delete(cur)).isEqualTo(1);
            }
            tp.commit();
        }
        byBno.remove(start);
        byCnt.remove(cntKey(start, count));
    }

    /**
     * Moves an extent inside its slot. The bnobt keeps its order, so it is updated in place; the cntbt is updated
     * in place when the new (count, start) stays between its neighbours and otherwise deleted and reinserted, as
     * the allocator does.
     */
    private void updateRandom(Random rnd) throws XfsException {
        Map.Entry<Long, Long> e = randomRecord(rnd);
        long start = e.getKey();
        long count = e.getValue();
        long slot = start / SLOT * SLOT;
        int off = rnd.nextInt(SLOT);
        long nstart = slot + off;
        long ncount = 1 + rnd.nextInt(SLOT - off);
        if (nstart == start && ncount == count) {
            return;
        }
        long oldKey = cntKey(start, count);
        long newKey = cntKey(nstart, ncount);
        Long lower = byCnt.lower(oldKey);
        Long higher = byCnt.higher(oldKey);
        boolean cntInPlace = (lower == null || lower < newKey) && (higher == null || newKey < higher);
        try (Trans tp = ag.trans()) {
            BtreeCursor cur = cursor(tp, bno);
            AllocbtOps.setRec(cur, start, count);
            assertThat(Btree.lookup(cur, Lookup.EQ)).isEqualTo(1);
            Btree.update(cur, AllocbtOps.rec(nstart, ncount));

            cur = cursor(tp, cnt);
            AllocbtOps.setRec(cur, start, count);
            assertThat(Btree.lookup(cur, Lookup.EQ)).isEqualTo(1);
            if (cntInPlace) {
                Btree.update(cur, AllocbtOps.rec(nstart, ncount));
            } else {
                assertThat(Btree.delete(cur)).isEqualTo(1);
                AllocbtOps.setRec(cur, nstart, ncount);
                assertThat(Btree.lookup(cur, Lookup.EQ)).isZero();
                assertThat(Btree.insert(cur)).isEqualTo(1);
            }
            tp.commit();
        }
        byBno.remove(start);
        byCnt.remove(oldKey);
        byBno.put(nstart, ncount);
        byCnt.add(newKey);
    }

    private int levels(AllocbtOps ops) throws XfsException {
        try (Trans tp = ag.trans()) {
            return cursor(tp, ops).nlevels();
        }
    }

    private void validate() throws XfsException {
        validations++;
        peak = Math.max(peak, byBno.size());
        try (Trans tp = ag.trans()) {
            BtreeCursor bc = cursor(tp, bno);
            BtreeCursor cc = cursor(tp, cnt);
            assertThat(BtreeCheck.check(bc)).as("bnobt check, validation %d", validations).isEmpty();
            assertThat(BtreeCheck.check(cc)).as("cntbt check, validation %d", validations).isEmpty();

            List<AllocRec> bnoRecs = records(bc);
            List<AllocRec> expectBno = new ArrayList<>();
            byBno.forEach((s, c) -> expectBno.add(new AllocRec(s, c)));
            assertThat(bnoRecs).isEqualTo(expectBno);
            List<AllocRec> cntRecs = records(cc);
            List<AllocRec> expectCnt = new ArrayList<>();
            byCnt.forEach(k -> expectCnt.add(new AllocRec(k & 0xffffffffL, k >>> 32)));
            assertThat(cntRecs).isEqualTo(expectCnt);

            byte[] agf = bc.agbp().data();
            long longest = byCnt.isEmpty() ? 0 : byCnt.last() >>> 32;
            assertThat(BigEndian.u32(agf, TestAg.AGF_OFF_LONGEST)).as("agf_longest").isEqualTo(longest);
            assertThat(AllocbtOps.agfLevel(agf, AllocbtOps.BTNUM_BNO)).isEqualTo(bc.nlevels());
            assertThat(Btree.countBlocks(bc) + Btree.countBlocks(cc)).as("blocks in the trees")
                    .isEqualTo(ag.blocksInUse());
            maxBnoLevels = Math.max(maxBnoLevels, bc.nlevels());
            maxCntLevels = Math.max(maxCntLevels, cc.nlevels());
        }
    }

    private static List<AllocRec> records(BtreeCursor cur) throws XfsException {
        List<AllocRec> out = new ArrayList<>();
        Btree.visitRecords(cur, (b, off) -> out.add(new AllocRec(BigEndian.u32(b, off + AllocbtOps.OFF_STARTBLOCK),
                BigEndian.u32(b, off + AllocbtOps.OFF_BLOCKCOUNT))));
        return out;
    }
}
