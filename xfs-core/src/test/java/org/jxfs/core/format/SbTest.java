// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.jxfs.core.buf.TestBufs;
import org.jxfs.core.buf.XfsBuf;
import org.junit.jupiter.api.Test;

class SbTest {
    private static String verify(byte[] b) {
        XfsBuf bp = TestBufs.of(0, b, SbOps.INSTANCE);
        return SbOps.INSTANCE.verifyStruct(bp, new TestBufs.Ctx(null, null));
    }

    @Test
    void referenceSuperblockPassesAndGivesItsGeometry() {
        byte[] b = RefImage.sb();
        assertThat(verify(b)).isNull();
        assertThat(SbOps.INSTANCE.verifyCrc(TestBufs.of(0, b, SbOps.INSTANCE))).isTrue();
        Geometry g = new Sb(b).toGeometry();
        assertThat(g.agblklog).isEqualTo(12);
        assertThat(g.blocklog).isEqualTo(12);
        assertThat(g.inopblog).isEqualTo(3);
        assertThat(g.agcount).isEqualTo(4);
        assertThat(g.logstart).isEqualTo(8196);
        assertThat(g.fsbToAgno(8196)).isEqualTo(2);
        assertThat(g.fsbToAgbno(8196)).isEqualTo(4);
        assertThat(g.inoToAgbno(64)).isEqualTo(8);
    }

    @Test
    void bytesLandAtTheNotedOffsets() {
        byte[] b = RefImage.sb();
        assertThat(BigEndian.u32(b, 0)).isEqualTo(0x58465342L);
        assertThat(BigEndian.u64(b, 8)).isEqualTo(16384);
        assertThat(BigEndian.u16(b, 100)).isEqualTo(0xb4a5);
        assertThat(b[124]).isEqualTo((byte) 12);
        assertThat(b[127]).isEqualTo((byte) 25);
        assertThat(BigEndian.u64(b, 144)).isEqualTo(15503);
        assertThat(BigEndian.u32(b, 200)).isEqualTo(0x18a);
        assertThat(BigEndian.u32(b, 216)).isEqualTo(1);
        Sb sb = new Sb(b);
        sb.setLsn(0x0102030405060708L);
        assertThat(b[240]).isEqualTo((byte) 1);
        assertThat(b[247]).isEqualTo((byte) 8);
        sb.setFname("scratch".getBytes());
        assertThat(new String(sb.fname())).isEqualTo("scratch");
        assertThat(b[108]).isEqualTo((byte) 's');
        sb.setMetaUuid(RefImage.UUID);
        assertThat(b[248]).isEqualTo((byte) 1);
        assertThat(sb.effectiveMetaUuid()).isEqualTo(RefImage.UUID);
    }

    @Test
    void crcCoversTheSector() {
        byte[] b = RefImage.sb();
        Sb sb = new Sb(b);
        assertThat(sb.verifyCrc(512)).isTrue();
        b[400] ^= 1;
        assertThat(sb.verifyCrc(512)).isFalse();
        sb.updateCrc(512);
        assertThat(sb.verifyCrc(512)).isTrue();
    }

    @Test
    void badFieldsAreNamed() {
        byte[] b = RefImage.sb();
        new Sb(b).setMagicnum(0x12345678);
        assertThat(verify(b)).isEqualTo("bad magic 0x12345678");

        b = RefImage.sb();
        new Sb(b).setAgblklog(11);
        assertThat(verify(b)).isEqualTo("sb_agblklog 11 does not match sb_agblocks 4096");

        b = RefImage.sb();
        new Sb(b).setVersionnum(0xb4a4);
        assertThat(verify(b)).contains("not V5");

        b = RefImage.sb();
        new Sb(b).setInopblock(4);
        assertThat(verify(b)).contains("sb_inopblock");

        b = RefImage.sb();
        new Sb(b).setDblocks(4096 * 3);
        assertThat(verify(b)).contains("sb_dblocks");

        b = RefImage.sb();
        new Sb(b).setInprogress(1);
        assertThat(verify(b)).contains("sb_inprogress");

        b = RefImage.sb();
        new Sb(b).setImaxPct(101);
        assertThat(verify(b)).contains("sb_imax_pct");

        b = RefImage.sb();
        new Sb(b).setFeaturesIncompat(Features.INCOMPAT_FTYPE | 0x800);
        assertThat(verify(b)).isEqualTo("unknown incompatible features: unknown incompat bit 0x800");

        b = RefImage.sb();
        new Sb(b).setFeaturesIncompat(Features.INCOMPAT_FTYPE | Features.INCOMPAT_SPINODES);
        // The reference image has sb_inoalignmt 4: sparse chunks need it to equal the chunk size (8 blocks).
        assertThat(verify(b)).contains("sb_inoalignmt 4 must match the chunk size (8) for sparse inodes");
        new Sb(b).setInoalignmt(8);
        assertThat(verify(b)).isNull();
        // xfs_validate_sb_common: sb_spino_align 0 or a factor of sb_inoalignmt (field fuzz: sb spino_align)
        new Sb(b).setSpinoAlign(4);
        assertThat(verify(b)).isNull();
        new Sb(b).setSpinoAlign(0x80000000L);
        assertThat(verify(b)).isEqualTo("sb_spino_align 2147483648 is invalid, must be an integer factor of "
                + "sb_inoalignmt 8");
        new Sb(b).setSpinoAlign(3);
        assertThat(verify(b)).contains("sb_spino_align 3 is invalid");

        b = RefImage.sb();
        new Sb(b).setSpinoAlign(8);
        assertThat(verify(b)).isEqualTo("sb_spino_align 8 should be zero without sparse inodes");

        // field fuzz "sb rextents ones", "sb logsectlog ones": realtime and log sector fields xfs_validate_sb_common
        // checks
        b = RefImage.sb();
        BigEndian.putU64(b, Sb.OFF_REXTENTS, -1L);
        assertThat(verify(b)).isEqualTo("realtime fields set without a realtime device (sb_rextents "
                + "18446744073709551615, sb_rbmblocks 0, sb_rextslog 0, sb_frextents 0)");
        b = RefImage.sb();
        BigEndian.putU64(b, Sb.OFF_RBLOCKS, 1000);
        assertThat(verify(b)).contains("realtime geometry inconsistent: sb_rblocks 1000 gives 1000 extents");
        b = RefImage.sb();
        b[Sb.OFF_LOGSECTLOG] = (byte) 0xff;
        assertThat(verify(b)).isEqualTo("sb_logsectlog 255 / sb_logsectsize 0 inconsistent");
        // field fuzz "sb logsectsize ones": the kernel refuses to mount it ("log sector size in bytes/log2
        // (0xffff/0x1) are not zero"); xfs_repair -n skips AG 0 for it
        b = RefImage.sb();
        BigEndian.putU16(b, Sb.OFF_LOGSECTSIZE, 0xffff);
        assertThat(new Sb(b).versionnum() & Features.VERSION_SECTORBIT).isZero();
        assertThat(verify(b)).isEqualTo("sb_logsectsize 65535 / sb_logsectlog 0 do not match the clear sector "
                + "feature bit");
        b = RefImage.sb();
        BigEndian.putU16(b, Sb.OFF_VERSIONNUM, new Sb(b).versionnum() | Features.VERSION_SECTORBIT);
        assertThat(verify(b)).isEqualTo("sb_logsectsize 0 / sb_logsectlog 0 do not match the set sector feature bit");
    }

    @Test
    void mismatchedFeatures2IsFixedNotRefused() {
        byte[] b = RefImage.sb();
        Sb sb = new Sb(b);
        sb.setBadFeatures2(0);
        assertThat(verify(b)).isNull();
        assertThat(sb.hasMismatchedFeatures2()).isTrue();
        sb.fixFeatures2();
        assertThat(sb.features2()).isEqualTo(0x18a);
        assertThat(sb.badFeatures2()).isEqualTo(0x18a);
    }

    @Test
    void featureNames() {
        assertThat(Features.describe(Features.Word.RO_COMPAT, 0xf))
                .containsExactly("finobt", "rmapbt", "reflink", "inobtcount");
        assertThat(Features.describe(Features.Word.INCOMPAT, Features.INCOMPAT_SPINODES | Features.INCOMPAT_BIGTIME
                | Features.INCOMPAT_NREXT64 | Features.INCOMPAT_NEEDSREPAIR))
                .containsExactly("sparse", "bigtime", "needsrepair", "nrext64");
        assertThat(Features.describe(Features.Word.FEATURES2, 0x18a))
                .containsExactly("lazy-count", "attr2", "projid32bit", "crc");
        assertThat(Features.unsupported(Features.Word.RO_COMPAT, 0x5, Features.RO_COMPAT_FINOBT)).isEqualTo("reflink");
        assertThat(Features.unsupported(Features.Word.RO_COMPAT, 0x1, Features.RO_COMPAT_FINOBT)).isNull();
        assertThat(Features.name(Features.Word.VERSIONNUM, Features.VERSION_MOREBITSBIT)).isEqualTo("morebits");
        assertThat(0xb4a5).isEqualTo(Features.VERSION_5 | Features.VERSION_NLINKBIT | Features.VERSION_ALIGNBIT
                | Features.VERSION_LOGV2BIT | Features.VERSION_EXTFLGBIT | Features.VERSION_DIRV2BIT
                | Features.VERSION_MOREBITSBIT);
    }
}
