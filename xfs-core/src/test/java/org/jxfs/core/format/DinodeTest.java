// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jxfs.core.buf.TestBufs;
import org.jxfs.core.buf.XfsBuf;
import org.junit.jupiter.api.Test;

class DinodeTest {
    private static final int ISZ = 512;
    private static final Geometry G = RefImage.geometry();

    /** The root inode chunk's first block (inodes 64..71) as mkfs writes it, root directory in slot 0. */
    private static byte[] cluster() {
        byte[] b = new byte[4096];
        for (int i = 0; i < 8; i++) {
            Dinode.initEmpty(b, i * ISZ, ISZ, 64 + i, RefImage.UUID, 0);
        }
        Dinode root = new Dinode(b, 0);
        root.setMode(Dinode.S_IFDIR | 0755);
        root.setFormat(Dinode.FMT_LOCAL);
        root.setNlink(2);
        root.setAformat(Dinode.FMT_EXTENTS);
        root.setSize(Dir2Sf.write(b, Dinode.dataForkOffset(), 64, List.of(), true));
        Dinode rbm = new Dinode(b, ISZ);
        rbm.setMode(Dinode.S_IFREG);
        rbm.setFormat(Dinode.FMT_EXTENTS);
        rbm.setNlink(1);
        rbm.setFlags(Dinode.DIFLAG_NEWRTBM);
        for (int i = 0; i < 8; i++) {
            Dinode.updateCrc(b, i * ISZ, ISZ);
        }
        return b;
    }

    @Test
    void emptyInodeAsMkfsWritesIt() {
        byte[] b = new byte[ISZ];
        Dinode d = Dinode.initEmpty(b, 0, ISZ, 70, RefImage.UUID, 5);
        assertThat(BigEndian.u16(b, 0)).isEqualTo(0x494e);
        assertThat(b[4]).isEqualTo((byte) 3);
        assertThat(BigEndian.u32(b, 96)).isEqualTo(0xffffffffL);
        assertThat(BigEndian.u64(b, 152)).isEqualTo(70);
        assertThat(BigEndian.u32(b, 92)).isEqualTo(5);
        assertThat(b[160]).isEqualTo((byte) 1);
        Dinode.updateCrc(b, 0, ISZ);
        assertThat(Dinode.verifyCrc(b, 0, ISZ)).isTrue();
        assertThat(Dinode.verify(b, 0, ISZ, 70, FS)).isNull();
        b[300] ^= 1;
        assertThat(Dinode.verifyCrc(b, 0, ISZ)).isFalse();
        assertThat(Dinode.verify(b, 0, ISZ, 70, FS)).isEqualTo("CRC mismatch");
        assertThat(d.crc()).isEqualTo(BigEndian.le32(b, 100));
    }

    @Test
    void roundTripAtTheNotedOffsets() {
        byte[] b = new byte[ISZ];
        Dinode d = new Dinode(b, 0);
        d.setMtime(1700000000L, 5);
        assertThat(BigEndian.u32(b, 40)).isEqualTo(1700000000L);
        assertThat(BigEndian.u32(b, 44)).isEqualTo(5);
        assertThat(d.time(Dinode.OFF_MTIME)).isEqualTo((1700000000L << 32) | 5);
        d.setCrtime(1, 2);
        assertThat(BigEndian.u32(b, 144)).isEqualTo(1);
        d.setSize(101 * 4096L);
        assertThat(BigEndian.u64(b, 56)).isEqualTo(101 * 4096L);
        d.setNextents(30);
        assertThat(BigEndian.u32(b, 76)).isEqualTo(30);
        d.setAnextents(2);
        assertThat(BigEndian.u16(b, 80)).isEqualTo(2);
        d.setForkoff(15);
        assertThat(b[82]).isEqualTo((byte) 15);
        assertThat(d.dataForkSize(ISZ)).isEqualTo(120);
        assertThat(d.attrForkOffset()).isEqualTo(296);
        assertThat(d.attrForkSize(ISZ)).isEqualTo(336 - 120);
        d.setForkoff(0);
        assertThat(d.dataForkSize(ISZ)).isEqualTo(336);
        assertThat(Dinode.literalSize(ISZ)).isEqualTo(336);
        d.setFlags2(Dinode.DIFLAG2_NREXT64);
        d.setBigNextents(1L << 40);
        assertThat(d.dataExtents()).isEqualTo(1L << 40);
        assertThat(BigEndian.u64(b, 24)).isEqualTo(1L << 40);
        d.setCowextsize(32);
        assertThat(BigEndian.u32(b, 128)).isEqualTo(32);
        d.setChangecount(2);
        assertThat(BigEndian.u64(b, 104)).isEqualTo(2);
        d.setProjidHi(7);
        assertThat(BigEndian.u16(b, 22)).isEqualTo(7);
    }

    /** A filesystem of the reference image's UUID, 16384-block AGs, 4 KiB blocks and 65536 blocks in all. */
    private static DinodeContext fs(byte[] uuid, boolean reflink) {
        return new DinodeContext(uuid, reflink, false, false, 16384, 12, 65536);
    }

    private static final DinodeContext FS = fs(RefImage.UUID, false);

    /** Inode 65 of {@link #cluster} as a regular file with {@code edit} applied and its CRC updated: the verdict. */
    private static String verifyFile(DinodeContext fs, java.util.function.Consumer<Dinode> edit) {
        byte[] b = cluster();
        Dinode d = new Dinode(b, ISZ);
        d.setMode(Dinode.S_IFREG | 0644);
        d.setFormat(Dinode.FMT_EXTENTS);
        edit.accept(d);
        Dinode.updateCrc(b, ISZ, ISZ);
        return Dinode.verify(b, ISZ, ISZ, 65, fs);
    }

    @Test
    void dinodeVerifyChecksHintsFeatureFlagsAndPads() {
        assertThat(verifyFile(FS, d -> { })).isNull();
        // xfs_inode_validate_extsize
        assertThat(verifyFile(FS, d -> d.setExtsize(0xffffffffL)))
                .isEqualTo("di_extsize 4294967295 without an extent size hint flag");
        assertThat(verifyFile(FS, d -> d.setFlags(Dinode.DIFLAG_EXTSIZE)))
                .isEqualTo("extent size hint flag with di_extsize 0");
        assertThat(verifyFile(FS, d -> {
            d.setFlags(Dinode.DIFLAG_EXTSIZE);
            d.setExtsize(16);
        })).isNull();
        assertThat(verifyFile(FS, d -> {
            d.setFlags(Dinode.DIFLAG_EXTSIZE);
            d.setExtsize(8193);
        })).isEqualTo("di_extsize 8193 above the largest extent size hint");
        assertThat(verifyFile(FS, d -> {
            d.setFlags(Dinode.DIFLAG_EXTSZINHERIT);
            d.setExtsize(16);
        })).isEqualTo("extszinherit flag on a regular file");
        // xfs_inode_validate_cowextsize and the feature flags
        assertThat(verifyFile(FS, d -> d.setCowextsize(32)))
                .isEqualTo("di_cowextsize 32 without the cowextsize flag");
        assertThat(verifyFile(FS, d -> {
            d.setFlags2(Dinode.DIFLAG2_COWEXTSIZE);
            d.setCowextsize(32);
        })).isEqualTo("reflink or cowextsize flag without the reflink feature");
        assertThat(verifyFile(fs(RefImage.UUID, true), d -> {
            d.setFlags2(Dinode.DIFLAG2_COWEXTSIZE);
            d.setCowextsize(32);
        })).isNull();
        assertThat(verifyFile(FS, d -> d.setFlags2(Dinode.DIFLAG2_BIGTIME)))
                .isEqualTo("bigtime flag without the bigtime feature");
        // xfs_dinode_verify_nrext64
        assertThat(verifyFile(FS, d -> d.setFlags2(Dinode.DIFLAG2_NREXT64)))
                .isEqualTo("large extent count flag without the nrext64 feature");
        assertThat(verifyFile(FS, d -> d.setBigNextents(1L << 40))).isEqualTo("di_v3_pad not zero");
        // no realtime device; more blocks than the filesystem holds
        assertThat(verifyFile(FS, d -> d.setFlags(Dinode.DIFLAG_REALTIME)))
                .isEqualTo("realtime flag without a realtime device");
        assertThat(verifyFile(FS, d -> d.setNblocks(-1L)))
                .isEqualTo("di_nblocks 18446744073709551615 above the filesystem's 65536 blocks");
    }

    @Test
    void dinodeVerifyChecks() {
        byte[] b = cluster();
        assertThat(Dinode.verify(b, 0, ISZ, 64, FS)).isNull();
        assertThat(Dinode.verify(b, ISZ, ISZ, 65, FS)).isNull();
        assertThat(Dinode.verify(b, 0, ISZ, 65, FS)).isEqualTo("di_ino 64 read as inode 65");
        assertThat(Dinode.verify(b, 0, ISZ, 64, fs(new byte[16], false))).isEqualTo("di_uuid does not match the filesystem");

        Dinode rbm = new Dinode(b, ISZ);
        rbm.setFormat(Dinode.FMT_LOCAL);
        Dinode.updateCrc(b, ISZ, ISZ);
        assertThat(Dinode.verify(b, ISZ, ISZ, 65, FS)).isEqualTo("data fork: regular file in local format");

        rbm.setFormat(Dinode.FMT_EXTENTS);
        rbm.setNextents(3);
        Dinode.updateCrc(b, ISZ, ISZ);
        assertThat(Dinode.verify(b, ISZ, ISZ, 65, FS)).startsWith("di_nextents 3 + di_anextents 0 above");
        rbm.setNblocks(30);
        rbm.setNextents(22);
        Dinode.updateCrc(b, ISZ, ISZ);
        assertThat(Dinode.verify(b, ISZ, ISZ, 65, FS)).isEqualTo("data fork: 22 extents do not fit 21 slots");
        rbm.setFormat(Dinode.FMT_BTREE);
        Dinode.updateCrc(b, ISZ, ISZ);
        assertThat(Dinode.verify(b, ISZ, ISZ, 65, FS)).isNull();

        Dinode root = new Dinode(b, 0);
        root.setSize(0);
        Dinode.updateCrc(b, 0, ISZ);
        assertThat(Dinode.verify(b, 0, ISZ, 64, FS)).isEqualTo("zero-length directory");
        root.setSize(-1);
        Dinode.updateCrc(b, 0, ISZ);
        assertThat(Dinode.verify(b, 0, ISZ, 64, FS)).isEqualTo("di_size -1 negative");
        root.setSize(6);
        root.setMode(0170755);
        Dinode.updateCrc(b, 0, ISZ);
        assertThat(Dinode.verify(b, 0, ISZ, 64, FS)).startsWith("di_mode 0170755");
        root.setMode(Dinode.S_IFDIR | 0755);
        root.setVersion(2);
        assertThat(Dinode.verify(b, 0, ISZ, 64, FS)).isEqualTo("di_version 2 is not 3");
    }

    @Test
    void inodeClusterVerifierAndPerInodeCrc() {
        InodeClusterOps ops = InodeClusterOps.of(G);
        long daddr = G.agbToDaddr(0, 8);
        XfsBuf bp = TestBufs.of(daddr, cluster(), ops);
        assertThat(ops.verifyCrc(bp)).isTrue();
        assertThat(ops.verifyStruct(bp, RefImage.ctx())).isNull();
        assertThat(ops.name()).isEqualTo("xfs_inode");

        bp.data()[3 * ISZ + 200] ^= 1;
        assertThat(ops.verifyCrc(bp)).isFalse();
        ops.updateCrc(bp);
        assertThat(ops.verifyCrc(bp)).isTrue();
        for (int i = 0; i < 8; i++) {
            assertThat(Dinode.verifyCrc(bp.data(), i * ISZ, ISZ)).isTrue();
        }

        new Dinode(bp.data(), 3 * ISZ).setMagic(0);
        // The message names the inode's number (the cluster at AG block 8 starts at agino 8 * inopblock), not its
        // index in the cluster.
        long first = G.aginoToIno(0, G.agbToAgino(8));
        assertThat(ops.verifyStruct(bp, RefImage.ctx())).isEqualTo("inode " + (first + 3) + ": bad magic 0x0");
        new Dinode(bp.data(), 3 * ISZ).setMagic(Dinode.MAGIC);
        new Dinode(bp.data(), 5 * ISZ).setVersion(2);
        assertThat(ops.verifyStruct(bp, RefImage.ctx())).isEqualTo("inode " + (first + 5) + ": di_version 2 is not 3");
        new Dinode(bp.data(), 5 * ISZ).setVersion(3);
        new Dinode(bp.data(), 6 * ISZ).setNextUnlinked(1);
        assertThat(ops.verifyStruct(bp, RefImage.ctx())).startsWith("inode " + (first + 6) + ": di_next_unlinked 1");
    }

    @Test
    void modeToFtype() {
        assertThat(Dinode.modeToFtype(Dinode.S_IFREG | 0644)).isEqualTo(Dir2Sf.FT_REG_FILE);
        assertThat(Dinode.modeToFtype(Dinode.S_IFDIR)).isEqualTo(Dir2Sf.FT_DIR);
        assertThat(Dinode.modeToFtype(Dinode.S_IFLNK)).isEqualTo(Dir2Sf.FT_SYMLINK);
        assertThat(Dinode.modeToFtype(0)).isEqualTo(Dir2Sf.FT_UNKNOWN);
    }
}
