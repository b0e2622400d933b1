// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** 200,000 random operations on an {@link IextTree} against a TreeMap of non-overlapping extents. */
class IextTreeModelTest {
    private static final int OPS = 200_000;
    private static final int CHECK_EVERY = 10_000;
    private static final long SPACE = 1L << 21;
    private static final int MAX_LEN = 24;

    private final TreeMap<Long, BmbtIrec> model = new TreeMap<>();
    private final IextTree tree = new IextTree();
    private final IextCursor cur = new IextCursor();
    private SplittableRandom rnd;

    @Test
    void randomOperationsMatchTheModel() {
        rnd = new SplittableRandom(20240611);
        int[] done = new int[4];
        int maxHeight = 0;
        long maxCount = 0;
        for (int op = 0; op < OPS; op++) {
            // Grow for the first 40% of the run, shrink over the next 40%, then churn: splits, merges, root changes.
            int insertPct = op < OPS * 2 / 5 ? 60 : op < OPS * 4 / 5 ? 15 : 35;
            int removePct = op < OPS * 2 / 5 ? 10 : op < OPS * 4 / 5 ? 55 : 35;
            int r = rnd.nextInt(100);
            if (r < insertPct) {
                done[0] += randomInsert() ? 1 : 0;
            } else if (r < insertPct + removePct) {
                done[1] += randomRemove() ? 1 : 0;
            } else if (r < insertPct + removePct + 10) {
                done[2] += randomUpdate() ? 1 : 0;
            } else {
                randomLookup();
                done[3]++;
            }
            assertThat(tree.count()).isEqualTo(model.size());
            maxHeight = Math.max(maxHeight, tree.height());
            maxCount = Math.max(maxCount, tree.count());
            if (op % CHECK_EVERY == 0 || op == OPS - 1) {
                fullCheck();
            }
        }
        assertThat(done[0]).isGreaterThan(40_000);
        assertThat(done[1]).isGreaterThan(40_000);
        assertThat(done[2]).isGreaterThan(5_000);
        assertThat(maxHeight).isGreaterThanOrEqualTo(3);
        assertThat(maxCount).isGreaterThan(30_000);
    }

    private long randomStartoff() {
        // Mostly a dense low range; now and then near the top of the 54-bit field.
        if (rnd.nextInt(50) == 0) {
            return BmbtIrec.STARTOFF_MASK - MAX_LEN - rnd.nextLong(SPACE);
        }
        return rnd.nextLong(SPACE);
    }

    private BmbtIrec randomExtent(long startoff, long maxLen) {
        long len = 1 + rnd.nextLong(maxLen);
        long startblock = rnd.nextInt(20) == 0 ? BmbtIrec.nullStartblock(rnd.nextInt(1 << 17))
                : rnd.nextLong() & BmbtIrec.STARTBLOCK_MASK;
        return new BmbtIrec(startoff, startblock, len, rnd.nextBoolean() ? ExtState.UNWRITTEN : ExtState.NORM);
    }

    /** The longest extent that fits at {@code off} (0 if {@code off} is mapped). */
    private long room(long off) {
        Map.Entry<Long, BmbtIrec> below = model.floorEntry(off);
        if (below != null && below.getValue().endoff() > off) {
            return 0;
        }
        Long above = model.higherKey(off);
        return Math.min(MAX_LEN, (above == null ? BmbtIrec.STARTOFF_MASK + 1 : above) - off);
    }

    private boolean randomInsert() {
        long off = randomStartoff();
        long room = room(off);
        if (room == 0) {
            return false;
        }
        BmbtIrec irec = randomExtent(off, room);
        BmbtIrec following = tree.lookupExtent(off, cur);
        Map.Entry<Long, BmbtIrec> expect = model.ceilingEntry(off);
        assertThat(following).isEqualTo(expect == null ? null : expect.getValue());
        tree.insert(cur, irec);
        model.put(off, irec);
        assertThat(tree.getExtent(cur)).isEqualTo(irec);
        Map.Entry<Long, BmbtIrec> prev = model.lowerEntry(off);
        assertThat(tree.peekPrevExtent(cur)).isEqualTo(prev == null ? null : prev.getValue());
        assertThat(tree.peekNextExtent(cur)).isEqualTo(expect == null ? null : expect.getValue());
        return true;
    }

    private Map.Entry<Long, BmbtIrec> randomExisting() {
        if (model.isEmpty()) {
            return null;
        }
        Map.Entry<Long, BmbtIrec> e = model.ceilingEntry(rnd.nextBoolean() ? randomStartoff() : rnd.nextLong(SPACE));
        return e != null ? e : model.lastEntry();
    }

    private boolean randomRemove() {
        Map.Entry<Long, BmbtIrec> e = randomExisting();
        if (e == null) {
            return false;
        }
        long off = e.getKey();
        assertThat(tree.lookupExtent(off + rnd.nextLong(e.getValue().blockcount()), cur)).isEqualTo(e.getValue());
        tree.remove(cur);
        model.remove(off);
        Map.Entry<Long, BmbtIrec> next = model.higherEntry(off);
        assertThat(tree.getExtent(cur)).isEqualTo(next == null ? null : next.getValue());
        return true;
    }

    /** Rewrites an extent: new blocks and state, and sometimes a trimmed front or tail (moving the key). */
    private boolean randomUpdate() {
        Map.Entry<Long, BmbtIrec> e = randomExisting();
        if (e == null) {
            return false;
        }
        BmbtIrec old = e.getValue();
        long off = old.startoff(), len = old.blockcount();
        int how = rnd.nextInt(3);
        if (how == 1 && len > 1) {
            long cut = 1 + rnd.nextLong(len - 1);
            off += cut;
            len -= cut;
        } else if (how == 2) {
            Long above = model.higherKey(off);
            long limit = Math.min(BmbtIrec.MAX_BMBT_EXTLEN, (above == null ? BmbtIrec.STARTOFF_MASK + 1 : above) - off);
            len = 1 + rnd.nextLong(limit);
        }
        BmbtIrec irec = randomExtent(off, 1);
        irec = new BmbtIrec(off, irec.startblock(), len, irec.state());
        assertThat(tree.lookupExtent(old.startoff(), cur)).isEqualTo(old);
        tree.updateExtent(cur, irec);
        model.remove(old.startoff());
        model.put(off, irec);
        assertThat(tree.getExtent(cur)).isEqualTo(irec);
        return true;
    }

    private void randomLookup() {
        long off = randomStartoff();
        BmbtIrec got = tree.lookupExtent(off, cur);
        Map.Entry<Long, BmbtIrec> below = model.floorEntry(off);
        BmbtIrec expect = below != null && below.getValue().contains(off) ? below.getValue() : null;
        if (expect == null) {
            Map.Entry<Long, BmbtIrec> above = model.higherEntry(off);
            expect = above == null ? null : above.getValue();
        }
        assertThat(got).isEqualTo(expect);
        if (got != null) {
            assertThat(tree.startoff(cur)).isEqualTo(got.startoff());
            assertThat(tree.blockcount(cur)).isEqualTo(got.blockcount());
            assertThat(tree.startblock(cur)).isEqualTo(got.startblock());
            Map.Entry<Long, BmbtIrec> prev = model.lowerEntry(got.startoff());
            assertThat(tree.peekPrevExtent(cur)).isEqualTo(prev == null ? null : prev.getValue());
        } else {
            assertThat(tree.peekPrevExtent(cur)).isEqualTo(model.isEmpty() ? null : model.lastEntry().getValue());
        }
        BmbtIrec before = tree.lookupExtentBefore(off + 1, cur);
        Map.Entry<Long, BmbtIrec> last = model.floorEntry(off);
        assertThat(before).isEqualTo(last == null ? null : last.getValue());
    }

    private void fullCheck() {
        assertThat(IextTreeCheck.check(tree)).isNull();
        List<BmbtIrec> forward = new ArrayList<>();
        IextCursor c = new IextCursor();
        for (tree.first(c); c.isValid(); tree.next(c)) {
            forward.add(tree.getExtent(c));
        }
        assertThat(forward).containsExactlyElementsOf(model.values());
        List<BmbtIrec> backward = new ArrayList<>();
        for (tree.last(c); c.isValid(); tree.prev(c)) {
            backward.add(tree.getExtent(c));
        }
        assertThat(backward).containsExactlyElementsOf(model.descendingMap().values());
        if (tree.count() > 0) {
            assertThat(tree.retainedBytes() / (double) tree.count()).isLessThanOrEqualTo(24.0 + 4096.0 / tree.count());
        }
    }
}
