// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.dio;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A diagnosis aid for {@link DioDifferentialTest}, not part of the suite (its name keeps surefire from collecting
 * it): {@code mvn -pl tests test -Dtest=DioBisectDiagnostic -Djxfs.bisect=true [-Djxfs.bisect.seeds=3,17]} bisects
 * each seed (default: all of the test's) whose state, contents or {@code bmap -vp} differ from the kernel's to the
 * first command after which they do, and writes the reports to {@code target/dio-bisect.txt}.
 */
@RequiresKernel
class DioBisectDiagnostic {

    @Test
    void firstDivergingCommandPerSeed() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("jxfs.bisect"), "set -Djxfs.bisect=true to run");
        Path dir = TestDirs.unique("dio-bisect");
        Path fresh = DioDifferentialTest.freshImage(dir);
        String seeds = System.getProperty("jxfs.bisect.seeds", "");
        int commands = Integer.getInteger("jxfs.bisect.commands", DioDifferentialTest.COMMANDS);
        StringBuilder out = new StringBuilder();
        Iterable<Long> list = seeds.isBlank()
                ? java.util.stream.LongStream.rangeClosed(1, DioDifferentialTest.SCRIPTS).boxed().toList()
                : java.util.Arrays.stream(seeds.split(",")).map(s -> Long.parseLong(s.trim())).toList();
        for (long seed : list) {
            String r = DioBisect.firstDivergence(fresh, dir, DioDifferentialTest.NAME,
                    DioScript.random(seed, commands), true);
            out.append(r).append('\n');
            System.out.println(r.lines().limit(2).reduce((a, b) -> a + "\n" + b).orElse(r));
        }
        Files.writeString(Path.of(System.getProperty("jxfs.target.dir", "target"), "dio-bisect.txt"), out);
        TestDirs.delete(dir);
    }
}
