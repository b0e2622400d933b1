// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.iomap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxfs.bmap.BmapUtil;
import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.ExtentZeroException;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.ErrorTag;
import org.jxfs.core.NoSpaceException;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.ialloc.Ialloc;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeInit;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.Freesp;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.api.Test;

/** xfs_iomap_write_direct and xfs_iomap_write_unwritten, with allocation and zeroing failures injected. */
class IomapWriteDirectTest {
    private static final int BS = 4096;

    static Mount mount(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "iomap-tests"));
        Path img = dir.resolve(name + ".img");
        Files.deleteIfExists(img);
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).quiet(true).force(true).build());
        return Mount.open(img, false);
    }

    static Inode file(Mount mp) throws Exception {
        int mode = Dinode.S_IFREG | 0644;
        long root = mp.sb().rootino();
        try (Trans tp = Trans.alloc(mp, TransResv.CREATE, Ialloc.spaceRes(mp))) {
            Inode ip = InodeInit.initNew(tp, mp, Ialloc.dialloc(tp, mp, root, mode), mode, root);
            tp.commit();
            return ip;
        }
    }

    /** Everything the acceptance calls "free space, counters and the block map", as one comparable value. */
    private static List<Object> state(Mount mp, Inode ip) throws Exception {
        List<Object> s = new ArrayList<>();
        Freesp f = Freesp.of(mp);
        s.add(f.summary());
        s.add(f.totalBlocks());
        s.add(mp.fdblocks());
        Geometry geo = mp.geometry();
        for (int agno = 0; agno < geo.agcount; agno++) {
            Agf agf = new Agf(mp.bufCache().read(geo.agHeaderDaddr(agno, Agf.SECTOR), geo.sectorBb(),
                    AgfOps.INSTANCE).data());
            s.add(agf.freeblks());
            s.add(agf.longest());
            s.add(agf.flcount());
        }
        s.add(ip.nblocks);
        s.add(ip.nextents);
        s.add(extents(mp, ip));
        return s;
    }

    private static List<BmbtIrec> extents(Mount mp, Inode ip) throws Exception {
        List<BmbtIrec> out = new ArrayList<>();
        var t = Ifork.get(mp, ip).iext();
        var cur = new org.jxfs.bmap.IextCursor();
        t.first(cur);
        for (BmbtIrec r = t.getExtent(cur); r != null; r = t.nextExtent(cur)) {
            out.add(r);
        }
        return out;
    }

    @Test
    void preallocForANormalInodeAndConvertAfterwards() throws Exception {
        try (Mount mp = mount("prealloc")) {
            Inode ip = file(mp);
            BmbtIrec m = IomapWriteDirect.writeDirect(mp, ip, 3, 5, false, null);
            assertThat(m.startoff()).isEqualTo(3);
            assertThat(m.blockcount()).isEqualTo(5);
            assertThat(m.isUnwritten()).isTrue();
            IomapWriteUnwritten.writeUnwritten(mp, ip, 4L * BS + 100, 2L * BS, true);
            assertThat(extents(mp, ip)).extracting(BmbtIrec::startoff, BmbtIrec::blockcount, BmbtIrec::isUnwritten)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, 1L, true),
                            org.assertj.core.groups.Tuple.tuple(4L, 3L, false),
                            org.assertj.core.groups.Tuple.tuple(7L, 1L, true));
            assertThat(ip.size).as("only up to the written bytes").isEqualTo(6L * BS + 100);
            assertThat(FsCheck.run(mp)).isEmpty();
        }
    }

    @Test
    void allocationFailureIsEnospcAndChangesNothing() throws Exception {
        try (Mount mp = mount("allocfail")) {
            Inode ip = file(mp);
            List<Object> before = state(mp, ip);
            mp.errors().arm(ErrorTag.ALLOC_EXTENT, 0, 1);
            assertThatThrownBy(() -> IomapWriteDirect.writeDirect(mp, ip, 0, 8, true, null))
                    .isInstanceOf(NoSpaceException.class);
            assertThat(state(mp, ip)).isEqualTo(before);
            assertThat(mp.isShutdown()).isFalse();
            assertThat(FsCheck.run(mp)).isEmpty();
        }
    }

    @Test
    void reservationFailureComesBeforeAnyChange() throws Exception {
        try (Mount mp = mount("enospc")) {
            Inode ip = file(mp);
            List<Object> before = state(mp, ip);
            assertThatThrownBy(() -> IomapWriteDirect.writeDirect(mp, ip, 0, mp.fdblocks() + 1, false, null))
                    .isInstanceOf(NoSpaceException.class);
            assertThat(state(mp, ip)).isEqualTo(before);
        }
    }

    @Test
    void zeroingFailureInTheMiddleOfANewExtentLeavesEverythingAsBefore() throws Exception {
        try (Mount mp = mount("zerofail-alloc")) {
            Inode ip = file(mp);
            IomapWriteDirect.writeDirect(mp, ip, 0, 2, true, null);      // a first extent, then a gap
            List<Object> before = state(mp, ip);
            mp.errors().arm(ErrorTag.ZERO_RANGE, 3, 1);                    // fails on the 4th of 8 blocks
            assertThatThrownBy(() -> IomapWriteDirect.writeDirect(mp, ip, 4, 8, true, null))
                    .isInstanceOf(ExtentZeroException.class)
                    .satisfies(e -> assertThat(((ExtentZeroException) e).blockcount()).isEqualTo(8));
            assertThat(state(mp, ip)).isEqualTo(before);
            assertThat(mp.isShutdown()).isFalse();
            assertThat(FsCheck.run(mp)).isEmpty();
            // the filesystem goes on: the same allocation succeeds once the device zeroes again
            BmbtIrec m = IomapWriteDirect.writeDirect(mp, ip, 4, 8, true, null);
            assertThat(m.blockcount()).isEqualTo(8);
            assertThat(m.isUnwritten()).isFalse();
            assertThat(FsCheck.run(mp)).isEmpty();
        }
    }

    @Test
    void zeroingFailureWhileConvertingLeavesTheExtentUnwrittenAndTheDataAlone() throws Exception {
        try (Mount mp = mount("zerofail-convert")) {
            Inode ip = file(mp);
            Geometry geo = mp.geometry();
            BmbtIrec w = IomapWriteDirect.writeDirect(mp, ip, 0, 1, true, null);
            byte[] data = new byte[BS];
            Arrays.fill(data, (byte) 0x77);
            long dev = Geometry.bbToB(geo.fsbToDaddr(w.startblock()));
            mp.device().write(dev, data, 0, BS);
            BmapUtil.allocFileSpace(mp, ip, 2L * BS, 8L * BS);
            BmbtIrec[] u = new BmbtIrec[1];
            Bmapi.read(mp, ip, 2, 8, 0, u);
            List<Object> before = state(mp, ip);
            mp.errors().arm(ErrorTag.ZERO_RANGE, 5, 1);
            assertThatThrownBy(() -> IomapWriteDirect.writeDirect(mp, ip, 2, 8, true, u[0]))
                    .isInstanceOf(ExtentZeroException.class);
            assertThat(state(mp, ip)).isEqualTo(before);
            byte[] back = new byte[BS];
            mp.device().read(dev, back, 0, BS);
            assertThat(back).isEqualTo(data);
            assertThat(FsCheck.run(mp)).isEmpty();
        }
    }
}
