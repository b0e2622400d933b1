// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tools.JxfsMain;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A diagnosis aid for {@link XioDifferentialTest}, not part of the suite (its name keeps surefire from collecting it):
 * run it with {@code mvn -pl tests -am test -Dtest=XioBisectDiagnostic -Djxfs.bisect=true}: for each seed whose
 * final {@code bmap -vp} differs from the kernel's, bisects the script to the first command after which the
 * physical mappings differ and writes that command with both mappings (before and after it) to
 * {@code target/xio-bisect.txt}. Prefixes are independent runs on fresh images, so the kernel's busy-extent and
 * log timing are those of the shorter script.
 */
@RequiresKernel
class XioBisectDiagnostic {

    @Test
    void firstDivergingCommandPerSeed() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("jxfs.bisect"), "set -Djxfs.bisect=true to run");
        Path dir = TestDirs.unique("xio-bisect");
        Path fresh = dir.resolve("fresh.img");
        assertThat(JxfsMain.run("mkfs", "-q", "-d", "size=128m", fresh.toString())).isZero();
        int seeds = Integer.getInteger("jxfs.bisect.seeds", XioDifferentialTest.SCRIPTS);
        StringBuilder out = new StringBuilder();
        for (int seed = 1; seed <= seeds; seed++) {
            XioScript full = XioScript.random(seed, XioDifferentialTest.COMMANDS, XioDifferentialTest.MAX_FILE,
                    XioDifferentialTest.BLOCK);
            Path work = dir.resolve("seed-" + seed);
            Files.createDirectories(work);
            if (same(fresh, work, full, full.commands().size()) == null) {
                out.append("seed ").append(seed).append(": identical\n");
                continue;
            }
            int lo = 0;
            int hi = full.commands().size();
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (same(fresh, work, full, mid) == null) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            String[] before = runBoth(fresh, work, full, hi - 1);
            String[] after = runBoth(fresh, work, full, hi);
            out.append("seed ").append(seed).append(": first difference after command ").append(hi).append(": ")
                    .append(full.commands().get(hi - 1)).append('\n')
                    .append("--- both before\n").append(before[0])
                    .append("--- kernel after\n").append(after[0])
                    .append("--- jxfs after\n").append(after[1]).append('\n');
            TestDirs.delete(work);
        }
        Files.writeString(Path.of(System.getProperty("jxfs.target.dir", "target"), "xio-bisect.txt"), out);
        TestDirs.delete(dir);
    }

    private static String[] same(Path fresh, Path work, XioScript full, int n) throws Exception {
        String[] both = runBoth(fresh, work, full, n);
        return JxfsXioRun.bmapBody(both[0]).equals(JxfsXioRun.bmapBody(both[1])) ? null : both;
    }

    private static String[] runBoth(Path fresh, Path work, XioScript full, int n) throws Exception {
        XioScript prefix = new XioScript(full.seed(), full.commands().subList(0, n));
        KernelXioRun k = KernelXioRun.run(fresh, work, "f", prefix, XioDifferentialTest.BLOCK);
        JxfsXioRun j = JxfsXioRun.run(fresh, work, "f", prefix, XioDifferentialTest.BLOCK);
        return new String[] {k.bmap(), j.bmap()};
    }
}
