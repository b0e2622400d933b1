// SPDX-License-Identifier: GPL-2.0-only
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Compares builds in one JVM: each build's jars get a class loader of their own with {@link PreallocRound}, and the
 * rounds alternate between the builds, so that both see the same machine: on these VMs the speed drifts by 20-40%
 * over minutes, which swamps a few percent measured in separate runs. The first third of the rounds is warm-up.
 * The order of the builds flips every round, and besides each build's rates the median of its per-round ratio to
 * the first build is printed: the machine also flips between a fast and a slow state within seconds, and a ratio
 * of rates taken a few tens of milliseconds apart mostly cancels it.
 * Usage: Interleave ROUNDS MODE RUNNER_DIR BUILD_DIR... (each BUILD_DIR holds xfs-core, xfs-bmap and xfs-fs jars).
 */
public final class Interleave {
    private Interleave() {
    }

    public static void main(String[] a) throws Exception {
        int rounds = Integer.parseInt(a[0]);
        int mode = Integer.parseInt(a[1]);
        URL runner = Path.of(a[2]).toUri().toURL();
        int n = a.length - 3;
        Method[] round = new Method[n];
        List<List<Double>> rates = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            List<URL> urls = new ArrayList<>(List.of(runner));
            for (String module : new String[] {"xfs-core", "xfs-bmap", "xfs-fs"}) {
                urls.add(Path.of(a[3 + b], module + ".jar").toUri().toURL());
            }
            ClassLoader cl = new URLClassLoader(urls.toArray(new URL[0]), Interleave.class.getClassLoader());
            round[b] = cl.loadClass("PreallocRound").getMethod("round", String.class, int.class);
            rates.add(new ArrayList<>());
        }
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < n; k++) {
                int b = i % 2 == 0 ? k : n - 1 - k;
                double rate = (double) round[b].invoke(null, a[3 + b] + "/round.img", mode);
                if (i >= rounds / 3) {
                    rates.get(b).add(rate);
                }
            }
        }
        List<List<Double>> ratios = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            List<Double> q = new ArrayList<>();
            for (int i = 0; i < rates.get(0).size(); i++) {
                q.add(rates.get(b).get(i) / rates.get(0).get(i));
            }
            Collections.sort(q);
            ratios.add(q);
        }
        for (int b = 0; b < n; b++) {
            List<Double> r = rates.get(b);
            Collections.sort(r);
            double mean = r.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            List<Double> q = ratios.get(b);
            System.out.printf("%s: median %.0f mean %.0f p25 %.0f p75 %.0f calls/s (%d rounds); per-round ratio to"
                    + " the first: median %.4f p25 %.4f p75 %.4f%n", a[3 + b], r.get(r.size() / 2), mean,
                    r.get(r.size() / 4), r.get(3 * r.size() / 4), r.size(), q.get(q.size() / 2), q.get(q.size() / 4),
                    q.get(3 * q.size() / 4));
        }
    }
}
