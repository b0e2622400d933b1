// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
import org.jxfs.core.XfsException;
import org.jxfs.core.trans.Trans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lookup may start at the cursor's leaf instead of the root when its path is still valid (Btree.lookup). Two
 * cursors change one tree in turn inside a transaction, so each one's path goes stale under the other's splits,
 * shifts, joins and root changes; after every change both must land exactly where a fresh cursor lands: the same
 * answer, the same entry index and block at every level.
 */
class BtreeLookupPathTest {
    private static final int BLOCKSIZE = 512;
    private static final long AGBLOCKS = 1 << 16;
    private static final int KEYS = 6000;

    private final KvOps ops = new KvOps();
    private TestAg ag;

    @BeforeEach
    void setUp() throws Exception {
        ag = TestAg.create("btree-lookup-path", BLOCKSIZE, AGBLOCKS);
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

    /** The cursor's answer and position after looking up {@code key}, as one comparable string. */
    private static String lookup(BtreeCursor cur, long key, Lookup dir) throws XfsException {
        KvOps.setRec(cur, key, 0);
        int stat = Btree.lookup(cur, dir);
        StringBuilder sb = new StringBuilder(dir + " " + key + " -> " + stat + " levels " + cur.nlevels());
        for (int level = cur.nlevels() - 1; level >= 0; level--) {
            sb.append(" [").append(cur.buf(level).daddr()).append(':').append(cur.ptr(level)).append(']');
        }
        return sb.toString();
    }

    @Test
    void reusedPathsLandWhereAFreshDescentLands() throws Exception {
        Random rnd = new Random(42);
        TreeMap<Long, Long> model = new TreeMap<>();
        int rounds = 0;
        for (int txn = 0; txn < 12; txn++) {
            try (Trans tp = ag.trans()) {
                BtreeCursor[] curs = {cursor(tp), cursor(tp)};
                for (int i = 0; i < 1500; i++) {
                    BtreeCursor cur = curs[rnd.nextInt(2)];
                    // Inserts dominate early (splits, new roots), deletes later (joins, root collapse).
                    boolean insert = model.isEmpty() || rnd.nextInt(100) < (txn < 6 ? 75 : 30);
                    long key = rnd.nextInt(KEYS);
                    KvOps.setRec(cur, key, key * 3);
                    int found = Btree.lookup(cur, Lookup.EQ);
                    assertThat(found).isEqualTo(model.containsKey(key) ? 1 : 0);
                    if (insert && found == 0) {
                        assertThat(Btree.insert(cur)).isEqualTo(1);
                        model.put(key, key * 3);
                    } else if (!insert && found == 1) {
                        assertThat(Btree.delete(cur)).isEqualTo(1);
                        model.remove(key);
                    }
                    // Both cursors, whose paths may now be stale, against a fresh descent: anywhere, or next to
                    // the key just changed (where a reused leaf's search starts from the cursor's index).
                    long probe = rnd.nextBoolean() ? rnd.nextInt(KEYS + 2) - 1 : key + rnd.nextInt(5) - 2;
                    for (Lookup dir : Lookup.values()) {
                        String fresh = lookup(cursor(tp), probe, dir);
                        for (BtreeCursor c : curs) {
                            c.nlevels = KvOps.levels(ag.agf(tp).data());
                            assertThat(lookup(c, probe, dir)).as("round %d", rounds).isEqualTo(fresh);
                        }
                    }
                    rounds++;
                }
                tp.commit();
            }
            try (Trans tp = ag.trans()) {
                assertThat(BtreeCheck.check(cursor(tp))).isEmpty();
            }
        }
        assertThat(rounds).isEqualTo(12 * 1500);
    }
}
