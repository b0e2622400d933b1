// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.dax;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import org.jxfs.tests.foundation.JxfsCli;
import org.jxfs.tests.oracle.TestDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code jxfs dax-race} as a user runs it: what it prints per mode, its exit status, and the image it leaves. */
class DaxRaceCommandTest {
    static final Pattern EXPLORED = Pattern.compile(
            "^(legacy|mmap-lock|fixed) +2 write faults: (\\d+) interleavings explored, (\\d+) losing; read \\+ 2 write "
                    + "faults: (\\d+) interleavings explored \\(at most 1 preemptions\\), (\\d+) losing",
            Pattern.MULTILINE);
    static final Pattern STRESS = Pattern.compile(
            "^(legacy|mmap-lock|fixed) +3 threads x 32 pages x 1 rounds: (\\d+) stores done, (\\d+) lost; (\\d+) "
                    + "faults, \\d+ faults/s$", Pattern.MULTILINE);

    Path dir;

    @BeforeEach
    void mkdir() {
        dir = TestDirs.unique("dax-race-cmd");
    }

    @AfterEach
    void cleanUp() {
        TestDirs.delete(dir);
    }

    @Test
    void everyModeExploredAndStressedOnTheGivenImage() throws Exception {
        Path img = dir.resolve("r.img");
        JxfsCli.Result r = JxfsCli.run("dax-race", "--threads", "3", "--pages", "32", "--rounds", "1",
                "--preemptions", "1", img.toString());
        System.out.println(r.stdout());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        Matcher m = EXPLORED.matcher(r.stdout());
        List<String> modes = new java.util.ArrayList<>();
        while (m.find()) {
            modes.add(m.group(1));
            long losing = Long.parseLong(m.group(3)) + Long.parseLong(m.group(5));
            if (m.group(1).equals("legacy")) {
                assertThat(losing).as("legacy loses stores").isPositive();
            } else {
                assertThat(losing).as(m.group(1) + " loses nothing").isZero();
            }
        }
        assertThat(modes).containsExactly("legacy", "mmap-lock", "fixed");
        assertThat(r.stdout()).contains("losing interleaving").contains("ZERO").contains("CONVERT")
                .contains("reads back 0x0");
        Matcher s = STRESS.matcher(r.stdout());
        modes.clear();
        while (s.find()) {
            modes.add(s.group(1));
            assertThat(Long.parseLong(s.group(2))).isEqualTo(3 * 32);
            assertThat(Long.parseLong(s.group(4))).as("faults").isPositive();
            if (!s.group(1).equals("legacy")) {
                assertThat(Long.parseLong(s.group(3))).as(s.group(1) + " stores lost").isZero();
            }
        }
        assertThat(modes).containsExactly("legacy", "mmap-lock", "fixed");
        assertThat(r.stdout()).endsWith("image unmounted cleanly\n");
        try (Mount mp = Mount.open(img, true)) {
            assertThat(FsCheck.run(mp)).isEmpty();
        }
    }

    @Test
    void oneModeAndBadArguments() {
        JxfsCli.Result r = JxfsCli.run("dax-race", "--mode", "fixed", "--no-explore", "--pages", "8", "--rounds",
                "1", dir.resolve("f.img").toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).doesNotContain("legacy").contains("fixed     4 threads x 8 pages x 1 rounds: 32 "
                + "stores done, 0 lost");
        JxfsCli.Result bad = JxfsCli.run("dax-race", "--mode", "nope");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("unknown mode 'nope'");
    }
}
