// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.format.Geometry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Each allocation strategy on a real image: AG 1 is first filled completely, then chosen extents are freed, so
 * the free space the allocator sees is exactly what the test laid out.
 */
class AllocStrategyTest {
    private static final int AG = 1;
    private AllocImage img;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        img = AllocImage.create("strategy-" + info.getTestMethod().orElseThrow().getName(), 64L << 20, 4);
    }

    @AfterEach
    void tearDown() throws Exception {
        img.checkAll();
        img.close();
    }

    /** Allocates everything AG {@link #AG} has, then frees the given {agbno, len} pairs and forces the log. */
    private void layout(long... extents) throws Exception {
        while (true) {
            AllocArg a = img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 1, img.geo.agblocks);
            if (a.fsbno == Geometry.NULLFSBLOCK) {
                break;
            }
        }
        assertThat(img.state(AG).bno()).isEmpty();
        for (int i = 0; i < extents.length; i += 2) {
            img.free(img.fsb(AG, extents[i]), extents[i + 1]);
        }
        assertThat(img.state(AG).bno()).hasSize(extents.length / 2);
        // The frees are on disk before the allocations under test: nothing is busy any more.
        ExtentBusy.forceLog(img.mp);
    }

    private long agbno(AllocArg a) {
        assertThat(a.fsbno).as("allocation failed: %s", a).isNotEqualTo(Geometry.NULLFSBLOCK);
        assertThat(img.geo.fsbToAgno(a.fsbno)).isEqualTo(AG);
        return img.geo.fsbToAgbno(a.fsbno);
    }

    @Test
    void exactTakesTheTargetAndClipsToTheExtentEnd() throws Exception {
        layout(100, 20, 300, 5);
        AllocArg a = img.alloc(AllocType.THIS_BNO, img.fsb(AG, 110), 1, 50);
        assertThat(agbno(a)).isEqualTo(110);
        assertThat(a.len).isEqualTo(10);
        assertThat(img.state(AG).bno()).containsExactly(Map.entry(100L, 10L), Map.entry(300L, 5L));
        // Inside used space, or not enough for minlen: nothing.
        assertThat(img.alloc(AllocType.THIS_BNO, img.fsb(AG, 200), 1, 1).fsbno).isEqualTo(Geometry.NULLFSBLOCK);
        assertThat(img.alloc(AllocType.THIS_BNO, img.fsb(AG, 302), 4, 4).fsbno).isEqualTo(Geometry.NULLFSBLOCK);
        AllocArg b = img.alloc(AllocType.THIS_BNO, img.fsb(AG, 302), 3, 3);
        assertThat(agbno(b)).isEqualTo(302);
        assertThat(img.state(AG).bno()).containsExactly(Map.entry(100L, 10L), Map.entry(300L, 2L));
    }

    @Test
    void nearPicksTheClosestExtentOnEitherSide() throws Exception {
        layout(1000, 10, 3000, 10, 8000, 50);
        // 2950: the extent to the right (50 away) beats the one to the left (~1950 away).
        assertThat(agbno(img.alloc(AllocType.NEAR_BNO, img.fsb(AG, 2950), 2, 2))).isEqualTo(3000);
        // 1200: the left one, taken from its end, nearest the target.
        assertThat(agbno(img.alloc(AllocType.NEAR_BNO, img.fsb(AG, 1200), 2, 2))).isEqualTo(1008);
        // Inside a free extent: exactly at the target.
        assertThat(agbno(img.alloc(AllocType.NEAR_BNO, img.fsb(AG, 8020), 5, 5))).isEqualTo(8020);
        // Longer than anything near: the long extent wins over locality.
        AllocArg big = img.alloc(AllocType.NEAR_BNO, img.fsb(AG, 1000), 15, 15);
        assertThat(agbno(big)).isBetween(8000L, 8050L);
        assertThat(big.len).isEqualTo(15);
    }

    @Test
    void nearWithMaxlenTooLongPrefersLocalityAboveMinlen() throws Exception {
        layout(500, 7, 4000, 12, 9000, 3);
        // No extent holds maxlen: any extent of at least minlen will do, and the nearest one wins.
        AllocArg a = img.alloc(AllocType.NEAR_BNO, img.fsb(AG, 600), 1, 100);
        assertThat(agbno(a)).isEqualTo(500);
        assertThat(a.len).isEqualTo(7);
        // With minlen 10 only the far one qualifies.
        AllocArg b = img.alloc(AllocType.NEAR_BNO, img.fsb(AG, 600), 10, 100);
        assertThat(agbno(b)).isEqualTo(4000);
        assertThat(b.len).isEqualTo(12);
    }

    @Test
    void sizeTakesTheSmallestExtentThatFits() throws Exception {
        layout(100, 5, 200, 10, 300, 20);
        AllocArg a = img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 8, 8);
        assertThat(agbno(a)).isEqualTo(200);
        assertThat(a.len).isEqualTo(8);
        // Too long for any extent: the longest one, whole.
        AllocArg b = img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 1, 30);
        assertThat(agbno(b)).isEqualTo(300);
        assertThat(b.len).isEqualTo(20);
    }

    @Test
    void minlenAndMaxlen() throws Exception {
        layout(100, 10, 200, 10);
        assertThat(img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 11, 20).fsbno).isEqualTo(Geometry.NULLFSBLOCK);
        assertThat(img.alloc(AllocType.NEAR_BNO, img.fsb(AG, 150), 11, 20).fsbno).isEqualTo(Geometry.NULLFSBLOCK);
        AllocArg a = img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 10, 20);
        assertThat(a.len).isEqualTo(10);
        AllocArg b = img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 1, 4);
        assertThat(b.len).isEqualTo(4);
    }

    @Test
    void alignmentRoundsTheStartUp() throws Exception {
        layout(1001, 20, 3003, 6);
        AllocArg a = img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 8, 16, 8, 1, 0, 0);
        assertThat(agbno(a) % 8).isZero();
        assertThat(agbno(a)).isEqualTo(1008);
        assertThat(a.len).isEqualTo(13);
        AllocArg b = img.alloc(AllocType.NEAR_BNO, img.fsb(AG, 3003), 1, 4, 4, 1, 0, 0);
        assertThat(agbno(b)).isEqualTo(3004);
        assertThat(b.len).isEqualTo(4);
        // 6 blocks at 3003 hold no 4-aligned run of 5.
        assertThat(img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 5, 5, 4, 1, 0, 0).fsbno)
                .isEqualTo(Geometry.NULLFSBLOCK);
    }

    @Test
    void prodAndModTrimTheLength() throws Exception {
        layout(100, 23, 200, 23, 300, 23);
        assertThat(img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 1, 30, 1, 4, 0, 0).len).isEqualTo(20);
        assertThat(img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 1, 30, 1, 4, 1, 0).len).isEqualTo(21);
        // Exactly maxlen is never trimmed.
        assertThat(img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 1, 7, 1, 4, 0, 0).len).isEqualTo(7);
    }

    @Test
    void minleftRejectsAnAgThatWouldRunDry() throws Exception {
        layout(100, 20);
        long fd = img.mp.fdblocks();
        // 20 free: 10 with 15 left over does not fit; the AG is rejected and nothing changes.
        assertThat(img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 10, 10, 1, 1, 0, 15).fsbno)
                .isEqualTo(Geometry.NULLFSBLOCK);
        assertThat(img.mp.fdblocks()).isEqualTo(fd);
        // maxlen is clamped so that minleft stays free.
        AllocArg a = img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 1, 20, 1, 1, 0, 5);
        assertThat(a.len).isEqualTo(15);
    }

    @Test
    void rotorTypesMoveOnToOtherAgs() throws Exception {
        layout();
        AllocArg a = img.alloc(AllocType.START_BNO, img.fsb(AG, 100), 4, 4);
        assertThat(a.fsbno).isNotEqualTo(Geometry.NULLFSBLOCK);
        assertThat(img.geo.fsbToAgno(a.fsbno)).isEqualTo(AG + 1);
        AllocArg b = img.alloc(AllocType.START_AG, img.fsb(AG, 0), 4, 4);
        assertThat(img.geo.fsbToAgno(b.fsbno)).isEqualTo(AG + 1);
        AllocArg c = img.alloc(AllocType.FIRST_AG, img.fsb(0, 0), 4, 4);
        assertThat(img.geo.fsbToAgno(c.fsbno)).isEqualTo(0);
        int[] seen = new int[img.geo.agcount];
        for (int i = 0; i < 8; i++) {
            seen[img.geo.fsbToAgno(img.alloc(AllocType.ANY_AG, 0, 1, 1).fsbno)]++;
        }
        assertThat(seen[AG]).isZero();
        assertThat(seen[0] + seen[2] + seen[3]).isEqualTo(8);
        assertThat(seen[0]).isPositive();
        assertThat(seen[3]).isPositive();
        // THIS_AG in the full AG: nothing, without looking elsewhere.
        assertThat(img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 1, 1).fsbno).isEqualTo(Geometry.NULLFSBLOCK);
    }

    @Test
    void freeMergesWithNeighbours() throws Exception {
        layout(100, 10, 200, 10);
        img.free(img.fsb(AG, 110), 5);          // joins the left one
        img.free(img.fsb(AG, 195), 5);          // joins the right one
        img.free(img.fsb(AG, 300), 5);          // alone
        assertThat(img.state(AG).bno()).containsExactly(Map.entry(100L, 15L), Map.entry(195L, 15L),
                Map.entry(300L, 5L));
        img.free(img.fsb(AG, 115), 80);         // bridges both
        assertThat(img.state(AG).bno()).containsExactly(Map.entry(100L, 110L), Map.entry(300L, 5L));
        assertThat(img.state(AG).longest()).isEqualTo(110);
    }

    @Test
    void freeingFreeSpaceIsCorruption() throws Exception {
        layout(100, 10, 200, 10);
        for (long[] bad : new long[][] {{105, 2}, {95, 10}, {205, 10}, {90, 200}}) {
            long fd = img.mp.fdblocks();
            assertThatThrownBy(() -> img.free(img.fsb(AG, bad[0]), bad[1]))
                    .isInstanceOf(FsCorruptedException.class).hasMessageContaining("overlaps free extent");
            assertThat(img.mp.isShutdown()).isFalse();
            assertThat(img.mp.fdblocks()).isEqualTo(fd);
        }
        assertThat(img.state(AG).bno()).containsExactly(Map.entry(100L, 10L), Map.entry(200L, 10L));
    }
}
