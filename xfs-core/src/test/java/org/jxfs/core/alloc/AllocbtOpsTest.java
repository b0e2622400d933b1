// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import org.jxfs.core.btree.Btree;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.btree.Lookup;
import org.jxfs.core.btree.TestAg;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.trans.Trans;
import org.junit.jupiter.api.Test;

/** The free-space btree adapters: orders, geometry-derived limits, and the AGF fields they maintain. */
class AllocbtOpsTest {
    /** The reference image: 4 KiB blocks, 4096-block AGs. */
    private static final Geometry REF = new Geometry(4096, 512, 512, 4096, 4, 16384, 8196, 857, 4, 0);

    @Test
    void recordLimitsMatchTheKernelFor4kBlocks() throws Exception {
        try (TestAg ag = TestAg.create("allocbt-limits", 4096, 4096)) {
            ag.format(BtreeBlock.ABTB_CRC_MAGIC);
            try (Trans tp = ag.trans()) {
                BtreeCursor cur = AllocbtOps.BNO.initCursor(tp, ag.geo, ag.uuid, ag.agf(tp), TestAg.AGNO, ag);
                // m_alloc_mxr for v5 4 KiB blocks: (4096 - 56) / 8 and / (8 + 4); minrecs are half.
                assertThat(AllocbtOps.BNO.maxRecs(cur, 0)).isEqualTo(505);
                assertThat(AllocbtOps.BNO.maxRecs(cur, 1)).isEqualTo(336);
                assertThat(AllocbtOps.BNO.minRecs(cur, 0)).isEqualTo(252);
                assertThat(AllocbtOps.BNO.minRecs(cur, 1)).isEqualTo(168);
            }
        }
        assertThat(AllocbtOps.BNO.maxLevels(REF)).isEqualTo(2);
        assertThat(AllocbtOps.CNT.maxLevels(new Geometry(512, 512, 256, 1 << 20, 1, 1 << 20, 0, 0, 0, 0)))
                .isEqualTo(5);
    }

    @Test
    void ordersFollowTheKernel() {
        byte[] a = AllocbtOps.rec(100, 1);
        byte[] b = AllocbtOps.rec(0, 2);
        byte[] c = AllocbtOps.rec(101, 5);
        assertThat(AllocbtOps.CNT.diffTwoKeys(a, 0, b, 0)).isNegative();
        assertThat(AllocbtOps.BNO.diffTwoKeys(a, 0, b, 0)).isPositive();
        assertThat(AllocbtOps.CNT.recsInorder(a, 0, b, 0)).isTrue();
        // bnobt: touching extents are in order, overlapping ones are not.
        assertThat(AllocbtOps.BNO.recsInorder(a, 0, c, 0)).isTrue();
        assertThat(AllocbtOps.BNO.recsInorder(AllocbtOps.rec(100, 2), 0, c, 0)).isFalse();
        // Unsigned 32-bit fields: 0xffffffff sorts last.
        assertThat(AllocbtOps.BNO.diffTwoKeys(AllocbtOps.rec(0xffffffffL, 1), 0, a, 0)).isPositive();
    }

    @Test
    void cntbtKeepsAgfLongest() throws Exception {
        try (TestAg ag = TestAg.create("allocbt-longest", 512, 1 << 16)) {
            ag.format(BtreeBlock.ABTB_CRC_MAGIC, BtreeBlock.ABTC_CRC_MAGIC);
            long[][] extents = {{10, 3}, {20, 7}, {40, 5}};
            for (long[] e : extents) {
                try (Trans tp = ag.trans()) {
                    BtreeCursor cur = AllocbtOps.CNT.initCursor(tp, ag.geo, ag.uuid, ag.agf(tp), TestAg.AGNO, ag);
                    AllocbtOps.setRec(cur, e[0], e[1]);
                    assertThat(Btree.lookup(cur, Lookup.EQ)).isZero();
                    assertThat(Btree.insert(cur)).isEqualTo(1);
                    tp.commit();
                }
            }
            assertThat(longest(ag)).isEqualTo(7);
            try (Trans tp = ag.trans()) {
                BtreeCursor cur = AllocbtOps.CNT.initCursor(tp, ag.geo, ag.uuid, ag.agf(tp), TestAg.AGNO, ag);
                AllocbtOps.setRec(cur, 20, 7);
                assertThat(Btree.lookup(cur, Lookup.EQ)).isEqualTo(1);
                Btree.update(cur, AllocbtOps.rec(20, 9));
                tp.commit();
            }
            assertThat(longest(ag)).isEqualTo(9);
            try (Trans tp = ag.trans()) {
                BtreeCursor cur = AllocbtOps.CNT.initCursor(tp, ag.geo, ag.uuid, ag.agf(tp), TestAg.AGNO, ag);
                AllocbtOps.setRec(cur, 20, 9);
                assertThat(Btree.lookup(cur, Lookup.EQ)).isEqualTo(1);
                assertThat(Btree.delete(cur)).isEqualTo(1);
                tp.commit();
            }
            assertThat(longest(ag)).isEqualTo(5);
            // The bnobt does not touch agf_longest.
            try (Trans tp = ag.trans()) {
                BtreeCursor cur = AllocbtOps.BNO.initCursor(tp, ag.geo, ag.uuid, ag.agf(tp), TestAg.AGNO, ag);
                AllocbtOps.setRec(cur, 100, 50);
                assertThat(Btree.lookup(cur, Lookup.EQ)).isZero();
                assertThat(Btree.insert(cur)).isEqualTo(1);
                assertThat(AllocbtOps.getRec(cur)).isEqualTo(new AllocRec(100, 50));
                tp.commit();
            }
            assertThat(longest(ag)).isEqualTo(5);
        }
    }

    /**
     * A damaged agf_longest (0 here) is not trusted: since 6.10 (xfs_alloc_fixup_longest) any change to the cntbt's
     * rightmost leaf writes the length of its last record, so a record shorter than the true longest, inserted
     * above the damaged value, does not become the longest (as xfs_allocbt_update_lastrec's comparison made it).
     */
    @Test
    void cntbtRewritesADamagedAgfLongestFromItsLastRecord() throws Exception {
        try (TestAg ag = TestAg.create("allocbt-longest-damaged", 512, 1 << 16)) {
            ag.format(BtreeBlock.ABTB_CRC_MAGIC, BtreeBlock.ABTC_CRC_MAGIC);
            for (long[] e : new long[][] {{10, 3}, {20, 7}}) {
                insertCnt(ag, e[0], e[1]);
            }
            try (Trans tp = ag.trans()) {
                XfsBuf agbp = ag.agf(tp);
                BigEndian.putU32(agbp.data(), TestAg.AGF_OFF_LONGEST, 0);
                tp.logBuf(agbp, TestAg.AGF_OFF_LONGEST, TestAg.AGF_OFF_LONGEST + 3);
                tp.commit();
            }
            insertCnt(ag, 40, 2);
            assertThat(longest(ag)).isEqualTo(7);
        }
    }

    private static void insertCnt(TestAg ag, long bno, long len) throws Exception {
        try (Trans tp = ag.trans()) {
            BtreeCursor cur = AllocbtOps.CNT.initCursor(tp, ag.geo, ag.uuid, ag.agf(tp), TestAg.AGNO, ag);
            AllocbtOps.setRec(cur, bno, len);
            assertThat(Btree.lookup(cur, Lookup.EQ)).isZero();
            assertThat(Btree.insert(cur)).isEqualTo(1);
            tp.commit();
        }
    }

    private static long longest(TestAg ag) throws Exception {
        try (Trans tp = ag.trans()) {
            return BigEndian.u32(ag.agf(tp).data(), TestAg.AGF_OFF_LONGEST);
        }
    }
}
