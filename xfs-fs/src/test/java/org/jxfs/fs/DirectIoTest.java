// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.mount.FsCheck;
import org.junit.jupiter.api.Test;

/** O_DIRECT pread/pwrite through get_blocks, iomap and completion, against a byte-array model of the file. */
class DirectIoTest {
    private static byte[] pattern(int len, int seed) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seed + i * 31);
        }
        return b;
    }

    @Test
    void writeIntoAHoleAllocatesWritesAndConverts() throws Exception {
        Path img = XfsFileTest.image("dio-hole", 512);
        byte[] data = pattern(65536, 7);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false, true)) {
            assertThat(f.pwrite(8192, data, 0, data.length)).isEqualTo(data.length);
            assertThat(f.size()).isEqualTo(8192 + 65536);
            List<BmbtIrec> ext = f.extents();
            assertThat(ext).hasSize(1);
            assertThat(ext.get(0).startoff()).isEqualTo(2);
            assertThat(ext.get(0).blockcount()).isEqualTo(16);
            assertThat(ext.get(0).isUnwritten()).isFalse();
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", false, true, true)) {
            byte[] back = new byte[8192 + 65536 + 4096];
            assertThat(f.pread(0, back, 0, back.length)).isEqualTo(8192 + 65536);
            assertThat(Arrays.copyOfRange(back, 0, 8192)).isEqualTo(new byte[8192]);
            assertThat(Arrays.copyOfRange(back, 8192, 8192 + 65536)).isEqualTo(data);
        }
    }

    @Test
    void subBlockWriteIntoUnwrittenZeroesTheRestOfTheBlockAndSplitsTheExtent() throws Exception {
        Path img = XfsFileTest.image("dio-unwritten", 512);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false, true)) {
            f.fallocate(0, 16 * 4096);
            byte[] d = pattern(512, 3);
            f.pwrite(4096 * 5 + 1024, d, 0, 512);
            List<BmbtIrec> ext = f.extents();
            assertThat(ext).extracting(BmbtIrec::startoff, BmbtIrec::blockcount, BmbtIrec::isUnwritten)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 5L, true),
                            org.assertj.core.groups.Tuple.tuple(5L, 1L, false),
                            org.assertj.core.groups.Tuple.tuple(6L, 10L, true));
            byte[] blk = new byte[4096];
            f.pread(4096 * 5, blk, 0, 4096);
            byte[] want = new byte[4096];
            System.arraycopy(d, 0, want, 1024, 512);
            assertThat(blk).isEqualTo(want);
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
    }

    @Test
    void misalignedDirectIoIsRefusedWhileTheSameBufferedWriteIsNot() throws Exception {
        Path img = XfsFileTest.image("dio-align", 512);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false, true)) {
            byte[] b = new byte[4096];
            assertErrno(() -> f.pwrite(100, b, 0, 512), XfsException.EINVAL);
            assertErrno(() -> f.pwrite(0, b, 0, 100), XfsException.EINVAL);
            assertErrno(() -> f.pread(0, b, 0, 100), XfsException.EINVAL);
            assertThat(f.size()).isZero();
            assertThat(f.extents()).isEmpty();
            f.setDirect(false);
            assertThat(f.pwrite(100, b, 0, 512)).isEqualTo(512);
            assertThat(f.size()).isEqualTo(612);
        }
    }

    /** Random direct writes, fallocates, punches, zero-ranges and truncates against a byte-array model. */
    @Test
    void randomOperationsMatchAByteArrayModel() throws Exception {
        Path img = XfsFileTest.image("dio-model", 512);
        int max = 4 << 20;
        byte[] model = new byte[max + (1 << 20)];
        long size = 0;
        Random rnd = new Random(42);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false, true)) {
            for (int op = 0; op < 1500; op++) {
                int kind = rnd.nextInt(10);
                long off = (long) rnd.nextInt(max / 512) * 512;
                int len = (1 + rnd.nextInt(128)) * 512;
                if (kind < 5) {
                    byte[] d = pattern(len, op);
                    f.pwrite(off, d, 0, len);
                    System.arraycopy(d, 0, model, (int) off, len);
                    size = Math.max(size, off + len);
                } else if (kind == 5) {
                    f.fallocate(off, len);
                    size = Math.max(size, off + len);
                } else if (kind == 6) {
                    f.punchHole(off, len);
                    long e = Math.min(off + len, size);
                    if (e > off) {
                        Arrays.fill(model, (int) off, (int) e, (byte) 0);
                    }
                } else if (kind == 7) {
                    f.zeroRange(off, len, rnd.nextBoolean());
                    long e = Math.min(off + len, size);
                    if (e > off) {
                        Arrays.fill(model, (int) off, (int) e, (byte) 0);
                    }
                    if (f.size() > size) {
                        size = f.size();
                    }
                } else if (kind == 8 && rnd.nextInt(4) == 0) {
                    long ns = rnd.nextInt(max);
                    f.truncate(ns);
                    if (ns < size) {
                        Arrays.fill(model, (int) ns, (int) size, (byte) 0);
                    }
                    size = ns;
                } else {
                    byte[] back = new byte[len];
                    int n = f.pread(off, back, 0, len);
                    int want = (int) Math.max(0, Math.min(len, size - off));
                    assertThat(n).as("op %d read length", op).isEqualTo(want);
                    assertThat(Arrays.copyOf(back, n)).as("op %d read at %d", op, off)
                            .isEqualTo(Arrays.copyOfRange(model, (int) off, (int) off + n));
                }
                assertThat(f.size()).as("op %d size", op).isEqualTo(size);
            }
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", false, true, true)) {
            byte[] all = new byte[(int) size];
            assertThat(f.pread(0, all, 0, all.length)).isEqualTo((int) size);
            assertThat(all).isEqualTo(Arrays.copyOf(model, (int) size));
        }
    }

    static void assertErrno(org.assertj.core.api.ThrowableAssert.ThrowingCallable c, int errno) {
        assertThatThrownBy(c).isInstanceOf(XfsException.class)
                .satisfies(e -> assertThat(((XfsException) e).errno()).isEqualTo(errno));
    }
}
