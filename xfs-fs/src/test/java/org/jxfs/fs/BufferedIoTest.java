// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import org.junit.jupiter.api.Test;

/** Buffered pread/pwrite: the page cache, delayed allocation, speculative preallocation and writeback. */
class BufferedIoTest {
    private static byte[] pattern(int len, int seed) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seed + i * 31 + 1);
        }
        return b;
    }

    @Test
    void aWriteReservesDelallocAndWritebackPlacesItAsOneWrittenExtent() throws Exception {
        Path img = XfsFileTest.image("buf-basic", 512);
        byte[] data = pattern(100_000, 5);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false)) {
            Mount mp = fs.mount();
            long free0 = mp.fdblocks();
            assertThat(f.pwrite(0, data, 0, data.length)).isEqualTo(data.length);
            assertThat(f.size()).isEqualTo(100_000);
            assertThat(f.diskSize()).isZero();
            List<BmbtIrec> ext = f.extents();
            assertThat(ext).hasSize(1);
            assertThat(ext.get(0).isDelay()).isTrue();
            assertThat(ext.get(0).blockcount()).isEqualTo(25);       // a small file gets no preallocation
            assertThat(f.delayedBlocks()).isEqualTo(25);
            assertThat(mp.delallocBlks()).isGreaterThan(25);          // with the worst-case bmbt blocks
            assertThat(free0 - mp.fdblocks()).isEqualTo(mp.delallocBlks());
            byte[] back = new byte[data.length];
            assertThat(f.pread(0, back, 0, back.length)).isEqualTo(data.length);
            assertThat(back).isEqualTo(data);

            f.fsync();
            ext = f.extents();
            assertThat(ext).hasSize(1);
            assertThat(ext.get(0).isDelay()).isFalse();
            assertThat(ext.get(0).isUnwritten()).isFalse();
            assertThat(f.delayedBlocks()).isZero();
            assertThat(mp.delallocBlks()).isZero();
            assertThat(f.diskSize()).isEqualTo(100_000);
            assertThat(free0 - mp.fdblocks()).isEqualTo(25);
            assertThat(FsCheck.run(mp)).isEmpty();
        }
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", false, true)) {
            byte[] back = new byte[data.length + 100];
            assertThat(f.pread(0, back, 0, back.length)).isEqualTo(data.length);
            assertThat(Arrays.copyOf(back, data.length)).isEqualTo(data);
        }
    }

    @Test
    void appendingWritesGetSpeculativePreallocationThatTheReleaseTrims() throws Exception {
        Path img = XfsFileTest.image("buf-prealloc", 512);
        byte[] chunk = pattern(64 * 1024, 9);
        try (Xfs fs = Xfs.open(img)) {
            XfsFile f = fs.openFile("/f", true, false);
            for (int i = 0; i < 8; i++) {
                f.pwrite((long) i * chunk.length, chunk, 0, chunk.length);
            }
            // EOF at block 128; xfs_iomap_prealloc_size doubles the contiguous delalloc before the write: the
            // record reaches past EOF
            BmbtIrec last = f.extents().get(f.extents().size() - 1);
            assertThat(last.isDelay()).isTrue();
            assertThat(last.startoff() + last.blockcount()).isGreaterThan(128);
            f.close();
            XfsFile g = fs.openFile("/f", false, true);
            last = g.extents().get(g.extents().size() - 1);
            assertThat(last.startoff() + last.blockcount()).isEqualTo(128);     // trimmed at the release
            assertThat(g.delayedBlocks()).isEqualTo(128);
            g.close();
        }
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", false, true)) {
            List<BmbtIrec> ext = f.extents();
            assertThat(ext).hasSize(1);
            assertThat(ext.get(0).blockcount()).isEqualTo(128);
            assertThat(ext.get(0).isWrittenExtent()).isTrue();
            assertThat(FsCheck.run(fs.mount())).isEmpty();
            byte[] back = new byte[chunk.length];
            f.pread(7L * chunk.length, back, 0, back.length);
            assertThat(back).isEqualTo(chunk);
        }
    }

    @Test
    void aPartialBlockWriteOverWrittenDataReadsTheBlockFirst() throws Exception {
        Path img = XfsFileTest.image("buf-rmw", 512);
        byte[] a = pattern(8192, 1);
        byte[] b = pattern(100, 77);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false)) {
            f.pwrite(0, a, 0, a.length);
        }
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", false, false)) {
            f.pwrite(5000, b, 0, b.length);
        }
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", false, true)) {
            byte[] back = new byte[8192];
            f.pread(0, back, 0, back.length);
            byte[] want = a.clone();
            System.arraycopy(b, 0, want, 5000, b.length);
            assertThat(back).isEqualTo(want);
        }
    }

    @Test
    void directIoSeesBufferedDataAndPunchDropsIt() throws Exception {
        Path img = XfsFileTest.image("buf-coherent", 512);
        byte[] a = pattern(16384, 3);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false)) {
            f.pwrite(0, a, 0, a.length);
            f.setDirect(true);
            byte[] back = new byte[16384];
            f.pread(0, back, 0, back.length);              // writes the range back first
            assertThat(back).isEqualTo(a);
            byte[] d = pattern(4096, 50);
            f.pwrite(4096, d, 0, d.length);                 // and drops the cached copy before writing under it
            f.setDirect(false);
            f.pread(0, back, 0, back.length);
            System.arraycopy(d, 0, a, 4096, 4096);
            assertThat(back).isEqualTo(a);
            f.punchHole(8192, 4096);
            f.pread(0, back, 0, back.length);
            Arrays.fill(a, 8192, 12288, (byte) 0);
            assertThat(back).isEqualTo(a);
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
    }

    @Test
    void truncatingBufferedDataDropsItsCacheAndDelalloc() throws Exception {
        Path img = XfsFileTest.image("buf-trunc", 512);
        byte[] a = pattern(40_000, 4);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false)) {
            f.pwrite(0, a, 0, a.length);
            f.truncate(10_001);
            assertThat(f.size()).isEqualTo(10_001);
            f.truncate(30_000);
            byte[] back = new byte[30_000];
            assertThat(f.pread(0, back, 0, back.length)).isEqualTo(30_000);
            byte[] want = new byte[30_000];
            System.arraycopy(a, 0, want, 0, 10_001);
            assertThat(back).isEqualTo(want);
        }
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", false, true)) {
            assertThat(fs.mount().delallocBlks()).isZero();
            byte[] back = new byte[30_000];
            f.pread(0, back, 0, back.length);
            assertThat(Arrays.copyOf(back, 10_001)).isEqualTo(Arrays.copyOf(a, 10_001));
            assertThat(Arrays.copyOfRange(back, 10_001, 30_000)).isEqualTo(new byte[19_999]);
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
    }

    @Test
    void aReservationThatCannotBeMetIsEnospcAtWriteTimeAndNothingIsLost() throws Exception {
        Path img = XfsFileTest.image("buf-enospc", 512);
        byte[] chunk = pattern(1 << 20, 6);
        long written = 0;
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false)) {
            XfsException err = null;
            while (err == null) {
                try {
                    int n = f.pwrite(written, chunk, 0, chunk.length);
                    written += n;
                    if (n < chunk.length) {
                        f.pwrite(written, chunk, n, chunk.length - n);
                    }
                } catch (XfsException e) {
                    err = e;
                }
            }
            assertThat(err.errno()).isEqualTo(XfsException.ENOSPC);
            assertThat(written).isGreaterThan(40L << 20);
            assertThat(f.size()).isEqualTo(written);
        }
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", false, true)) {
            assertThat(f.size()).isEqualTo(written);
            assertThat(FsCheck.run(fs.mount())).isEmpty();
            byte[] back = new byte[chunk.length];
            for (long off = 0; off + chunk.length <= written; off += chunk.length) {
                f.pread(off, back, 0, back.length);
                assertThat(back).as("MiB at %d", off).isEqualTo(chunk);
            }
        }
    }

    @Test
    void readOnlyOpenCannotWrite() throws Exception {
        Path img = XfsFileTest.image("buf-ro", 512);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, true)) {
            assertThatThrownBy(() -> f.pwrite(0, new byte[1], 0, 1)).isInstanceOf(XfsException.class)
                    .extracting(e -> ((XfsException) e).errno()).isEqualTo(XfsException.EBADF);
        }
    }
}
