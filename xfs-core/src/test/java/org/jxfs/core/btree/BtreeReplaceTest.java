// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.jxfs.core.XfsException;
import org.jxfs.core.trans.Trans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Btree#replace} stands in for a delete followed by the insert of a new record, and must leave exactly what
 * the pair leaves. Two trees are grown by the same operations; at each step one replaces a record in place while
 * the other deletes it, looks the new record up and inserts it, and every block of the two trees (their bytes, at
 * the same addresses) and their heights must then be equal. When replace declines, it must have changed nothing,
 * and both trees then take the long way.
 */
class BtreeReplaceTest {
    private static final int BLOCKSIZE = 512;
    private static final long AGBLOCKS = 1 << 16;
    private static final int KEYS = 20_000;

    private final KvOps ops = new KvOps();
    private TestAg fast;
    private TestAg slow;

    @BeforeEach
    void setUp() throws Exception {
        fast = TestAg.create("btree-replace-fast", BLOCKSIZE, AGBLOCKS);
        slow = TestAg.create("btree-replace-slow", BLOCKSIZE, AGBLOCKS);
        fast.format(KvOps.MAGIC);
        slow.format(KvOps.MAGIC);
    }

    @AfterEach
    void tearDown() throws Exception {
        assertThat(fast.shutdownReason()).isNull();
        assertThat(slow.shutdownReason()).isNull();
        fast.close();
        slow.close();
    }

    /** Every block of the tree, by disk address, with the height. */
    private Map<Long, byte[]> blocks(TestAg ag, Trans tp) throws XfsException {
        TreeMap<Long, byte[]> m = new TreeMap<>();
        BtreeCursor cur = ag.kvCursor(tp, ops);
        m.put(-1L, new byte[] {(byte) cur.nlevels()});
        Btree.visitBlocks(cur, (c, level, bp) -> m.put(bp.daddr(), bp.data().clone()));
        return m;
    }

    private static void assertSameTrees(Map<Long, byte[]> a, Map<Long, byte[]> b, String what) {
        assertThat(a.keySet()).as(what).isEqualTo(b.keySet());
        for (Long daddr : a.keySet()) {
            assertThat(Arrays.equals(a.get(daddr), b.get(daddr))).as(what + " block " + daddr).isTrue();
        }
    }

    private static void put(BtreeCursor cur, long key) throws XfsException {
        KvOps.setRec(cur, key, key * 7);
        if (Btree.lookup(cur, Lookup.EQ) == 0) {
            assertThat(Btree.insert(cur)).isEqualTo(1);
        }
    }

    /** The long way: delete the record under the cursor, look the new one up, insert it. */
    private static void deleteInsert(BtreeCursor cur, long newKey) throws XfsException {
        assertThat(Btree.delete(cur)).isEqualTo(1);
        KvOps.setRec(cur, newKey, newKey * 7);
        assertThat(Btree.lookup(cur, Lookup.EQ)).isZero();
        assertThat(Btree.insert(cur)).isEqualTo(1);
    }

    @Test
    void replaceLeavesWhatDeleteAndInsertLeave() throws Exception {
        Random rnd = new Random(7);
        TreeMap<Long, Long> model = new TreeMap<>();
        int replaced = 0;
        int declined = 0;
        for (int txn = 0; txn < 8; txn++) {
            try (Trans ft = fast.trans(); Trans st = slow.trans()) {
                BtreeCursor fc = fast.kvCursor(ft, ops);
                BtreeCursor sc = slow.kvCursor(st, ops);
                // Grow (early) or shrink (late) both trees the same way, so leaves pass through every fill level.
                for (int i = 0; i < 300; i++) {
                    long key = rnd.nextInt(KEYS);
                    boolean grow = txn < 5 || rnd.nextBoolean();
                    if (grow && !model.containsKey(key)) {
                        put(fc, key);
                        put(sc, key);
                        model.put(key, key);
                    } else if (!grow && model.containsKey(key)) {
                        for (BtreeCursor c : new BtreeCursor[] {fc, sc}) {
                            KvOps.setRec(c, key, 0);
                            assertThat(Btree.lookup(c, Lookup.EQ)).isEqualTo(1);
                            assertThat(Btree.delete(c)).isEqualTo(1);
                        }
                        model.remove(key);
                    }
                }
                for (int i = 0; i < 200 && !model.isEmpty(); i++) {
                    Long at = model.ceilingKey((long) rnd.nextInt(KEYS));
                    long old = at == null ? model.firstKey() : at;
                    Long lower = model.lowerKey(old);
                    Long higher = model.higherKey(old);
                    // Mostly a key that keeps the slot; sometimes one that sorts elsewhere, which must be declined.
                    long lo = lower == null ? -1 : lower;
                    long hi = higher == null ? KEYS : higher;
                    long newKey = rnd.nextInt(4) != 0 && hi - lo > 2 ? lo + 1 + rnd.nextInt((int) (hi - lo - 1))
                            : rnd.nextInt(KEYS);
                    if (newKey == old || (newKey != old && model.containsKey(newKey))) {
                        continue;
                    }
                    Map<Long, byte[]> before = blocks(fast, ft);
                    for (BtreeCursor c : new BtreeCursor[] {fc, sc}) {
                        KvOps.setRec(c, old, 0);
                        assertThat(Btree.lookup(c, Lookup.EQ)).isEqualTo(1);
                    }
                    KvOps.setRec(fc, newKey, newKey * 7);
                    if (Btree.replace(fc)) {
                        replaced++;
                        assertThat(newKey).isGreaterThan(lo).isLessThan(hi);
                    } else {
                        declined++;
                        assertSameTrees(blocks(fast, ft), before, "declined replace " + old + " -> " + newKey);
                        KvOps.setRec(fc, old, 0);
                        assertThat(Btree.lookup(fc, Lookup.EQ)).isEqualTo(1);
                        deleteInsert(fc, newKey);
                    }
                    deleteInsert(sc, newKey);
                    model.remove(old);
                    model.put(newKey, newKey);
                    assertSameTrees(blocks(fast, ft), blocks(slow, st), "replace " + old + " -> " + newKey);
                }
                ft.commit();
                st.commit();
            }
            try (Trans tp = fast.trans()) {
                assertThat(BtreeCheck.check(fast.kvCursor(tp, ops))).isEmpty();
            }
        }
        System.out.printf("btree replace: %d in place, %d declined%n", replaced, declined);
        // Both outcomes were exercised, many times each.
        assertThat(replaced).isGreaterThan(500);
        assertThat(declined).isGreaterThan(100);
    }
}
