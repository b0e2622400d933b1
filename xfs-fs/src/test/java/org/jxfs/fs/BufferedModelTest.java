// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jxfs.core.XfsException;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import org.junit.jupiter.api.Test;

/**
 * Random buffered writes, mapped writes (stores and memcpy), reads (pread and from a mapping), direct writes, fallocates, punches, zero ranges, truncates, fsyncs,
 * closes and remounts against a byte-array model of the file: every read and the whole file after each remount must equal the
 * model; at every unmount the delayed-allocation accounting is back to zero and the free-space counters agree with
 * the btrees ({@link FsCheck}); the final image passes xfs_repair -n. 3,000 operations in the normal build, 100,000 under {@code -Pstress}.
 */
class BufferedModelTest {
    private static final int OPS = Boolean.getBoolean("jxfs.stress") ? 100_000 : 3_000;
    private static final int MAX_FILE = 8 << 20;

    @Test
    void bufferedFileMatchesItsModel() throws Exception {
        Path img = XfsFileTest.image("buf-model", 512);
        SplittableRandom rnd = new SplittableRandom(0xB0FF);
        byte[] model = new byte[MAX_FILE];
        long size = 0;
        Xfs fs = Xfs.open(img);
        XfsFile f = fs.openFile("/m", true, false);
        try {
            for (int op = 0; op < OPS; op++) {
                int kind = rnd.nextInt(100);
                long off = offset(rnd, size);
                int len = length(rnd);
                String what = "op " + op;
                if (kind < 40) {
                    len = (int) Math.min(len, MAX_FILE - off);
                    if (len <= 0) {
                        continue;
                    }
                    boolean direct = rnd.nextInt(10) == 0;
                    if (direct) {
                        off &= ~511L;
                        len = Math.max(512, len & ~511);
                        len = (int) Math.min(len, MAX_FILE - off);
                    }
                    byte[] d = new byte[len];
                    Arrays.fill(d, (byte) (1 + rnd.nextInt(255)));
                    f.setDirect(direct);
                    assertThat(f.pwrite(off, d, 0, len)).as(what).isEqualTo(len);
                    f.setDirect(false);
                    System.arraycopy(d, 0, model, (int) off, len);
                    size = Math.max(size, off + len);
                } else if (kind < 46) {
                    // a store through a shared mapping: page_mkwrite reserves, msync (sometimes) writes back
                    if (size == 0) {
                        continue;
                    }
                    long at = rnd.nextLong(size);
                    int n = (int) Math.min(Math.min(len, 16 << 10), size - at);
                    byte v = (byte) (1 + rnd.nextInt(255));
                    try (FileMapping m = f.map(0, (size + 4095) & ~4095L, true)) {
                        if (rnd.nextBoolean()) {
                            for (int i = 0; i < n; i++) {
                                m.writeByte(at + i, v);
                            }
                        } else {                    // a memcpy into the mapping, a block at a time
                            byte[] d = new byte[n];
                            Arrays.fill(d, v);
                            m.write(at, d, 0, n);
                        }
                        if (rnd.nextBoolean()) {
                            m.msync(at, n);
                        }
                    }
                    Arrays.fill(model, (int) at, (int) at + n, v);
                } else if (kind < 60) {
                    byte[] back = new byte[len];
                    int want = (int) Math.max(0, Math.min(len, size - off));
                    int n;
                    if (want > 0 && rnd.nextInt(4) == 0) {   // a memcpy out of a read-only mapping
                        try (FileMapping m = f.map(0, (size + 4095) & ~4095L, false)) {
                            m.read(off, back, 0, want);
                        }
                        n = want;
                    } else {
                        n = f.pread(off, back, 0, len);
                    }
                    assertThat(n).as(what + " read length").isEqualTo(want);
                    assertThat(Arrays.copyOf(back, n)).as(what + " read at " + off)
                            .isEqualTo(Arrays.copyOfRange(model, (int) off, (int) off + n));
                } else if (kind < 66) {
                    long l = Math.min(len, MAX_FILE - off);
                    if (l > 0) {
                        boolean keep = rnd.nextBoolean();
                        f.fallocate(keep ? FallocMode.KEEP_SIZE : 0, off, l);
                        if (!keep) {
                            size = Math.max(size, off + l);
                        }
                    }
                } else if (kind < 74) {
                    long l = Math.min(len, MAX_FILE - off);
                    if (l > 0) {
                        f.punchHole(off, l);
                        zero(model, off, Math.min(off + l, size));
                    }
                } else if (kind < 80) {
                    long l = Math.min(len, MAX_FILE - off);
                    if (l > 0) {
                        boolean keep = rnd.nextBoolean();
                        f.zeroRange(off, l, keep);
                        zero(model, off, Math.min(off + l, Math.max(size, keep ? size : off + l)));
                        if (!keep) {
                            size = Math.max(size, off + l);
                        }
                    }
                } else if (kind < 88) {
                    long to = Math.min(MAX_FILE, rnd.nextLong(size + 65536));
                    f.truncate(to);
                    if (to < size) {
                        zero(model, to, size);
                    }
                    size = to;
                } else if (kind < 94) {
                    f.fsync();
                } else if (kind < 97) {
                    f.close();
                    f = fs.openFile("/m", false, false);
                } else {
                    f.close();
                    fs.close();
                    assertThat(fs.mount().delallocBlks()).as(what + " delalloc at unmount").isZero();
                    fs = Xfs.open(img);
                    assertThat(FsCheck.run(fs.mount())).as(what + " after remount").isEmpty();
                    f = fs.openFile("/m", false, false);
                    checkWhole(f, model, size, what);
                }
                assertThat(f.size()).as(what + " size").isEqualTo(size);
            }
            checkWhole(f, model, size, "end");
        } finally {
            f.close();
            fs.close();
        }
        Mount closed = fs.mount();
        assertThat(closed.delallocBlks()).isZero();
        try (Xfs again = Xfs.open(img); XfsFile g = again.openFile("/m", false, true)) {
            assertThat(FsCheck.run(again.mount())).isEmpty();
            checkWhole(g, model, size, "after the last remount");
        }
        RepairCheck.assertClean(img);
    }

    private static void checkWhole(XfsFile f, byte[] model, long size, String what) throws XfsException {
        assertThat(f.size()).as(what + " size").isEqualTo(size);
        byte[] back = new byte[(int) size];
        assertThat(f.pread(0, back, 0, back.length)).isEqualTo((int) size);
        int i = Arrays.mismatch(back, Arrays.copyOf(model, (int) size));
        assertThat(i).as(what + ": first byte that differs from the model").isEqualTo(-1);
    }

    private static void zero(byte[] model, long from, long to) {
        if (to > from) {
            Arrays.fill(model, (int) from, (int) to, (byte) 0);
        }
    }

    private static long offset(SplittableRandom rnd, long size) {
        int shape = rnd.nextInt(4);
        long base = shape == 0 ? size : rnd.nextLong(Math.max(1, Math.min(MAX_FILE - 1, size + (1 << 20))));
        if (rnd.nextInt(3) == 0) {
            base &= ~4095L;
        }
        return Math.min(base, MAX_FILE - 1);
    }

    private static int length(SplittableRandom rnd) {
        int shape = rnd.nextInt(10);
        return shape < 5 ? 1 + rnd.nextInt(8192) : shape < 9 ? 1 + rnd.nextInt(256 << 10) : 1 + rnd.nextInt(2 << 20);
    }
}
