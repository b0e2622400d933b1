// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.dax.DaxLockMode;
import org.jxfs.dax.DaxMapping;
import org.jxfs.dax.DaxMmap;
import org.jxfs.dax.SigbusException;
import org.jxfs.iomap.DaxPolicy;
import org.junit.jupiter.api.Test;

/** mmap of DAX files through XfsFile: faults allocate through XFS, the data lands in the image and stays there. */
class DaxMmapTest {
    static final int FS_XFLAG_DAX = 0x8000;
    static final int PAGE = DaxMapping.PAGE_SIZE;
    static final int PAGES = 96;

    private static long value(int page, int slot) {
        return 0x5EED_0000_0000_0000L | (long) page << 16 | slot;
    }

    @Test
    void mappedStoresInFixedModeReadBackAreWrittenExtentsAndSurviveRemount() throws Exception {
        Path img = XfsFileTest.image("dax-mmap-fixed", 512);
        // pages [0, 32) holes, [32, 64) unwritten, [64, 96) holes again past a fallocated stretch
        SplittableRandom rnd = new SplittableRandom(42);
        long[][] stored = new long[PAGES][];
        try (Xfs fs = Xfs.open(img, new XfsMountOptions(false, DaxPolicy.Mode.FIXED));
                XfsFile f = fs.create("/m")) {
            f.fssetxflags(FS_XFLAG_DAX);
            assertThat(f.isDax()).isTrue();
            f.truncate((long) PAGES * PAGE);
            f.fallocate(FallocMode.KEEP_SIZE, 32L * PAGE, 32L * PAGE);
            try (DaxMmap m = f.mmap(0, (long) PAGES * PAGE, true)) {
                assertThat(DaxFiles.of(fs.mount()).mapping(f.inode()).lockMode()).isEqualTo(DaxLockMode.NONE);
                for (int p = 0; p < PAGES; p += 1 + (p % 7 == 6 ? 1 : 0)) {   // skip a page now and then
                    int n = 1 + rnd.nextInt(8);
                    stored[p] = new long[PAGE / 8];
                    for (int i = 0; i < n; i++) {
                        int slot = rnd.nextInt(PAGE / 8);
                        stored[p][slot] = value(p, slot);
                        m.writeLong((long) p * PAGE + slot * 8L, value(p, slot));
                    }
                }
                m.msync(0, (long) PAGES * PAGE);
                for (int p = 0; p < PAGES; p++) {
                    for (int slot = 0; slot < PAGE / 8; slot++) {
                        long want = stored[p] == null ? 0 : stored[p][slot];
                        assertThat(m.readLong((long) p * PAGE + slot * 8L)).as("page %d slot %d", p, slot)
                                .isEqualTo(want);
                    }
                }
                assertThatThrownBy(() -> m.writeLong((long) PAGES * PAGE, 1)).isInstanceOf(SigbusException.class);
            }
            List<BmbtIrec> ext = f.extents();
            for (int p = 0; p < PAGES; p++) {
                if (stored[p] == null) {
                    continue;
                }
                long fsb = (long) p * PAGE / fs.mount().geometry().blocksize;
                BmbtIrec under = ext.stream().filter(e -> e.startoff() <= fsb && fsb < e.startoff() + e.blockcount())
                        .findFirst().orElse(null);
                assertThat(under).as("written page %d is mapped", p).isNotNull();
                assertThat(under.isUnwritten()).as("written page %d: %s", p, under).isFalse();
            }
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/m", false, true)) {
            byte[] all = new byte[PAGES * PAGE];
            assertThat(f.pread(0, all, 0, all.length)).isEqualTo(all.length);
            ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.nativeOrder());
            for (int p = 0; p < PAGES; p++) {
                for (int slot = 0; slot < PAGE / 8; slot++) {
                    long want = stored[p] == null ? 0 : stored[p][slot];
                    assertThat(bb.getLong(p * PAGE + slot * 8)).as("after remount: page %d slot %d", p, slot)
                            .isEqualTo(want);
                }
            }
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
    }

    /**
     * Under 4.3's behaviour a fault on an unwritten page zeroes it and complete_unwritten converts the extent; a
     * fault on a hole allocates unwritten and does the same. One thread at a time loses nothing.
     */
    @Test
    void legacyFaultsZeroAndConvertThroughCompleteUnwritten() throws Exception {
        for (DaxPolicy.Mode mode : new DaxPolicy.Mode[] {DaxPolicy.Mode.LEGACY, DaxPolicy.Mode.MMAP_LOCK}) {
            Path img = XfsFileTest.image("dax-mmap-" + mode, 512);
            try (Xfs fs = Xfs.open(img, new XfsMountOptions(true, mode)); XfsFile f = fs.create("/l")) {
                f.truncate(16L * PAGE);
                f.fallocate(FallocMode.KEEP_SIZE, 0, 8L * PAGE);
                try (DaxMmap m = f.mmap(0, 16L * PAGE, true)) {
                    assertThat(m.mapping().lockMode()).isEqualTo(mode == DaxPolicy.Mode.MMAP_LOCK
                            ? DaxLockMode.MMAP_LOCK : DaxLockMode.NONE);
                    assertThat(m.readLong(3L * PAGE)).as("a read fault on an unwritten page").isZero();
                    for (int p = 0; p < 16; p++) {
                        m.writeLong((long) p * PAGE + 64, value(p, 8));
                    }
                    for (int p = 0; p < 16; p++) {
                        assertThat(m.readLong((long) p * PAGE + 64)).isEqualTo(value(p, 8));
                        assertThat(m.readLong((long) p * PAGE + 72)).isZero();
                    }
                }
                assertThat(f.extents()).as(mode + ": every page written, no extent left unwritten")
                        .noneMatch(BmbtIrec::isUnwritten);
                byte[] b = new byte[8];
                for (int p = 0; p < 16; p++) {
                    f.pread((long) p * PAGE + 64, b, 0, 8);
                    assertThat(ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getLong()).isEqualTo(value(p, 8));
                }
                assertThat(FsCheck.run(fs.mount())).isEmpty();
            }
        }
    }

    @Test
    void allOpensShareOneAddressSpaceAndTheLockModeFollowsTheMount() throws Exception {
        Path img = XfsFileTest.image("dax-mmap-shared", 512);
        try (Xfs fs = Xfs.open(img, new XfsMountOptions(true, DaxPolicy.Mode.MMAP_LOCK));
                XfsFile a = fs.create("/s"); XfsFile b = fs.openFile("/s", false, false)) {
            a.truncate(4L * PAGE);
            DaxMmap ma = a.mmap(0, 4L * PAGE, true);
            DaxMmap mb = b.mmap(0, 4L * PAGE, true);
            assertThat(ma.mapping()).isSameAs(mb.mapping());
            assertThat(ma.mapping().lockMode()).isEqualTo(DaxLockMode.MMAP_LOCK);
            a.inode().mtimeSec = 0;
            ma.writeLong(PAGE + 8, 0x1234L);
            assertThat(a.inode().mtimeSec).as("an allocating write fault stamps mtime").isPositive();
            assertThat(mb.readLong(PAGE + 8)).isEqualTo(0x1234L);
            byte[] buf = new byte[8];
            a.pread(PAGE + 8, buf, 0, 8);
            assertThat(ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder()).getLong()).isEqualTo(0x1234L);
            ma.munmap();
            mb.munmap();
        }
    }

    @Test
    void mmapIsRefusedForNonDaxFilesBadRangesAndReadOnlyOpens() throws Exception {
        Path img = XfsFileTest.image("dax-mmap-refused", 512);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.create("/p")) {
            assertErrno(() -> f.mmap(0, PAGE, false), XfsException.EOPNOTSUPP);
            f.fssetxflags(FS_XFLAG_DAX);
            assertErrno(() -> f.mmap(100, PAGE, true), XfsException.EINVAL);
            assertErrno(() -> f.mmap(0, 0, true), XfsException.EINVAL);
            try (XfsFile ro = fs.openFile("/p", false, true)) {
                assertErrno(() -> ro.mmap(0, PAGE, true), DaxFiles.EACCES);
                ro.mmap(0, PAGE, false).munmap();
            }
        }
    }

    /** Punch and truncate unmap the pages over the blocks they free: the mapping faults again and reads zeros. */
    @Test
    void punchAndTruncateUnmapThePagesOverFreedBlocks() throws Exception {
        Path img = XfsFileTest.image("dax-mmap-unmap", 512);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.create("/u")) {
            f.fssetxflags(FS_XFLAG_DAX);
            f.truncate(8L * PAGE);
            try (DaxMmap m = f.mmap(0, 8L * PAGE, true)) {
                for (int p = 0; p < 8; p++) {
                    m.writeLong((long) p * PAGE, value(p, 0));
                }
                f.punchHole(2L * PAGE, 2L * PAGE);
                assertThat(m.mapped(2)).isFalse();
                assertThat(m.mapped(1)).isTrue();
                assertThat(m.readLong(2L * PAGE)).isZero();
                assertThat(m.readLong(1L * PAGE)).isEqualTo(value(1, 0));
                // reuse the freed blocks for another file, then look through the old mapping
                try (XfsFile g = fs.create("/v")) {
                    byte[] junk = new byte[4 * PAGE];
                    java.util.Arrays.fill(junk, (byte) 0x6b);
                    g.fssetxflags(FS_XFLAG_DAX);
                    g.pwrite(0, junk, 0, junk.length);
                }
                f.truncate(5L * PAGE + 8);
                assertThat(m.mapped(6)).isFalse();
                assertThat(m.mapped(5)).as("the page holding EOF stays mapped").isTrue();
                assertThat(m.readLong(3L * PAGE)).isZero();
                assertThat(m.readLong(5L * PAGE)).isEqualTo(value(5, 0));
            }
            assertThat(org.jxfs.core.mount.FsCheck.run(fs.mount())).isEmpty();
        }
    }

    private static void assertErrno(org.assertj.core.api.ThrowableAssert.ThrowingCallable c, int errno) {
        assertThatThrownBy(c).isInstanceOfSatisfying(XfsException.class, e -> assertThat(e.errno()).isEqualTo(errno));
    }
}
