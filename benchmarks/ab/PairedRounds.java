// SPDX-License-Identifier: GPL-2.0-only
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.Arrays;

/**
 * The jxfs side of {@code benchmarks/kernel-ratio.sh}: a JVM that stays warm between kernel runs. Each line on
 * standard input, {@code N}, asks for N rounds of each PREALLOC workload ({@link PreallocRound}: mode 1, the full
 * fallocate path, and mode 0, the bmap layer), alternating; it answers one line, the median rate of each
 * ({@code fallocate bmapi}, calls per second). The first request is the warm-up.
 */
public final class PairedRounds {
    private PairedRounds() {
    }

    public static void main(String[] args) throws Exception {
        String image = args[0];
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null;) {
            int n = Integer.parseInt(line.trim());
            double[] full = new double[n];
            double[] bmapi = new double[n];
            for (int i = 0; i < n; i++) {
                full[i] = PreallocRound.round(image, 1);
                bmapi[i] = PreallocRound.round(image, 0);
            }
            System.out.printf("%.0f %.0f%n", median(full), median(bmapi));
            System.out.flush();
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
