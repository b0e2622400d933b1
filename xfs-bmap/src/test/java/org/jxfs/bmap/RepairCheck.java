// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** xfs_repair -n on a closed image must exit 0; skipped without xfsprogs, failing under CI=true. */
final class RepairCheck {
    private RepairCheck() {
    }

    /** Runs {@code xfs_repair -n -f image}; returns its output. */
    static String assertClean(Path image) throws Exception {
        Path repair = Path.of("/usr/sbin/xfs_repair");
        if (!Files.isExecutable(repair)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("xfs_repair missing on CI");
            }
            Assumptions.assumeTrue(false, "no /usr/sbin/xfs_repair: repair step skipped");
        }
        Process p = new ProcessBuilder(repair.toString(), "-n", "-f", image.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("xfs_repair -n:%n%s", out).isZero();
        return out;
    }
}
