// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.jxfs.core.buf.TestBufs;
import org.jxfs.core.buf.XfsBuf;
import org.junit.jupiter.api.Test;

class BtreeBlockOpsTest {
    private static final Geometry G = RefImage.geometry();

    /** The bnobt root of AG 1 (block 1), one record [8, 4088]. */
    private static XfsBuf bnoRoot(int agno) {
        long daddr = G.agbToDaddr(agno, 1);
        byte[] b = new byte[4096];
        BtreeBlock.initShort(b, BtreeBlock.ABTB_CRC_MAGIC, 0, 1, daddr, RefImage.UUID, agno);
        BigEndian.putU32(b, 56, 8);
        BigEndian.putU32(b, 60, 4088);
        XfsBuf bp = TestBufs.of(daddr, b, BtreeBlockOps.BNOBT);
        BtreeBlockOps.BNOBT.updateCrc(bp);
        return bp;
    }

    private static String verify(BtreeBlockOps ops, XfsBuf bp) {
        return ops.verifyStruct(bp, RefImage.ctx());
    }

    @Test
    void goodShortBlockPasses() {
        XfsBuf bp = bnoRoot(1);
        assertThat(BtreeBlockOps.BNOBT.verifyCrc(bp)).isTrue();
        assertThat(verify(BtreeBlockOps.BNOBT, bp)).isNull();
        bp.data()[100] ^= 1;
        assertThat(BtreeBlockOps.BNOBT.verifyCrc(bp)).isFalse();
    }

    @Test
    void shortBlockChecksAreNamed() {
        XfsBuf bp = bnoRoot(1);
        assertThat(verify(BtreeBlockOps.CNTBT, bp)).isEqualTo("bad magic 0x41423342");

        bp = bnoRoot(1);
        BigEndian.putU32(bp.data(), BtreeBlock.OFF_S_OWNER, 2);
        assertThat(verify(BtreeBlockOps.BNOBT, bp)).isEqualTo("bb_owner 2 is not AG 1");

        bp = bnoRoot(1);
        BigEndian.putU64(bp.data(), BtreeBlock.OFF_S_BLKNO, 8);
        assertThat(verify(BtreeBlockOps.BNOBT, bp)).startsWith("bb_blkno 8 is not the block's daddr");

        bp = bnoRoot(1);
        BtreeBlock.setNumrecs(bp.data(), 506);
        assertThat(verify(BtreeBlockOps.BNOBT, bp)).isEqualTo("bb_numrecs 506 above the maximum 505");

        bp = bnoRoot(1);
        BtreeBlock.setSRightsib(bp.data(), 1);
        assertThat(verify(BtreeBlockOps.BNOBT, bp)).isEqualTo("bb_rightsib 1 points at the block itself");

        bp = bnoRoot(1);
        BtreeBlock.setSLeftsib(bp.data(), 4096);
        assertThat(verify(BtreeBlockOps.BNOBT, bp)).isEqualTo("bb_leftsib 4096 outside the AG");

        bp = bnoRoot(1);
        BtreeBlock.setLevel(bp.data(), BtreeBlockOps.BNOBT.maxLevel());
        assertThat(verify(BtreeBlockOps.BNOBT, bp)).startsWith("bb_level");

        bp = bnoRoot(1);
        bp.data()[BtreeBlock.OFF_S_UUID] ^= 1;
        assertThat(verify(BtreeBlockOps.BNOBT, bp)).isEqualTo("bb_uuid does not match the filesystem");
    }

    @Test
    void longBlockVerifier() {
        long daddr = G.agbToDaddr(1, 39);
        byte[] b = new byte[4096];
        BtreeBlock.initLong(b, BtreeBlock.BMAP_CRC_MAGIC, 0, 30, daddr, RefImage.UUID, 68);
        XfsBuf bp = TestBufs.of(daddr, b, BtreeBlockOps.BMBT);
        assertThat(verify(BtreeBlockOps.BMBT, bp)).isNull();
        BtreeBlock.setLRightsib(bp.data(), G.agbToFsb(1, 39));
        assertThat(verify(BtreeBlockOps.BMBT, bp)).contains("points at the block itself");
        BtreeBlock.setLRightsib(bp.data(), G.agbToFsb(4, 0));
        assertThat(verify(BtreeBlockOps.BMBT, bp)).contains("outside the filesystem");
        BtreeBlock.setLRightsib(bp.data(), G.agbToFsb(3, 40));
        assertThat(verify(BtreeBlockOps.BMBT, bp)).isNull();
        BtreeBlock.setNumrecs(bp.data(), 252);
        assertThat(verify(BtreeBlockOps.BMBT, bp)).isEqualTo("bb_numrecs 252 above the maximum 251");
        BtreeBlockOps.BMBT.updateCrc(bp);
        assertThat(BtreeBlockOps.BMBT.verifyCrc(bp)).isTrue();
        assertThat(BigEndian.le32(bp.data(), 64)).isNotZero();
    }

    @Test
    void shapes() {
        assertThat(BtreeBlockOps.BNOBT.crcOffset()).isEqualTo(52);
        assertThat(BtreeBlockOps.BNOBT.lsnOffset()).isEqualTo(24);
        assertThat(BtreeBlockOps.BMBT.crcOffset()).isEqualTo(64);
        assertThat(BtreeBlockOps.BMBT.lsnOffset()).isEqualTo(32);
        assertThat(BtreeBlockOps.BMBT.maxRecs(4096, true)).isEqualTo(251);
        assertThat(BtreeBlockOps.BNOBT.maxRecs(4096, true)).isEqualTo(505);
        assertThat(BtreeBlockOps.BNOBT.maxRecs(4096, false)).isEqualTo(336);
        assertThat(BtreeBlockOps.INOBT.maxRecs(4096, true)).isEqualTo(252);
        assertThat(BtreeBlockOps.FINOBT.magic()).isEqualTo(BtreeBlock.FIBT_CRC_MAGIC);
        // xfs_btree_compute_maxlevels over the on-disk worst case (512-byte non-CRC blocks, 2^31-block AGs)
        assertThat(BtreeBlockOps.BNOBT.maxLevel()).isEqualTo(7);
        assertThat(BtreeBlockOps.CNTBT.maxLevel()).isEqualTo(7);
        assertThat(BtreeBlockOps.computeMaxlevels(2, 2, 1)).isEqualTo(1);
        assertThat(BtreeBlockOps.computeMaxlevels(2, 2, 5)).isEqualTo(3);
    }
}
