// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.util.Arrays;
import java.util.concurrent.CyclicBarrier;
import org.jxfs.core.XfsException;
import org.jxfs.dax.DaxMmap;
import org.jxfs.fs.DaxFiles;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.fs.XfsMountOptions;
import org.jxfs.iomap.DaxPolicy;

/**
 * {@link DaxBenchmark}'s fault workloads with the three modes interleaved in one JVM, for comparing the modes: JMH
 * runs each mode in a fork of its own, one after the other, and on a shared VM a fork's rate depends on when it ran
 * (docs/performance.md, "DAX"). Here every mode has its own mounted 1 GiB image in /dev/shm (as {@link DaxImage}),
 * pretouched, with a DAX file of holes ({@code /w}) and a written one ({@code /r}); each round runs, for every mode
 * in an order that rotates from round to round, {@code N} allocating write faults and {@code N} read faults on one
 * thread, then the same on two threads (each its own vma and its own half of the pages), and reports the medians of
 * each rate and of each mode's per-round ratio to FIXED. Before each timed part the write file is truncated to 0
 * and back and the vmas are made afresh (untimed). The first 20% of the rounds are warm-up.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar CHRONICLE_FLAGS org.jxfs.bench.DaxFaultRounds [ROUNDS [N]]
 * </pre>
 */
public final class DaxFaultRounds {
    static final int PAGE = DaxBenchmark.PAGE;
    static final String[] KINDS = {"write 1 thread", "write 2 threads", "read 1 thread", "read 2 threads"};

    private DaxFaultRounds() {
    }

    /** One mode's mount and files. */
    static final class ModeFs {
        final DaxPolicy.Mode mode;
        final DaxImage image;
        final Xfs fs;
        final XfsFile w;
        final XfsFile r;
        final long bytes;

        ModeFs(DaxPolicy.Mode mode, int n) throws Exception {
            this.mode = mode;
            this.bytes = (long) n * PAGE;
            image = new DaxImage("dax-rounds");
            fs = Xfs.open(image.format(1L << 30), new XfsMountOptions(false, mode));
            w = daxFile("/w");
            r = daxFile("/r");
            w.truncate(bytes);
            r.truncate(bytes);
            byte[] buf = new byte[1 << 20];
            Arrays.fill(buf, (byte) 0xcd);
            for (long pos = 0; pos < bytes; pos += buf.length) {
                r.pwrite(pos, buf, 0, (int) Math.min(buf.length, bytes - pos));
            }
            DaxImage.pretouch(DaxFiles.of(fs.mount()).pmem());
        }

        private XfsFile daxFile(String path) throws XfsException {
            XfsFile f = fs.openFile(path, true, false, false);
            f.fssetxflags(DaxBenchmark.FS_XFLAG_DAX);
            if (!f.isDax()) {
                throw new IllegalStateException("FS_XFLAG_DAX did not make the inode DAX");
            }
            return f;
        }

        void reHole() throws XfsException {
            w.truncate(0);
            w.truncate(bytes);
        }

        void close() throws Exception {
            w.close();
            r.close();
            fs.close();
            image.delete();
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        // FIXED first: the ratios are to it
        DaxPolicy.Mode[] modes = new DaxPolicy.Mode[] {DaxPolicy.Mode.FIXED, DaxPolicy.Mode.LEGACY, DaxPolicy.Mode.MMAP_LOCK};
        ModeFs[] fss = new ModeFs[modes.length];
        for (int m = 0; m < modes.length; m++) {
            fss[m] = new ModeFs(modes[m], n);
        }
        int warm = rounds / 5;
        double[][][] rate = new double[KINDS.length][modes.length][rounds - warm];
        try {
            for (int i = 0; i < rounds; i++) {
                for (int j = 0; j < modes.length; j++) {
                    int m = (i + j) % modes.length;
                    double[] got = round(fss[m], n);
                    if (i >= warm) {
                        for (int k = 0; k < KINDS.length; k++) {
                            rate[k][m][i - warm] = got[k];
                        }
                    }
                }
            }
        } finally {
            for (ModeFs f : fss) {
                f.close();
            }
        }
        System.out.printf("rounds %d (after %d warm-up), %d faults per timed part; faults/s, median (p25-p75)%n",
                rounds - warm, warm, n);
        for (int k = 0; k < KINDS.length; k++) {
            StringBuilder sb = new StringBuilder(String.format("%-16s", KINDS[k]));
            for (int m = 0; m < modes.length; m++) {
                double[] v = rate[k][m];
                sb.append(String.format(" | %s %,.0f (%,.0f-%,.0f)", modes[m], pct(v, 50), pct(v, 25), pct(v, 75)));
                if (m > 0) {
                    double[] ratio = new double[v.length];
                    for (int x = 0; x < v.length; x++) {
                        ratio[x] = v[x] / rate[k][0][x];
                    }
                    sb.append(String.format(" /FIXED %.2f (%.2f-%.2f)", pct(ratio, 50), pct(ratio, 25),
                            pct(ratio, 75)));
                }
            }
            System.out.println(sb);
        }
    }

    /** One mode's four timed parts; faults/s of each, in {@link #KINDS}' order. */
    static double[] round(ModeFs f, int n) throws Exception {
        double[] out = new double[KINDS.length];
        f.reHole();
        out[0] = timed(f.w, n, 1, true);
        f.reHole();
        out[1] = timed(f.w, n, 2, true);
        out[2] = timed(f.r, n, 1, false);
        out[3] = timed(f.r, n, 2, false);
        return out;
    }

    /** {@code n} faults on fresh vmas, split over {@code threads} threads by halves of the file; faults/s. */
    static double timed(XfsFile file, int n, int threads, boolean write) throws Exception {
        DaxMmap[] vmas = new DaxMmap[threads];
        for (int t = 0; t < threads; t++) {
            vmas[t] = file.mmap(0, file.size(), true);
        }
        try {
            int per = n / threads;
            if (threads == 1) {
                long t0 = System.nanoTime();
                faults(vmas[0], 0, per, write);
                return per * 1e9 / (System.nanoTime() - t0);
            }
            // Each worker stamps its own start and end: on an oversubscribed VM the main thread may run long after
            // the barrier released the workers, so a clock read there would miss part of their work.
            CyclicBarrier start = new CyclicBarrier(threads);
            long[] began = new long[threads];
            long[] ended = new long[threads];
            Exception[] failed = new Exception[1];
            Thread[] ths = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int idx = t;
                ths[t] = new Thread(() -> {
                    try {
                        start.await();
                        began[idx] = System.nanoTime();
                        faults(vmas[idx], (long) idx * per, per, write);
                        ended[idx] = System.nanoTime();
                    } catch (Exception e) {
                        failed[0] = e;
                    }
                });
                ths[t].start();
            }
            for (Thread th : ths) {
                th.join();
            }
            if (failed[0] != null) {
                throw failed[0];
            }
            long dt = Arrays.stream(ended).max().getAsLong() - Arrays.stream(began).min().getAsLong();
            return (double) per * threads * 1e9 / dt;
        } finally {
            for (DaxMmap v : vmas) {
                v.munmap();
            }
        }
    }

    static long faults(DaxMmap vma, long first, int count, boolean write) throws XfsException {
        long sum = 0;
        for (long p = first; p < first + count; p++) {
            if (write) {
                vma.writeLong(p * PAGE + 64, p);
            } else {
                sum += vma.readLong(p * PAGE + 64);
            }
        }
        return sum;
    }

    private static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.round((s.length - 1) * p / 100.0)];
    }
}
