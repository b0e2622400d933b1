// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.jxfs.core.XfsException;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;

/**
 * The jxfs side of {@code benchmarks/dio-ratio.sh}: a JVM kept warm between the kernel's runs, as
 * {@code benchmarks/ab/PairedRounds.java} is for kernel-ratio.sh. Each line on standard input, {@code N}, asks for
 * N rounds of each {@link DioWorkload} (O_DIRECT into unwritten at stride 1, the same at stride 2, allocating DAX
 * writes), alternating; the answer is one line, the median rate of each in writes per second
 * ({@code unwritten1 unwritten2 dax}). A round is what one kernel run is: a freshly made 1 GiB image, the file set
 * up, 100 ms of spinning ({@link CpuWarmup}), then the 20,000 writes timed. After each round the last block
 * written is read back (and for DAX the hole before it), so a broken write path fails the run instead of
 * speeding it up.
 * <p>With {@code -Djxfs.bench.windows=FILE} each timed part is also appended to FILE as
 * {@code start end workload} (System.nanoTime, i.e. CLOCK_MONOTONIC, in seconds), so that a profile recorded with
 * {@code perf record -k CLOCK_MONOTONIC} can be cut down to the timed writes ({@code benchmarks/dio-profile.sh}).
 * <pre>java -cp benchmarks/target/benchmarks.jar org.jxfs.bench.DioRounds /tmp/dir/jx.img</pre>
 */
public final class DioRounds {
    private static final String[] NAMES = {"unwritten1", "unwritten2", "dax"};
    private static final String WINDOWS = System.getProperty("jxfs.bench.windows");

    private DioRounds() {
    }

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null;) {
            int n = Integer.parseInt(line.trim());
            double[][] rates = new double[3][n];
            for (int i = 0; i < n; i++) {
                rates[0][i] = round(image, 1, false, NAMES[0]);
                rates[1][i] = round(image, 2, false, NAMES[1]);
                rates[2][i] = round(image, DioWorkload.DAX_STRIDE, true, NAMES[2]);
            }
            System.out.printf("%.0f %.0f %.0f%n", median(rates[0]), median(rates[1]), median(rates[2]));
            System.out.flush();
        }
    }

    /** One round on a fresh image; returns writes per second. */
    static double round(Path image, int stride, boolean dax, String name) throws Exception {
        Files.deleteIfExists(image);
        Mkfs.format(image, MkfsOptions.builder().dataSize(DioWorkload.IMAGE_BYTES).force(true).quiet(true).build());
        try (Xfs fs = Xfs.open(image)) {
            XfsFile f = dax ? DioWorkload.daxFile(fs) : DioWorkload.unwrittenFile(fs, stride);
            byte[] buf = DioWorkload.buffer();
            CpuWarmup.spin();
            long t = System.nanoTime();
            DioWorkload.writes(f, buf, stride);
            long t1 = System.nanoTime();
            double rate = DioWorkload.WRITES / ((t1 - t) / 1e9);
            if (WINDOWS != null) {
                Files.writeString(Path.of(WINDOWS), String.format("%.6f %.6f %s%n", t / 1e9, t1 / 1e9, name),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            check(f, stride, dax);
            return rate;
        }
    }

    private static void check(XfsFile f, int stride, boolean dax) throws XfsException {
        byte[] got = new byte[DioWorkload.BLOCK];
        long last = (long) (DioWorkload.WRITES - 1) * stride * DioWorkload.BLOCK;
        f.pread(last, got, 0, got.length);
        if (!Arrays.equals(got, DioWorkload.buffer())) {
            throw new IllegalStateException("the last block written does not read back");
        }
        if (dax) {
            f.pread(last - DioWorkload.BLOCK, got, 0, got.length);
            if (!Arrays.equals(got, new byte[DioWorkload.BLOCK])) {
                throw new IllegalStateException("a hole between DAX writes does not read as zeros");
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
