// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.dio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A diagnosis aid for {@link BufferedDifferentialTest}, not part of the suite (its name keeps surefire from
 * collecting it): {@code mvn -pl tests test -Dtest=BufferedBisectDiagnostic -Djxfs.bisect=true
 * [-Djxfs.bisect.seeds=3,9]} bisects each seed's buffered script to the shortest prefix whose {@code bmap -vp}
 * (or state) differs from the kernel's, and writes the reports to {@code target/buffered-bisect.txt} and each
 * shortest differing script to {@code target/bisect-seed-N.xio}.
 */
@RequiresKernel
class BufferedBisectDiagnostic {

    @Test
    @Timeout(value = 3, unit = TimeUnit.HOURS)
    void firstDivergingCommandPerSeed() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("jxfs.bisect"), "set -Djxfs.bisect=true to run");
        Path dir = TestDirs.unique("buffered-bisect");
        Path fresh = DioDifferentialTest.freshImage(dir);
        String seeds = System.getProperty("jxfs.bisect.seeds", "");
        Iterable<Long> list = seeds.isBlank()
                ? java.util.stream.LongStream.rangeClosed(1, BufferedDifferentialTest.SCRIPTS).boxed().toList()
                : java.util.Arrays.stream(seeds.split(",")).map(s -> Long.parseLong(s.trim())).toList();
        StringBuilder out = new StringBuilder();
        for (long seed : list) {
            List<String> cmds = BufferedDifferentialTest.script(seed, BufferedDifferentialTest.COMMANDS).lines()
                    .toList();
            String r = DioBisect.firstDivergence(fresh, dir, DioDifferentialTest.NAME, "seed " + seed, cmds, false,
                    true);
            out.append(r).append('\n');
            System.out.println(r.lines().limit(2).reduce((a, b) -> a + "\n" + b).orElse(r));
            Files.writeString(Path.of(System.getProperty("jxfs.target.dir", "target"), "buffered-bisect.txt"), out);
        }
        TestDirs.delete(dir);
    }
}
