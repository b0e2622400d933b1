// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.TestBufs;
import org.jxfs.core.buf.XfsBuf;
import org.junit.jupiter.api.Test;

class AgHeaderTest {
    private static String verify(BufOps ops, int agno, int sector, byte[] b) {
        XfsBuf bp = TestBufs.of(RefImage.headerDaddr(agno, sector), b, ops);
        assertThat(ops.verifyCrc(bp)).as("CRC before the structure check").isTrue();
        return ops.verifyStruct(bp, RefImage.ctx());
    }

    private static String verifyAgf(byte[] b) {
        new Agf(b).updateCrc(512);
        return verify(AgfOps.INSTANCE, 1, Agf.SECTOR, b);
    }

    @Test
    void goodAgfPasses() {
        assertThat(verify(AgfOps.INSTANCE, 1, Agf.SECTOR, RefImage.agf(1))).isNull();
        // also while probing: no geometry
        XfsBuf bp = TestBufs.of(RefImage.headerDaddr(1, 1), RefImage.agf(1), AgfOps.INSTANCE);
        assertThat(AgfOps.INSTANCE.verifyStruct(bp, new TestBufs.Ctx(RefImage.UUID, null))).isNull();
    }

    @Test
    void badAgfChecksAreNamed() {
        byte[] b = RefImage.agf(1);
        new Agf(b).setMagicnum(0x58414747);
        assertThat(verifyAgf(b)).isEqualTo("bad magic 0x58414747");

        b = RefImage.agf(1);
        new Agf(b).setUuid(new byte[16]);
        assertThat(verifyAgf(b)).isEqualTo("agf_uuid does not match the filesystem");

        b = RefImage.agf(1);
        new Agf(b).setFlcount(120);
        assertThat(verifyAgf(b)).isEqualTo("agf_flcount 120 larger than AGFL size 119");

        b = RefImage.agf(1);
        new Agf(b).setFllast(119);
        assertThat(verifyAgf(b)).startsWith("agf_fllast 119");

        b = RefImage.agf(1);
        new Agf(b).setSeqno(2);
        assertThat(verifyAgf(b)).isEqualTo("agf_seqno 2 read from AG 1");

        b = RefImage.agf(1);
        new Agf(b).setLongest(4089);
        assertThat(verifyAgf(b)).startsWith("agf_freeblks 4088 inconsistent");

        b = RefImage.agf(1);
        new Agf(b).setLevels(Agf.BTNUM_CNT, 0);
        assertThat(verifyAgf(b)).startsWith("agf_levels[cnt] 0 outside 1..");

        b = RefImage.agf(1);
        new Agf(b).setVersionnum(2);
        assertThat(verifyAgf(b)).isEqualTo("bad version 2");
    }

    @Test
    void agfRoundTripAndCrc() {
        byte[] b = new byte[512];
        Agf agf = new Agf(b);
        agf.setFreeblks(0xfffffffeL);
        assertThat(agf.freeblks()).isEqualTo(0xfffffffeL);
        assertThat(b[52]).isEqualTo((byte) 0xff);
        assertThat(b[55]).isEqualTo((byte) 0xfe);
        agf.setRoots(Agf.BTNUM_CNT, 0x01020304);
        assertThat(BigEndian.u32(b, 20)).isEqualTo(0x01020304);
        agf.setLevels(Agf.BTNUM_RMAP, 7);
        assertThat(BigEndian.u32(b, 36)).isEqualTo(7);
        agf.setLsn(-2);
        assertThat(BigEndian.u64(b, 208)).isEqualTo(-2);
        agf.setRefcountLevel(3);
        assertThat(BigEndian.u32(b, 92)).isEqualTo(3);
        agf.updateCrc(512);
        assertThat(agf.verifyCrc(512)).isTrue();
        assertThat(agf.crc()).isEqualTo(BigEndian.le32(b, 216));
        b[511] ^= 0x40;
        assertThat(agf.verifyCrc(512)).isFalse();
        assertThat(Agf.logRange(Agf.LOG_FREEBLKS)).containsExactly(52, 55);
        assertThat(Agf.logRange(Agf.LOG_FLFIRST | Agf.LOG_FLCOUNT)).containsExactly(40, 51);
    }

    @Test
    void agiVerifierAndRoundTrip() {
        assertThat(verify(AgiOps.INSTANCE, 0, Agi.SECTOR, RefImage.agi(0))).isNull();
        byte[] b = RefImage.agi(0);
        Agi agi = new Agi(b);
        assertThat(BigEndian.u32(b, 40 + 4 * 63)).isEqualTo(0xffffffffL);
        agi.setUnlinked(5, 70);
        agi.updateCrc(512);
        assertThat(verify(AgiOps.INSTANCE, 0, Agi.SECTOR, b)).isNull();
        agi.setUnlinked(5, 1);
        agi.updateCrc(512);
        assertThat(verify(AgiOps.INSTANCE, 0, Agi.SECTOR, b)).isEqualTo("agi_unlinked[5] 1 is not a valid agino");
        agi.setUnlinked(5, Geometry.NULLAGINO);
        agi.setLevel(0);
        agi.updateCrc(512);
        assertThat(verify(AgiOps.INSTANCE, 0, Agi.SECTOR, b)).startsWith("agi_level 0 outside 1..");
        agi.setLevel(1);
        agi.setMagicnum(0);
        agi.updateCrc(512);
        assertThat(verify(AgiOps.INSTANCE, 0, Agi.SECTOR, b)).isEqualTo("bad magic 0x0");
        agi.setFblocks(9);
        assertThat(BigEndian.u32(b, 340)).isEqualTo(9);
        agi.setFreeRoot(0x11);
        assertThat(BigEndian.u32(b, 328)).isEqualTo(0x11);
        assertThat(agi.crc()).isEqualTo(BigEndian.le32(b, 312));
    }

    @Test
    void agflVerifierAndRoundTrip() {
        assertThat(verify(AgflOps.INSTANCE, 2, Agfl.SECTOR, RefImage.agfl(2))).isNull();
        byte[] b = RefImage.agfl(2);
        Agfl agfl = new Agfl(b);
        assertThat(agfl.bno(0)).isEqualTo(Geometry.NULLAGBLOCK);
        assertThat(BigEndian.u32(b, 36 + 4)).isEqualTo(4);
        agfl.setBno(118, 4096);
        agfl.updateCrc(512);
        assertThat(verify(AgflOps.INSTANCE, 2, Agfl.SECTOR, b)).isEqualTo("agfl_bno[118] 4096 beyond sb_agblocks 4096");
        agfl.setBno(118, Geometry.NULLAGBLOCK);
        agfl.setSeqno(1);
        agfl.updateCrc(512);
        assertThat(verify(AgflOps.INSTANCE, 2, Agfl.SECTOR, b)).isEqualTo("agfl_seqno 1 read from AG 2");
        agfl.setUuid(new byte[16]);
        agfl.updateCrc(512);
        assertThat(verify(AgflOps.INSTANCE, 2, Agfl.SECTOR, b)).isEqualTo("agfl_uuid does not match the filesystem");
        b[100] ^= 1;
        assertThat(AgflOps.INSTANCE.verifyCrc(TestBufs.of(0, b, AgflOps.INSTANCE))).isFalse();
        assertThat(AgflOps.INSTANCE.crcOffset()).isEqualTo(32);
        assertThat(AgflOps.INSTANCE.lsnOffset()).isEqualTo(24);
    }
}
