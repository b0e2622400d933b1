// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.trans.Trans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The engine on a minimal key/value tree over a real image, buffer cache and transactions (512-byte blocks). */
class BtreeTest {
    private static final int BLOCKSIZE = 512;
    private static final long AGBLOCKS = 1 << 16;
    /** (512 - 56) / 8: both leaves and nodes of the kv tree hold 57 entries. */
    private static final int MAXRECS = 57;
    /** More than MAXRECS^2 records need three levels. */
    private static final int THREE_LEVELS = MAXRECS * MAXRECS + 1;

    private final KvOps ops = new KvOps();
    private TestAg ag;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        ag = TestAg.create("btree-" + info.getTestMethod().orElseThrow().getName(), BLOCKSIZE, AGBLOCKS);
        ag.format(KvOps.MAGIC);
    }

    @AfterEach
    void tearDown() throws Exception {
        assertThat(ag.shutdownReason()).isNull();
        ag.close();
    }

    private BtreeCursor cursor(Trans tp) throws XfsException {
        return ag.kvCursor(tp, ops);
    }

    private void insert(long key, long value) throws XfsException {
        try (Trans tp = ag.trans()) {
            BtreeCursor cur = cursor(tp);
            KvOps.setRec(cur, key, value);
            assertThat(Btree.lookup(cur, Lookup.EQ)).as("lookup of new key %d", key).isZero();
            assertThat(Btree.insert(cur)).isEqualTo(1);
            tp.commit();
        }
    }

    private void delete(long key) throws XfsException {
        try (Trans tp = ag.trans()) {
            BtreeCursor cur = cursor(tp);
            KvOps.setRec(cur, key, 0);
            assertThat(Btree.lookup(cur, Lookup.EQ)).as("lookup of key %d", key).isEqualTo(1);
            assertThat(Btree.delete(cur)).isEqualTo(1);
            tp.commit();
        }
    }

    private List<Long> keys() throws XfsException {
        List<Long> out = new ArrayList<>();
        try (Trans tp = ag.trans()) {
            Btree.visitRecords(cursor(tp), (b, off) -> out.add(BigEndian.u32(b, off)));
        }
        return out;
    }

    private int levels() throws XfsException {
        try (Trans tp = ag.trans()) {
            return cursor(tp).nlevels();
        }
    }

    private List<String> check() throws XfsException {
        try (Trans tp = ag.trans()) {
            return BtreeCheck.check(cursor(tp));
        }
    }

    private long countBlocks() throws XfsException {
        try (Trans tp = ag.trans()) {
            return Btree.countBlocks(cursor(tp));
        }
    }

    @Test
    void emptyTreeLookupsMissAndLeaveTheCursorAtTheInsertPoint() throws Exception {
        try (Trans tp = ag.trans()) {
            BtreeCursor cur = cursor(tp);
            KvOps.setRec(cur, 7, 0);
            assertThat(Btree.lookup(cur, Lookup.EQ)).isZero();
            assertThat(cur.ptr(0)).isEqualTo(1);
            assertThat(Btree.lookup(cur, Lookup.GE)).isZero();
            assertThat(Btree.lookup(cur, Lookup.LE)).isZero();
            assertThat(cur.ptr(0)).isZero();
            assertThat(Btree.getRec(cur)).isEqualTo(-1);
            assertThat(Btree.delete(cur)).isZero();
        }
        assertThat(check()).isEmpty();
        assertThat(countBlocks()).isEqualTo(1);
    }

    @Test
    void lookupDirectionsOnAThreeLevelTree() throws Exception {
        for (long k = 0; k < THREE_LEVELS; k++) {
            insert(2 * k + 10, k);
        }
        assertThat(levels()).isEqualTo(3);
        long max = 2L * (THREE_LEVELS - 1) + 10;
        try (Trans tp = ag.trans()) {
            BtreeCursor cur = cursor(tp);
            Random rnd = new Random(1);
            for (int i = 0; i < 2000; i++) {
                long k = 9 + rnd.nextInt((int) max);
                boolean present = k % 2 == 0 && k <= max;
                KvOps.setRec(cur, k, 0);
                assertThat(Btree.lookup(cur, Lookup.EQ)).isEqualTo(present ? 1 : 0);
                if (present) {
                    assertThat(KvOps.curValue(cur)).isEqualTo((k - 10) / 2);
                }
                int le = Btree.lookup(cur, Lookup.LE);
                if (k < 10) {
                    assertThat(le).isZero();
                } else {
                    assertThat(le).isEqualTo(1);
                    assertThat(KvOps.curKey(cur)).isEqualTo(Math.min(present ? k : k - 1, max));
                }
                int ge = Btree.lookup(cur, Lookup.GE);
                if (k > max) {
                    assertThat(ge).isZero();
                } else {
                    assertThat(ge).isEqualTo(1);
                    assertThat(KvOps.curKey(cur)).isEqualTo(present || k < 10 ? Math.max(k, 10) : k + 1);
                    assertThat(Btree.decrement(cur, 0)).isEqualTo(k <= 10 ? 0 : 1);
                }
            }
        }
    }

    @Test
    void incrementAndDecrementWalkEveryRecordAcrossBlocks() throws Exception {
        for (long k = 0; k < THREE_LEVELS; k++) {
            insert(k, k);
        }
        try (Trans tp = ag.trans()) {
            BtreeCursor cur = cursor(tp);
            KvOps.setRec(cur, 0, 0);
            assertThat(Btree.lookup(cur, Lookup.GE)).isEqualTo(1);
            for (long k = 0; k < THREE_LEVELS; k++) {
                assertThat(KvOps.curKey(cur)).isEqualTo(k);
                assertThat(Btree.increment(cur, 0)).isEqualTo(k == THREE_LEVELS - 1 ? 0 : 1);
            }
            KvOps.setRec(cur, THREE_LEVELS, 0);
            assertThat(Btree.lookup(cur, Lookup.LE)).isEqualTo(1);
            for (long k = THREE_LEVELS - 1; k >= 0; k--) {
                assertThat(KvOps.curKey(cur)).isEqualTo(k);
                assertThat(Btree.decrement(cur, 0)).isEqualTo(k == 0 ? 0 : 1);
            }
        }
    }

    @Test
    void ascendingInsertsThenRandomDeletesGrowAndCollapse() throws Exception {
        int n = 3 * THREE_LEVELS;
        List<Long> expect = new ArrayList<>();
        for (long k = 0; k < n; k++) {
            insert(k, k);
            expect.add(k);
        }
        assertThat(levels()).isGreaterThanOrEqualTo(3);
        assertThat(check()).isEmpty();
        assertThat(keys()).isEqualTo(expect);
        assertThat(countBlocks()).isEqualTo(ag.blocksInUse());

        Collections.shuffle(expect, new Random(2));
        for (int i = 0; i < expect.size(); i++) {
            delete(expect.get(i));
            if (i % 1000 == 0) {
                assertThat(check()).as("after %d deletes", i).isEmpty();
            }
        }
        assertThat(keys()).isEmpty();
        assertThat(levels()).isEqualTo(1);
        assertThat(check()).isEmpty();
        assertThat(ag.blocksInUse()).as("only the root leaf is left").isEqualTo(1);
    }

    @Test
    void descendingInsertsThenDeletesFromTheFront() throws Exception {
        int n = 2 * THREE_LEVELS;
        for (long k = n - 1; k >= 0; k--) {
            insert(k, k);
        }
        assertThat(levels()).isEqualTo(3);
        assertThat(check()).isEmpty();
        for (long k = 0; k < n; k++) {
            delete(k);
            if (k % 500 == 0) {
                assertThat(check()).as("after deleting %d", k).isEmpty();
            }
        }
        assertThat(levels()).isEqualTo(1);
        assertThat(ag.blocksInUse()).isEqualTo(1);
    }

    @Test
    void randomOpsMatchATreeMapAndSurviveACacheDrop() throws Exception {
        TreeMap<Long, Long> model = new TreeMap<>();
        Random rnd = new Random(3);
        for (int op = 0; op < 20_000; op++) {
            long k = rnd.nextInt(8000);
            if (model.containsKey(k)) {
                if (rnd.nextInt(3) == 0) {
                    long v = rnd.nextInt(1 << 20);
                    try (Trans tp = ag.trans()) {
                        BtreeCursor cur = cursor(tp);
                        KvOps.setRec(cur, k, 0);
                        assertThat(Btree.lookup(cur, Lookup.EQ)).isEqualTo(1);
                        Btree.update(cur, KvOps.rec(k, v));
                        tp.commit();
                    }
                    model.put(k, v);
                } else {
                    delete(k);
                    model.remove(k);
                }
            } else {
                long v = rnd.nextInt(1 << 20);
                insert(k, v);
                model.put(k, v);
            }
            if (op % 2000 == 0) {
                assertThat(check()).isEmpty();
                assertThat(keys()).containsExactlyElementsOf(model.keySet());
            }
        }
        ag.dropCache();
        assertThat(check()).isEmpty();
        List<Long> values = new ArrayList<>();
        try (Trans tp = ag.trans()) {
            Btree.visitRecords(cursor(tp), (b, off) -> values.add(BigEndian.u32(b, off + 4)));
        }
        assertThat(values).containsExactlyElementsOf(model.values());
    }

    @Test
    void checkReportsBrokenBlocks() throws Exception {
        for (long k = 0; k < 4 * MAXRECS; k++) {
            insert(2 * k, k);
        }
        assertThat(levels()).isEqualTo(2);
        assertThat(check()).isEmpty();
        ag.flush(); // the committed tree is on the image: what follows changes only cached copies
        // Corrupt the second leaf in memory: swap two records, break its left sibling, and the parent's key.
        try (Trans tp = ag.trans()) {
            BtreeCursor cur = cursor(tp);
            KvOps.setRec(cur, 2L * MAXRECS * 2, 0);
            assertThat(Btree.lookup(cur, Lookup.EQ)).isEqualTo(1);
            XfsBuf leaf = cur.buf(0);
            byte[] b = leaf.data();
            byte[] tmp = new byte[8];
            System.arraycopy(b, BtreeBlocks.recOff(cur, 2), tmp, 0, 8);
            System.arraycopy(b, BtreeBlocks.recOff(cur, 3), b, BtreeBlocks.recOff(cur, 2), 8);
            System.arraycopy(tmp, 0, b, BtreeBlocks.recOff(cur, 3), 8);
            org.jxfs.core.format.BtreeBlock.setSLeftsib(b, 12345);
            XfsBuf root = cur.buf(1);
            BigEndian.putU32(root.data(), BtreeBlocks.keyOff(cur, cur.ptr(1)), 1);
            List<String> problems = BtreeCheck.check(cur);
            assertThat(problems).anyMatch(p -> p.contains("out of order"));
            assertThat(problems).anyMatch(p -> p.contains("leftsib 12345"));
            assertThat(problems).anyMatch(p -> p.contains("parent key"));
        }
        // Nothing was logged, so nothing is written: forget the corrupted cached copies and reread the image.
        ag.bufCache().purgeClean();
        assertThat(check()).isEmpty();
    }

    @Test
    void checkReportsUnderfullBlocks() throws Exception {
        for (long k = 0; k < 2 * MAXRECS; k++) {
            insert(k, k);
        }
        try (Trans tp = ag.trans()) {
            BtreeCursor cur = cursor(tp);
            KvOps.setRec(cur, 0, 0);
            assertThat(Btree.lookup(cur, Lookup.EQ)).isEqualTo(1);
            BtreeBlocks.setNumrecs(cur.buf(0), 3);
            assertThat(BtreeCheck.check(cur)).anyMatch(p -> p.contains("numrecs 3 < minrecs 28"));
        }
    }

    @Test
    void computeMaxLevelsMatchesTheKernel() {
        // 4 KiB blocks, 4096-block AG (the reference image): m_alloc_mnr = {252, 168} and 2048 records.
        assertThat(Btree.computeMaxLevels(new int[] {252, 168}, 2048)).isEqualTo(2);
        assertThat(Btree.computeMaxLevels(new int[] {252, 168}, 1)).isEqualTo(1);
        assertThat(Btree.computeMaxLevels(new int[] {252, 168}, 252 * 168 + 1)).isEqualTo(3);
    }
}
