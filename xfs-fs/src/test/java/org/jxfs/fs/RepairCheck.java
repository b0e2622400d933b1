// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * xfs_repair -n (xfsprogs) on an image jxfs wrote and unmounted: it must exit 0. Skipped where xfs_repair is not
 * installed, failing under CI=true.
 */
final class RepairCheck {
    private static final Path XFS_REPAIR = Path.of("/usr/sbin/xfs_repair");

    private RepairCheck() {
    }

    /** Runs {@code xfs_repair -n -f image} and asserts it found nothing. */
    static void assertClean(Path image) throws Exception {
        if (!Files.isExecutable(XFS_REPAIR)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("xfs_repair missing on CI");
            }
            Assumptions.assumeTrue(false, "no " + XFS_REPAIR + ": repair step skipped");
        }
        Process p = new ProcessBuilder(XFS_REPAIR.toString(), "-n", "-f", image.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("xfs_repair -n %s:%n%s", image, out).isZero();
    }
}
