// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BmapShift}'s one-step ports on a real image, each case of the C kept apart: split in a hole, at an extent's
 * start and inside one (in EXTENTS format, pushing a full EXTENTS fork into BTREE format, and inside a BTREE fork);
 * collapse as a plain shift, as a merge (dropping a BTREE fork back into the inode), and its EINVAL refusals; insert
 * from the last extent to the stop point and its EINVAL refusals. The image passes FsCheck and xfs_repair -n.
 */
class BmapShiftTest {
    private Path image;
    private Mount mp;
    private Inode ip;

    @BeforeEach
    void mount() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "bmap-tests"));
        image = dir.resolve("bmap-shift.img");
        Files.deleteIfExists(image);
        Mkfs.format(image, MkfsOptions.builder().dataSize(64L << 20).quiet(true).build());
        mp = Mount.open(image, false);
        ip = BmapFile.create(mp, "shift");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mp != null) {
            assertThat(FsCheck.run(mp)).isEmpty();
            mp.close();
            RepairCheck.assertClean(image);
        }
    }

    private void prealloc(long off, long len) throws Exception {
        BmbtIrec[] maps = new BmbtIrec[1];
        long end = off + len;
        while (off < end) {
            try (Trans tp = Trans.alloc(mp, TransResv.WRITE, BmapUtil.diostratSpaceRes(mp, end - off))) {
                ip.ilock.writeLock().lock();
                try {
                    assertThat(Bmapi.write(tp, ip, off, end - off, BmapiFlags.PREALLOC, maps)).isEqualTo(1);
                    tp.commit();
                } finally {
                    ip.ilock.writeLock().unlock();
                }
            }
            off = maps[0].endoff();
        }
    }

    /** Marks [off, off+len) written (BMAPI_CONVERT), so that it cannot merge with unwritten neighbours. */
    private void convert(long off, long len) throws Exception {
        BmbtIrec[] maps = new BmbtIrec[1];
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, BmapUtil.diostratSpaceRes(mp, 0))) {
            ip.ilock.writeLock().lock();
            try {
                Bmapi.write(tp, ip, off, len, BmapiFlags.CONVERT, maps);
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run(Trans tp) throws XfsException;
    }

    /** One step in its own transaction under the iolock and ilock, as the xfs-fs loops run them. */
    private <T> T step(long blocks, Step<T> s) throws XfsException {
        ip.iolock.writeLock().lock();
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, blocks)) {
            ip.ilock.writeLock().lock();
            try {
                T r = s.run(tp);
                tp.commit();
                return r;
            } finally {
                ip.ilock.writeLock().unlock();
            }
        } finally {
            ip.iolock.writeLock().unlock();
        }
    }

    private boolean collapse(long[] next, long shift) throws XfsException {
        Boolean done = step(0, tp -> BmapShift.collapseExtents(tp, ip, next, shift));
        return done;
    }

    private boolean insert(long[] next, long shift, long stop) throws XfsException {
        Boolean done = step(0, tp -> BmapShift.insertExtents(tp, ip, next, shift, stop));
        return done;
    }

    private void split(long fsb) throws XfsException {
        step(BmapUtil.diostratSpaceRes(mp, 0), tp -> {
            BmapShift.splitExtent(tp, ip, fsb);
            return null;
        });
    }

    private List<BmbtIrec> extents() throws XfsException {
        IextTree t = Ifork.get(mp, ip).iext();
        List<BmbtIrec> out = new ArrayList<>();
        IextCursor c = new IextCursor();
        t.first(c);
        for (BmbtIrec r = t.getExtent(c); r != null; r = t.nextExtent(c)) {
            out.add(r);
        }
        assertThat(ip.nextents).isEqualTo(out.size());
        return out;
    }

    @Test
    void splitInAHoleOrAtAnExtentsStartChangesNothingAndInsideOneCutsItInTwo() throws Exception {
        prealloc(10, 20);
        List<BmbtIrec> one = extents();
        split(5);
        split(10);
        split(40);
        assertThat(extents()).isEqualTo(one);
        BmbtIrec e = one.get(0);
        split(17);
        assertThat(extents()).containsExactly(new BmbtIrec(10, e.startblock(), 7, e.state()),
                new BmbtIrec(17, e.startblock() + 7, 13, e.state()));
        assertThat(ip.nblocks).isEqualTo(20);
    }

    @Test
    void splittingAFullExtentsForkMakesItABtreeAndSplitsInsideTheBtree() throws Exception {
        prealloc(0, 400);
        int max = Ifork.get(mp, ip).maxExtents();
        for (int i = 1; i < max; i++) {
            split(i * 10L);
        }
        assertThat(ip.format).isEqualTo(Dinode.FMT_EXTENTS);
        assertThat(ip.nextents).isEqualTo(max);
        split(max * 10L);
        assertThat(ip.format).isEqualTo(Dinode.FMT_BTREE);
        assertThat(ip.nblocks).as("400 data blocks and the bmbt leaf").isEqualTo(401);
        for (int i = max + 1; i < 39; i++) {
            split(i * 10L);
        }
        List<BmbtIrec> ext = extents();
        assertThat(ext).hasSize(39);
        for (int i = 0; i < ext.size(); i++) {
            assertThat(ext.get(i).startoff()).isEqualTo(i * 10L);
            assertThat(ext.get(i).startblock()).isEqualTo(ext.get(0).startblock() + i * 10L);
        }
    }

    @Test
    void collapseShiftsMergesAndRefusesOverlaps() throws Exception {
        prealloc(0, 10);
        prealloc(20, 10);
        convert(20, 10);
        prealloc(40, 10);
        List<BmbtIrec> before = extents();
        long[] next = {20};
        // shifting [20,30) down by 11 would overlap [0,10): EINVAL, nothing changed
        assertThatThrownBy(() -> collapse(next, 11))
                .isInstanceOfSatisfying(XfsException.class, x -> assertThat(x.errno()).isEqualTo(XfsException.EINVAL));
        assertThat(extents()).isEqualTo(before);
        // the first extent cannot go below offset 0
        long[] first = {0};
        assertThatThrownBy(() -> collapse(first, 1))
                .isInstanceOfSatisfying(XfsException.class, x -> assertThat(x.errno()).isEqualTo(XfsException.EINVAL));
        // a plain shift: written [20,30) moves to [10,20) and does not merge with unwritten [0,10)
        assertThat(collapse(next, 10)).isFalse();
        assertThat(next[0]).isEqualTo(40);
        assertThat(collapse(next, 10)).isTrue();
        List<BmbtIrec> after = extents();
        assertThat(after).extracting(BmbtIrec::startoff).containsExactly(0L, 10L, 30L);
        assertThat(after.get(1).startblock()).isEqualTo(before.get(1).startblock());
    }

    @Test
    void collapseMergesSplitHalvesAndABtreeForkComesBackIntoTheInode() throws Exception {
        prealloc(0, 400);
        int max = Ifork.get(mp, ip).maxExtents();
        // max + 1 records, each pair of neighbours contiguous on disk, then holes opened between them by
        // shifting every record after the first up by one block per record (insert's right shift)
        for (int i = 1; i <= max; i++) {
            split(i * 10L);
        }
        assertThat(ip.format).isEqualTo(Dinode.FMT_BTREE);
        for (int i = max; i >= 1; i--) {
            long stop = i * 10L;
            long[] next = {BmapShift.START_FROM_LAST};
            boolean done = false;
            while (!done) {
                done = insert(next, 1, stop);
            }
        }
        List<BmbtIrec> spread = extents();
        for (int i = 0; i < spread.size(); i++) {
            assertThat(spread.get(i).startoff()).isEqualTo(i * 11L);
        }
        // collapse each one-block hole: every shift is a merge, and the last one fits the fork in the inode
        for (int i = 1; i <= max; i++) {
            long[] next = {i * 10L + 1};
            long shift = 1;
            boolean done = false;
            while (!done) {
                done = collapse(next, shift);
            }
        }
        assertThat(extents()).hasSize(1);
        assertThat(extents().get(0).blockcount()).isEqualTo(400);
        assertThat(ip.format).isEqualTo(Dinode.FMT_EXTENTS);
        assertThat(ip.nblocks).isEqualTo(400);
    }

    @Test
    void insertRefusesOverlapsAndShiftsPastTheLargestOffset() throws Exception {
        prealloc(0, 10);
        prealloc(20, 10);
        List<BmbtIrec> before = extents();
        // shifting [0,10) up by 11 would run into [20,30)
        long[] next = {0};
        assertThatThrownBy(() -> insert(next, 11, 0))
                .isInstanceOfSatisfying(XfsException.class, x -> assertThat(x.errno()).isEqualTo(XfsException.EINVAL));
        assertThat(extents()).isEqualTo(before);
        long huge = BmbtIrec.STARTOFF_MASK - 5;
        ip.iolock.writeLock().lock();
        try {
            BmapShift.canInsertExtents(mp, ip, 0, 100);
            assertThatThrownBy(() -> BmapShift.canInsertExtents(mp, ip, 0, huge))
                    .isInstanceOfSatisfying(XfsException.class,
                            x -> assertThat(x.errno()).isEqualTo(XfsException.EINVAL));
            // an insert point after the last extent moves nothing, so nothing can overflow
            BmapShift.canInsertExtents(mp, ip, 31, huge);
        } finally {
            ip.iolock.writeLock().unlock();
        }
        long[] last = {BmapShift.START_FROM_LAST};
        assertThat(insert(last, 5, 31)).isTrue();
        assertThat(extents()).isEqualTo(before);
        // from the last extent back to offset 0 (an insert point inside an extent is split first, by the caller)
        assertThat(insert(last, 5, 0)).isFalse();
        assertThat(last[0]).isEqualTo(0);
        assertThat(insert(last, 5, 0)).isTrue();
        assertThat(extents()).extracting(BmbtIrec::startoff).containsExactly(5L, 25L);
    }
}
