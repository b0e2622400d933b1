// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** BmapUtil's fallocate / punch / zero-range / truncate on a real image, and the ZERO flag. */
class BmapUtilTest {
    private static final int BS = 4096;
    private Mount mp;
    private Path image;

    private Inode setUp(String name) throws Exception {
        Path dir = Path.of("target", "bmap-tests");
        Files.createDirectories(dir);
        image = dir.resolve(name + ".img");
        Files.deleteIfExists(image);
        Mkfs.format(image, MkfsOptions.builder().blockSize(BS).dataSize(64L << 20).quiet(true).build());
        mp = Mount.open(image, false);
        return BmapFile.create(mp, name);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (mp != null) {
            assertThat(FsCheck.run(mp)).isEmpty();
            mp.close();
        }
    }

    private BmbtIrec[] read(Inode ip, long off, long len) throws Exception {
        BmbtIrec[] maps = new BmbtIrec[64];
        int n = Bmapi.read(mp, ip, off, len, 0, maps);
        return java.util.Arrays.copyOf(maps, n);
    }

    @Test
    void allocPunchZeroTruncate() throws Exception {
        Inode ip = setUp("util");
        BmapUtil.allocFileSpace(mp, ip, 0, 1 << 20);
        assertThat(ip.flags & Dinode.DIFLAG_PREALLOC).isNotZero();
        BmbtIrec[] m = read(ip, 0, 256);
        assertThat(m).hasSize(1);
        assertThat(m[0].isUnwritten()).isTrue();
        assertThat(m[0].blockcount()).isEqualTo(256);
        assertThat(ip.nblocks).isEqualTo(256);

        ip.setSize(1 << 20);
        BmapUtil.freeFileSpace(mp, ip, 10 * BS + 100, 20 * BS);
        m = read(ip, 0, 256);
        assertThat(m).hasSize(3);
        assertThat(m[1].isHole()).isTrue();
        assertThat(m[1].startoff()).isEqualTo(11);
        assertThat(m[1].blockcount()).isEqualTo(19);
        assertThat(ip.nextents).isEqualTo(2);
        assertThat(ip.nblocks).isEqualTo(256 - 19);

        BmapUtil.zeroFileSpace(mp, ip, 5 * BS, 40 * BS);
        m = read(ip, 0, 256);
        for (BmbtIrec r : m) {
            assertThat(r.isHole()).isFalse();
            assertThat(r.isUnwritten()).isTrue();
        }
        assertThat(ip.nblocks).isEqualTo(256);

        BmapUtil.itruncateExtents(mp, ip, 100 * BS + 1);
        m = read(ip, 0, 256);
        assertThat(m[m.length - 1].isHole()).isTrue();
        assertThat(m[m.length - 1].startoff()).isEqualTo(101);
        assertThat(ip.nblocks).isEqualTo(101);
        BmapUtil.itruncateExtents(mp, ip, 0);
        assertThat(ip.nextents).isZero();
        assertThat(ip.nblocks).isZero();
    }

    @Test
    void zeroFlagZeroesAllocatedAndConvertedBlocks() throws Exception {
        Inode ip = setUp("zero");
        byte[] junk = new byte[BS];
        java.util.Arrays.fill(junk, (byte) 0x5a);
        BmbtIrec[] maps = new BmbtIrec[1];
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, BmapUtil.diostratSpaceRes(mp, 4))) {
            ip.ilock.writeLock().lock();
            try {
                assertThat(Bmapi.write(tp, ip, 0, 4, BmapiFlags.PREALLOC, maps)).isEqualTo(1);
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
        long byteOff = org.jxfs.core.format.Geometry.bbToB(mp.geometry().fsbToDaddr(maps[0].startblock()));
        for (int i = 0; i < 4; i++) {
            mp.device().write(byteOff + (long) i * BS, junk, 0, BS);
        }
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, BmapUtil.diostratSpaceRes(mp, 0) * 2)) {
            ip.ilock.writeLock().lock();
            try {
                assertThat(Bmapi.write(tp, ip, 1, 2, BmapiFlags.CONVERT | BmapiFlags.ZERO, maps)).isEqualTo(1);
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
        assertThat(maps[0].state()).isEqualTo(ExtState.NORM);
        assertThat(ip.nextents).isEqualTo(3);
        byte[] got = new byte[BS];
        mp.device().read(byteOff + BS, got, 0, BS);
        assertThat(got).containsOnly((byte) 0);
        mp.device().read(byteOff, got, 0, BS);
        assertThat(got[0]).isEqualTo((byte) 0x5a);
    }
}
