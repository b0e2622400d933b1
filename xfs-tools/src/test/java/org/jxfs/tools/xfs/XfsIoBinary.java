// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.xfs;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real xfs_io, for the tests that compare jxfs io with it: found on PATH or in /usr/sbin, /sbin. Missing, the
 * test is skipped, or fails under CI=true (the tests module's Oracles harness rule, for a module below it).
 */
final class XfsIoBinary {
    private XfsIoBinary() {
    }

    static Path require() {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "xfs_io")).filter(Files::isExecutable).findFirst()
                .or(() -> Stream.of(Path.of("/usr/sbin/xfs_io"), Path.of("/sbin/xfs_io"))
                        .filter(Files::isExecutable).findFirst());
        if (found.isEmpty()) {
            String why = "oracle unavailable: xfs_io is not installed";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why + " (CI=true makes this a failure)");
            }
            Assumptions.abort(why + " (skipped; set CI=true to make this a failure)");
        }
        return found.get();
    }
}
