// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Busy extents: the trim cases of xfs_extent_busy_trim, and the allocator avoiding busy space until a log force. */
class ExtentBusyTest {
    private static final int AG = 1;
    private AllocImage img;

    @BeforeEach
    void setUp(org.junit.jupiter.api.TestInfo info) throws Exception {
        img = AllocImage.create("busy-" + info.getTestMethod().orElseThrow().getName(), 64L << 20, 4);
    }

    @AfterEach
    void tearDown() throws Exception {
        img.checkAll();
        img.close();
    }

    private static long[] trim(ExtentBusyTree t, long minlen, long maxlen, long bno, long len) {
        FoundExtent r = t.trim(minlen, maxlen, bno, len, new FoundExtent());
        return new long[] {r.bno, r.len, r.busy ? 1 : 0};
    }

    @Test
    void trimCases() throws Exception {
        ExtentBusyTree t = new ExtentBusyTree();
        t.insert(new BusyExtent(0, 100, 10, 0));
        // No overlap.
        assertThat(trim(t, 1, 5, 0, 50)).containsExactly(0, 50, 0);
        // Start overlap leaves the tail; full cover leaves nothing.
        assertThat(trim(t, 1, 5, 95, 20)).containsExactly(95, 5, 1);
        assertThat(trim(t, 1, 5, 100, 20)).containsExactly(110, 10, 1);
        assertThat(trim(t, 1, 5, 102, 5)).containsExactly(102, 0, 1);
        // Middle overlap: the left piece if it holds maxlen, else a right piece four times maxlen, else minlen.
        assertThat(trim(t, 1, 5, 90, 40)).containsExactly(90, 10, 1);
        assertThat(trim(t, 1, 5, 97, 40)).containsExactly(110, 27, 1);
        assertThat(trim(t, 2, 8, 97, 30)).containsExactly(97, 3, 1);
        assertThat(trim(t, 4, 8, 97, 30)).containsExactly(97, 0, 1);
        assertThat(t.search(100, 10)).isEqualTo(1);
        assertThat(t.search(105, 10)).isEqualTo(-1);
        assertThat(t.search(110, 10)).isZero();
    }

    @Test
    void overlappingBusyExtentIsACorruptionErrorAndLeavesTheTreeAlone() throws Exception {
        ExtentBusyTree t = new ExtentBusyTree();
        t.insert(new BusyExtent(2, 100, 10, 0));
        for (long[] r : new long[][] {{100, 10}, {95, 6}, {109, 4}, {102, 2}}) {
            FsCorruptedException e = catchThrowableOfType(
                    () -> t.insert(new BusyExtent(2, r[0], r[1], 0)), FsCorruptedException.class);
            assertThat(e).as("insert [%d, +%d)", r[0], r[1]).isNotNull();
            assertThat(e.errno()).isEqualTo(XfsException.EFSCORRUPTED);
            assertThat(e.getMessage()).contains("freeing AG 2 blocks [" + r[0] + ", +" + r[1] + ")")
                    .contains("freed twice");
        }
        assertThat(t.search(100, 10)).isEqualTo(1);
        assertThat(t.search(90, 10)).isZero();
        assertThat(t.search(110, 5)).isZero();
    }

    @Test
    void trimMeetsBusyExtentsFromTheRootLikeTheKernel() throws Exception {
        ExtentBusyTree t = new ExtentBusyTree();
        t.insert(new BusyExtent(0, 50, 10, 0));
        t.insert(new BusyExtent(0, 0, 20, 0));
        assertThat(t.root().bno).isEqualTo(50);
        // The root [50, 60) is met first: its left piece [0, 50) holds maxlen, and then [0, 20) trims that to
        // [20, 50). Going from the lowest extent would have made the left piece too short and taken [60, 1000).
        assertThat(trim(t, 1, 40, 0, 1000)).containsExactly(20, 30, 1);
        // Reuse shrinks both in place: [50, 60) keeps its place in the tree as [55, 60), [0, 20) becomes [0, 10).
        assertThat(t.reuse(10, 45, false)).isNull();
        assertThat(t.root().bno).isEqualTo(55);
        assertThat(t.search(0, 10)).isEqualTo(1);
        assertThat(t.search(55, 5)).isEqualTo(1);
    }

    @Test
    void reuseShrinksOrRemoves() throws Exception {
        ExtentBusyTree t = new ExtentBusyTree();
        BusyExtent b = new BusyExtent(0, 100, 10, 0);
        t.insert(b);
        assertThat(t.reuse(100, 1, false)).isNull();
        assertThat(b.bno).isEqualTo(101);
        assertThat(t.reuse(109, 1, false)).isNull();
        assertThat(b.length).isEqualTo(8);
        // Inside: would need a split, so the log must be forced.
        assertThat(t.reuse(104, 1, false)).isSameAs(b);
        assertThat(t.reuse(100, 20, false)).isNull();
        assertThat(b.length).isZero();
        assertThat(t.isEmpty()).isTrue();
    }

    /** Fills AG {@link #AG}, then frees [100, 20] and forces the log, then frees [300, 50] (busy). */
    private void layoutWithBusy() throws Exception {
        while (img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 1, img.geo.agblocks).fsbno != Geometry.NULLFSBLOCK) {
            continue;
        }
        img.free(img.fsb(AG, 100), 20);
        ExtentBusy.forceLog(img.mp);
        img.free(img.fsb(AG, 300), 50);
        assertThat(ExtentBusy.search(img.mp, AG, 300, 50)).isEqualTo(1);
    }

    @Test
    void allocationsAvoidBusySpaceUntilTheyMustForceTheLog() throws Exception {
        layoutWithBusy();
        // Right next to the busy extent, but the nearest free space that is not busy wins.
        AllocArg near = img.alloc(AllocType.NEAR_BNO, img.fsb(AG, 310), 2, 2);
        assertThat(img.geo.fsbToAgbno(near.fsbno)).isBetween(100L, 119L);
        // Only the busy extent can give 30 blocks: the log is forced and it is used.
        AllocArg big = img.alloc(AllocType.NEAR_BNO, img.fsb(AG, 310), 30, 30);
        assertThat(img.geo.fsbToAgbno(big.fsbno)).isEqualTo(310);
        assertThat(ExtentBusy.anyBusy(img.mp, AG)).isFalse();
    }

    @Test
    void sizeAllocationFlushesWhenOnlyBusySpaceFits() throws Exception {
        layoutWithBusy();
        AllocArg a = img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 40, 40);
        assertThat(img.geo.fsbToAgbno(a.fsbno)).isEqualTo(300);
        assertThat(a.len).isEqualTo(40);
    }

    @Test
    void exactAllocationOfBusySpaceFails() throws Exception {
        layoutWithBusy();
        assertThat(img.alloc(AllocType.THIS_BNO, img.fsb(AG, 310), 1, 5).fsbno).isEqualTo(Geometry.NULLFSBLOCK);
        assertThat(img.geo.fsbToAgbno(img.alloc(AllocType.THIS_BNO, img.fsb(AG, 105), 1, 5).fsbno)).isEqualTo(105);
    }
}
