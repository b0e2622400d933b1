// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.util.Arrays;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.dax.DaxClearBlocks;

/**
 * {@link DaxBenchmark#clearBlocks} against {@link DaxBenchmark#setMemory} in pairs a few milliseconds apart, for the
 * ratio: JMH runs each benchmark in forks of its own one after the other, and on a shared VM the memory bandwidth
 * moves by 2-5x between seconds, so the two JMH scores can land in different machine states. Here one JVM zeroes
 * the same pretouched 64 MiB region ({@link DaxBenchmark.Region}) both ways in every round, the order flipped each
 * round, and the median of the per-round ratios cancels most of the drift.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar CHRONICLE_FLAGS org.jxfs.bench.DaxClearRounds [ROUNDS [REPS]]
 * </pre>
 * Each side of a round zeroes the region {@code REPS} times (default 4, 256 MiB) and is timed as a whole; the
 * first 20% of the rounds are warm-up and not reported.
 */
public final class DaxClearRounds {
    private DaxClearRounds() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        DaxBenchmark.Region r = new DaxBenchmark.Region();
        r.map();
        try {
            int warm = rounds / 5;
            double[] clear = new double[rounds - warm];
            double[] set = new double[rounds - warm];
            double[] ratio = new double[rounds - warm];
            for (int i = 0; i < rounds; i++) {
                double c;
                double s;
                if ((i & 1) == 0) {
                    c = timeClear(r, reps);
                    s = timeSet(r, reps);
                } else {
                    s = timeSet(r, reps);
                    c = timeClear(r, reps);
                }
                if (i >= warm) {
                    clear[i - warm] = c;
                    set[i - warm] = s;
                    ratio[i - warm] = c / s;
                }
            }
            System.out.printf("rounds %d (after %d warm-up), %d x 64 MiB per side%n", rounds - warm, warm, reps);
            System.out.printf("clearBlocks GB/s: median %.2f (p25 %.2f, p75 %.2f)%n", pct(clear, 50), pct(clear, 25),
                    pct(clear, 75));
            System.out.printf("setMemory   GB/s: median %.2f (p25 %.2f, p75 %.2f)%n", pct(set, 50), pct(set, 25),
                    pct(set, 75));
            System.out.printf("clearBlocks / setMemory per round: median %.3f (p25 %.3f, p75 %.3f, min %.3f,"
                    + " max %.3f)%n", pct(ratio, 50), pct(ratio, 25), pct(ratio, 75), pct(ratio, 0), pct(ratio, 100));
        } finally {
            r.unmap();
        }
    }

    /** GB/s of {@code reps} dax_clear_blocks of the region. */
    static double timeClear(DaxBenchmark.Region r, int reps) throws Exception {
        long t = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            DaxClearBlocks.clear(r.pmem, 12, 0, DaxBenchmark.REGION_BYTES);
        }
        return (double) reps * DaxBenchmark.REGION_BYTES / (System.nanoTime() - t);
    }

    /** GB/s of {@code reps} Unsafe.setMemory of each chunk of the region. */
    static double timeSet(DaxBenchmark.Region r, int reps) {
        long t = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            for (long a : r.chunkAddr) {
                DaxBenchmark.UNSAFE.setMemory(a, BlockDevice.CHUNK, (byte) 0);
            }
        }
        return (double) reps * DaxBenchmark.REGION_BYTES / (System.nanoTime() - t);
    }

    private static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.round((s.length - 1) * p / 100.0)];
    }
}
