// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jxfs.core.InvalidArgumentException;
import org.junit.jupiter.api.Test;

/** The reference image of format-notes.md: 64 MiB, minimal features, and its finobt / mkfs-default variants. */
class MkfsGeometryReferenceTest {
    private static final long MIB64 = 64L << 20;

    @Test
    void minimalReferenceImage() throws Exception {
        MkfsPlan p = MkfsGeometry.compute(MkfsOptions.defaults(), MIB64, "/tmp/r.img");
        assertThat(p.blocksize()).isEqualTo(4096);
        assertThat(p.dblocks()).isEqualTo(16384);
        assertThat(p.agcount()).isEqualTo(4);
        assertThat(p.agblocks()).isEqualTo(4096);
        assertThat(p.agblklog()).isEqualTo(12);
        assertThat(p.logblocks()).isEqualTo(857);
        assertThat(p.logagno()).isEqualTo(2);
        assertThat(p.logagbno()).isEqualTo(4);
        assertThat(p.logstart()).isEqualTo(8196);
        assertThat(p.inodesize()).isEqualTo(512);
        assertThat(p.inopblock()).isEqualTo(8);
        assertThat(p.rootino()).isEqualTo(64);
        assertThat(p.rbmino()).isEqualTo(65);
        assertThat(p.rsumino()).isEqualTo(66);
        assertThat(p.versionnum()).isEqualTo(0xb4a5);
        assertThat(p.features2()).isEqualTo(0x18a);
        assertThat(p.featuresIncompat()).isEqualTo(1);
        assertThat(p.featuresRoCompat()).isZero();
        assertThat(p.inoalignmt()).isEqualTo(4);
        assertThat(p.spinoAlign()).isZero();
        assertThat(p.logsunit()).isEqualTo(1);
        assertThat(p.imaxPct()).isEqualTo(25);
        assertThat(p.dirblklog()).isZero();
        assertThat(p.bnoRootAgbno()).isEqualTo(1);
        assertThat(p.cntRootAgbno()).isEqualTo(2);
        assertThat(p.inoRootAgbno()).isEqualTo(3);
        assertThat(p.finoRootAgbno()).isEqualTo(-1);
        assertThat(p.refcountRootAgbno()).isEqualTo(-1);
        assertThat(p.minFreelist()).isEqualTo(4);
        assertThat(p.preallocBlocks()).isEqualTo(4);
        assertThat(p.firstFreeAgbno()).isEqualTo(8);
        assertThat(p.geometry().agbToFsb(2, 4)).isEqualTo(8196);
    }

    @Test
    void finobtMovesRootino() throws Exception {
        MkfsPlan p = MkfsGeometry.compute(MkfsOptions.builder().finobt(true).build(), MIB64);
        assertThat(p.rootino()).isEqualTo(96);
        assertThat(p.finoRootAgbno()).isEqualTo(4);
        assertThat(p.preallocBlocks()).isEqualTo(5);
        assertThat(p.featuresRoCompat()).isEqualTo(SbFeatureBits.XFS_SB_FEAT_RO_COMPAT_FINOBT);
    }

    @Test
    void mkfsXfsDefaults() throws Exception {
        MkfsPlan p = MkfsGeometry.compute(MkfsOptions.builder().mkfsXfsDefaultFeatures().build(), MIB64);
        assertThat(p.rootino()).isEqualTo(128);
        assertThat(p.refcountRootAgbno()).isEqualTo(5);
        assertThat(p.preallocBlocks()).isEqualTo(6);
        assertThat(p.inoalignmt()).isEqualTo(8);
        assertThat(p.spinoAlign()).isEqualTo(4);
        assertThat(p.featuresRoCompat()).isEqualTo(0xd);
        assertThat(p.featuresIncompat()).isEqualTo(0xb);
    }

    @Test
    void reportMatchesMkfsXfs() throws Exception {
        MkfsPlan p = MkfsGeometry.compute(MkfsOptions.defaults(), MIB64, "/tmp/r.img");
        assertThat(GeometryReport.format(p)).isEqualTo(
                "meta-data=/tmp/r.img             isize=512    agcount=4, agsize=4096 blks\n"
                + "         =                       sectsz=512   attr=2, projid32bit=1\n"
                + "         =                       crc=1        finobt=0, sparse=0, rmapbt=0\n"
                + "         =                       reflink=0    bigtime=0 inobtcount=0 nrext64=0\n"
                + "data     =                       bsize=4096   blocks=16384, imaxpct=25\n"
                + "         =                       sunit=0      swidth=0 blks\n"
                + "naming   =version 2              bsize=4096   ascii-ci=0, ftype=1\n"
                + "log      =internal log           bsize=4096   blocks=857, version=2\n"
                + "         =                       sectsz=512   sunit=0 blks, lazy-count=1\n"
                + "realtime =none                   extsz=4096   blocks=0, rtextents=0\n");
    }

    @Test
    void oneKiBlocksDefaultFeatures() throws Exception {
        MkfsPlan p = MkfsGeometry.compute(MkfsOptions.builder().blockSize(1024).mkfsXfsDefaultFeatures().build(),
                MIB64);
        assertThat(p.agblocks()).isEqualTo(16384);
        assertThat(p.logblocks()).isEqualTo(3527);
        assertThat(p.dirBlockSize()).isEqualTo(4096);
        assertThat(p.dirblklog()).isEqualTo(2);
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> MkfsGeometry.compute(MkfsOptions.builder().dataSize(MIB64 + 512).build(), 1L << 30))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("illegal data length 67109376, not a multiple of 4096");
        assertThatThrownBy(() -> MkfsGeometry.compute(MkfsOptions.builder().dataSize(128L << 20).build(), MIB64))
                .hasMessage("size 134217728 specified for data subvolume is too large, maximum is 16384 blocks");
        assertThatThrownBy(() -> MkfsGeometry.compute(MkfsOptions.builder().agcount(3).agsize(20L << 20).build(),
                MIB64)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> MkfsGeometry.compute(MkfsOptions.builder().agcount(8).build(), MIB64))
                .hasMessage("agsize (2048 blocks) too small, need at least 4096 blocks");
        assertThatThrownBy(() -> MkfsGeometry.compute(MkfsOptions.builder().inodeSize(256).build(), MIB64))
                .hasMessage("Minimum inode size for CRCs is 512 bytes");
        assertThatThrownBy(() -> MkfsGeometry.compute(MkfsOptions.builder().crc(false).build(), MIB64))
                .hasMessage("-m crc=0: V4 filesystems are not supported");
        assertThatThrownBy(() -> MkfsGeometry.compute(MkfsOptions.builder().rmapbt(true).build(), MIB64))
                .hasMessage("-m rmapbt=1: not supported");
        assertThatThrownBy(() -> MkfsGeometry.compute(MkfsOptions.builder().logSize(20L << 20).build(), 16L << 20))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> MkfsGeometry.compute(MkfsOptions.builder().logSize(512L * 4096).build(), MIB64))
                .hasMessage("log size 512 blocks too small, minimum size is 857 blocks");
        assertThatThrownBy(() -> MkfsGeometry.compute(MkfsOptions.builder().dataSize(8L << 20).build(), MIB64))
                .hasMessage("size 2048 of data subvolume is too small, minimum 4096 blocks");
    }
}
