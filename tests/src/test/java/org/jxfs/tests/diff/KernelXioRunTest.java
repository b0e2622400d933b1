// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jxfs.tools.JxfsMain;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.Test;

/** The kernel side of the differential harness on a jxfs-made image: scripts run, images stay repairable. */
@RequiresKernel
class KernelXioRunTest {
    @Test
    void seededScriptRunsOnTheKernelOverAJxfsImage() throws Exception {
        Path dir = TestDirs.unique("kxio");
        Path img = dir.resolve("fresh.img");
        assertThat(JxfsMain.run("mkfs", "-q", "-d", "size=128m", img.toString())).isZero();
        XioScript s = XioScript.random(42, 300, 16L << 20, 4096);
        KernelXioRun run = KernelXioRun.run(img, dir, "f", s, 4096);
        // No command writes data, so nothing may be written; falloc'd blocks are unwritten.
        assertThat(run.stateMap().map() + run.stateMap().postEof()).doesNotContain("W");
        assertThat(run.bmap()).contains(dir.resolve("mnt").resolve("f").toString() + ":");
        assertThat(run.output()).isEmpty();
        XfsRepair.assertClean(dir.resolve("kernel.img"));
        TestDirs.delete(dir);
    }
}
