// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.jxfs.tools.JxfsMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the block-mapping commands: 20 seeded random xfs_io scripts of 1,000 commands (falloc,
 * falloc -k, fpunch, fzero, fzero -k, truncate) over a file of at most 16 MiB, each run by the kernel's xfs_io on a
 * loop-mounted copy of a fresh {@code jxfs mkfs} image and by {@code jxfs io} on another copy. The per-block
 * hole/unwritten/written state (inside and past EOF) and the size must be identical and the jxfs image must pass
 * xfs_repair -n; how many scripts also give a byte-identical {@code bmap -vp} (same physical blocks) is counted
 * and printed, and must not fall below {@link #MIN_IDENTICAL_BMAP}.
 */
@RequiresKernel
class XioDifferentialTest {
    static final int SCRIPTS = 20;
    /** Scripts that must give the kernel's physical blocks too (20 of 20 measured). */
    static final int MIN_IDENTICAL_BMAP = 18;
    static final int COMMANDS = 1000;
    static final long MAX_FILE = 16L << 20;
    static final int BLOCK = 4096;

    static Path dir;
    static Path fresh;

    @BeforeAll
    static void freshImage() {
        dir = TestDirs.unique("xio-diff");
        fresh = dir.resolve("fresh.img");
        assertThat(JxfsMain.run("mkfs", "-q", "-d", "size=128m", fresh.toString())).isZero();
    }

    @AfterAll
    static void cleanUp() {
        TestDirs.delete(dir);
    }

    @Test
    void twentyRandomScriptsGiveTheKernelsStateMapsAndSizes() throws Exception {
        long t0 = System.nanoTime();
        int identicalBmap = 0;
        List<String> mismatches = new ArrayList<>();
        String firstBmapDiff = null;
        for (int seed = 1; seed <= SCRIPTS; seed++) {
            XioScript script = XioScript.random(seed, COMMANDS, MAX_FILE, BLOCK);
            Path work = dir.resolve("seed-" + seed);
            java.nio.file.Files.createDirectories(work);
            KernelXioRun k = KernelXioRun.run(fresh, work, "f", script, BLOCK);
            JxfsXioRun j = JxfsXioRun.run(fresh, work, "f", script, BLOCK);
            assertThat(j.output()).as("seed %d: jxfs io output", seed).isEqualTo(k.output());
            if (k.size() != j.size() || !k.stateMap().equals(j.stateMap())) {
                mismatches.add("seed " + seed + ": kernel size " + k.size() + " " + k.stateMap().rle() + " / "
                        + k.stateMap().postEof() + "\n         jxfs   size " + j.size() + " "
                        + j.stateMap().rle() + " / " + j.stateMap().postEof());
            }
            XfsRepair.assertClean(j.image());
            if (JxfsXioRun.bmapBody(k.bmap()).equals(JxfsXioRun.bmapBody(j.bmap()))) {
                identicalBmap++;
            } else if (firstBmapDiff == null) {
                firstBmapDiff = "seed " + seed + "\n--- kernel\n" + k.bmap() + "--- jxfs\n" + j.bmap();
            }
            TestDirs.delete(work);
        }
        System.out.printf("XioDifferentialTest: %d/%d scripts with identical state maps and sizes, "
                        + "%d/%d with byte-identical bmap -vp, %.1f s%n", SCRIPTS - mismatches.size(), SCRIPTS,
                identicalBmap, SCRIPTS, (System.nanoTime() - t0) / 1e9);
        if (firstBmapDiff != null) {
            java.nio.file.Files.writeString(Path.of(System.getProperty("jxfs.target.dir", "target"),
                    "xio-first-bmap-diff.txt"), firstBmapDiff);
        }
        assertThat(mismatches).as("state map or size differs from the kernel").isEmpty();
        // Physical placement matched the kernel for all 20 scripts when this was written (busy extents walked in
        // the kernel's rbtree order). The kernel's own placement can shift with log timing (fsx/README.md), so a
        // floor guards against regressions without making the test depend on that timing.
        assertThat(identicalBmap).as("scripts whose bmap -vp equals the kernel's; first difference in "
                + "target/xio-first-bmap-diff.txt").isGreaterThanOrEqualTo(MIN_IDENTICAL_BMAP);
    }
}
