// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IextTreeTest {
    private static BmbtIrec ext(long off) {
        return BmbtIrec.of(off * 2, 1000 + off, 1);
    }

    @Test
    void emptyTree() {
        IextTree t = new IextTree();
        IextCursor cur = new IextCursor();
        assertThat(t.lookupExtent(0, cur)).isNull();
        assertThat(cur.isValid()).isFalse();
        t.first(cur);
        assertThat(t.getExtent(cur)).isNull();
        t.last(cur);
        assertThat(t.getExtent(cur)).isNull();
        assertThat(t.count()).isZero();
        assertThat(t.retainedBytes()).isZero();
    }

    @Test
    void lookupReturnsContainingThenFollowingExtent() {
        IextTree t = new IextTree();
        IextCursor cur = new IextCursor();
        t.insert(cur, BmbtIrec.of(10, 100, 5));
        t.lookupExtent(100, cur);
        t.insert(cur, BmbtIrec.of(20, 200, 5));
        assertThat(t.lookupExtent(12, cur)).isEqualTo(BmbtIrec.of(10, 100, 5));
        assertThat(t.lookupExtent(15, cur)).isEqualTo(BmbtIrec.of(20, 200, 5));
        assertThat(t.peekPrevExtent(cur)).isEqualTo(BmbtIrec.of(10, 100, 5));
        assertThat(t.lookupExtent(0, cur)).isEqualTo(BmbtIrec.of(10, 100, 5));
        assertThat(t.peekPrevExtent(cur)).isNull();
        assertThat(t.lookupExtent(25, cur)).isNull();
        assertThat(t.peekPrevExtent(cur)).isEqualTo(BmbtIrec.of(20, 200, 5));
        assertThat(t.lookupExtentBefore(19, cur)).isEqualTo(BmbtIrec.of(10, 100, 5));
        assertThat(t.lookupExtentBefore(10, cur)).isNull();
    }

    @Test
    void sequentialAppendPacksLeavesFull() {
        IextTree t = new IextTree();
        IextCursor cur = new IextCursor();
        int n = IextTree.RECS_PER_LEAF * IextTree.KEYS_PER_NODE * 3;
        for (int i = 0; i < n; i++) {
            t.insert(cur, ext(i));
            t.next(cur);
        }
        assertThat(IextTreeCheck.check(t)).isNull();
        assertThat(t.height()).isEqualTo(3);
        assertThat(t.leafCount()).isEqualTo(n / IextTree.RECS_PER_LEAF);
        for (int i = 0; i < n; i += 37) {
            assertThat(t.lookupExtent(2L * i + 1, cur)).isEqualTo(ext(i + 1));
        }
    }

    @Test
    void insertAtFrontAndRemoveEverythingFromBothEnds() {
        IextTree t = new IextTree();
        IextCursor cur = new IextCursor();
        int n = 20_000;
        for (int i = n - 1; i >= 0; i--) {
            t.first(cur);
            t.insert(cur, ext(i));
        }
        assertThat(IextTreeCheck.check(t)).isNull();
        int removed = 0;
        while (t.count() > 0) {
            if (removed % 2 == 0) {
                t.first(cur);
            } else {
                t.last(cur);
            }
            t.remove(cur);
            removed++;
            if (removed % 997 == 0) {
                assertThat(IextTreeCheck.check(t)).isNull();
            }
        }
        assertThat(t.height()).isZero();
        assertThat(t.retainedBytes()).isZero();
    }

    @Test
    void removeFromTheMiddleWalksTheCursorForward() {
        IextTree t = new IextTree();
        IextCursor cur = new IextCursor();
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            t.insert(cur, ext(i));
            t.next(cur);
        }
        t.lookupExtent(2L * 3000, cur);
        for (int i = 3000; i < 9000; i++) {
            assertThat(t.getExtent(cur)).isEqualTo(ext(i));
            t.remove(cur);
        }
        assertThat(t.getExtent(cur)).isEqualTo(ext(9000));
        assertThat(t.peekPrevExtent(cur)).isEqualTo(ext(2999));
        assertThat(IextTreeCheck.check(t)).isNull();
        assertThat(t.count()).isEqualTo(4000);
    }

    @Test
    void updateOfAFirstRecordMovesTheKeysAbove() {
        IextTree t = new IextTree();
        IextCursor cur = new IextCursor();
        for (int i = 0; i < 5000; i++) {
            t.insert(cur, BmbtIrec.of(10L * i, i, 5));
            t.next(cur);
        }
        // Grow every extent leftwards into the hole before it: every leaf's first key changes.
        for (int i = 1; i < 5000; i++) {
            t.lookupExtent(10L * i, cur);
            t.updateExtent(cur, new BmbtIrec(10L * i - 5, i, 10, ExtState.UNWRITTEN));
        }
        assertThat(IextTreeCheck.check(t)).isNull();
        assertThat(t.lookupExtent(10L * 4000 - 5, cur)).isEqualTo(new BmbtIrec(39995, 4000, 10, ExtState.UNWRITTEN));
    }

    @Test
    void seqChangesOnEveryModification() {
        IextTree t = new IextTree();
        IextCursor cur = new IextCursor();
        long s0 = t.seq();
        t.insert(cur, ext(1));
        long s1 = t.seq();
        t.updateExtent(cur, ext(2));
        long s2 = t.seq();
        t.remove(cur);
        assertThat(new long[] {s0, s1, s2, t.seq()}).doesNotHaveDuplicates();
    }

    /** A million extents inserted in random order stay under 24 bytes each and are all found. */
    @Test
    void millionExtentsInRandomOrder() {
        int n = 1_000_000;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int x = order[i];
            order[i] = order[j];
            order[j] = x;
        }
        IextTree t = new IextTree();
        IextCursor cur = new IextCursor();
        for (int i : order) {
            t.lookupExtent(2L * i, cur);
            t.insert(cur, ext(i));
        }
        assertThat(t.count()).isEqualTo(n);
        assertThat(IextTreeCheck.check(t)).isNull();
        double perExtent = t.retainedBytes() / (double) n;
        System.out.printf("iext random order: %d extents, height %d, %d leaves, %.2f bytes/extent%n", n, t.height(),
                t.leafCount(), perExtent);
        assertThat(perExtent).isLessThanOrEqualTo(24.0);
        checkLookups(t, n, rnd);
    }

    /** A million extents appended in order (as when a fork is read in) are packed near 16 bytes each. */
    @Test
    void millionExtentsAppended() {
        int n = 1_000_000;
        IextTree t = new IextTree();
        IextCursor cur = new IextCursor();
        for (int i = 0; i < n; i++) {
            t.insert(cur, ext(i));
            t.next(cur);
        }
        assertThat(IextTreeCheck.check(t)).isNull();
        double perExtent = t.retainedBytes() / (double) n;
        System.out.printf("iext appended: %d extents, height %d, %d leaves, %.2f bytes/extent%n", n, t.height(),
                t.leafCount(), perExtent);
        assertThat(perExtent).isLessThanOrEqualTo(17.0);
        checkLookups(t, n, new SplittableRandom(8));
    }

    private static void checkLookups(IextTree t, int n, SplittableRandom rnd) {
        IextCursor cur = new IextCursor();
        for (int k = 0; k < 200_000; k++) {
            long off = rnd.nextLong(2L * n + 4);
            BmbtIrec got = t.lookupExtent(off, cur);
            long i = (off + 1) / 2; // offset 2i is mapped; 2i+1 is a hole followed by extent i+1
            assertThat(got).isEqualTo(i < n ? ext(i) : null);
        }
        int seen = 0;
        for (t.first(cur); cur.isValid(); t.next(cur)) {
            assertThat(t.startoff(cur)).isEqualTo(2L * seen);
            seen++;
        }
        assertThat(seen).isEqualTo(n);
    }
}
