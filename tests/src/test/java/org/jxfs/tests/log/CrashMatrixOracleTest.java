// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jxfs.core.log.CrashPoints;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.fs.Xfs;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kill -9 matrix: a child JVM ({@link CrashChild}) runs random fsync'd operations and is stopped at every named crash
 * point (after a log flush, half-way through the in-place writes, half-way through a record) and by SIGKILL at
 * random moments. Each image is recovered by the kernel (copy A) and by jxfs (copy B): xfs_repair -n passes, every
 * operation whose fsync returned is there, the one in flight is either whole or absent (or at the one intermediate
 * state the operation commits on the way: a created file still empty, an unlinked file truncated), and nothing else
 * exists ({@link Expected}). A run at a crash point must halt there. The default run covers each crash point and
 * three kills; {@code -Pstress} runs 200 (about 50 kills, the rest at random occurrences of the three points).
 */
@RequiresKernel
class CrashMatrixOracleTest {
    Path dir;

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.HOURS)
    void everyCrashRecoversToTheFsyncedOperations() throws Exception {
        dir = TestDirs.unique("crash-matrix");
        List<String> points = new ArrayList<>(List.of("after-log-flush:3", "after-log-flush:40", "mid-inplace:1",
                "mid-inplace:2", "mid-record:5", "mid-record:60", "kill", "kill", "kill"));
        if (Boolean.getBoolean("jxfs.stress")) {
            Random r = new Random(200);
            while (points.size() < 200) {
                switch (r.nextInt(4)) {
                    case 0 -> points.add("after-log-flush:" + (1 + r.nextInt(200)));
                    case 1 -> points.add("mid-inplace:" + (1 + r.nextInt(4)));
                    case 2 -> points.add("mid-record:" + (1 + r.nextInt(150)));
                    default -> points.add("kill");
                }
            }
        }
        Random rnd = new Random(482);
        long started = System.nanoTime();
        for (int run = 0; run < points.size(); run++) {
            runOnce(run, points.get(run), rnd.nextLong(), 300 + rnd.nextInt(2500));
        }
        System.out.printf("CrashMatrixOracleTest: %d child JVMs (%d killed, the others halted at a crash point) "
                + "recovered by the kernel and by jxfs, xfs_repair -n clean; %d s%n", points.size(),
                points.stream().filter("kill"::equals).count(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private void runOnce(int run, String point, long seed, int killDraw) throws Exception {
        Path img = dir.resolve("run" + run + ".img");
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).quiet(true).force(true).build());
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) {
                cmd.add(a);
            }
        }
        if (!point.equals("kill")) {
            cmd.add("-D" + CrashPoints.PROPERTY + "=" + point);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                img.toString(), Long.toString(seed), point.equals("kill") ? "2000" : "300"));
        Path outFile = dir.resolve("run" + run + ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile())
                .redirectError(dir.resolve("run" + run + ".err").toFile()).start();
        if (point.equals("kill")) {
            // SIGKILL at a random moment while the child runs operations: once it has started operation
            // killDraw / 2 (150-1,399 of its 2,000), then a further killDraw % 20 ms. A kill timed
            // from READY alone let a fast child finish all its operations first.
            String started = "OP " + killDraw / 2 + " ";
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (p.isAlive() && !Files.readString(outFile).contains(started) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (!p.waitFor(killDraw % 20, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("child of run " + run).isTrue();
        String label = "run " + run + " (" + point + ", exit " + p.exitValue() + ")";
        if (!point.equals("kill")) {
            // a child that finished without reaching its crash point would be a clean unmount, not a crash
            assertThat(p.exitValue()).as(label + " halted at its crash point: "
                    + Files.readString(dir.resolve("run" + run + ".err"))).isEqualTo(CrashPoints.EXIT_STATUS);
        }
        List<String> lines = Files.readAllLines(outFile);
        Expected expect = Expected.parse(lines);
        System.out.println(label + ": " + (lines.isEmpty() ? "no output" : lines.get(lines.size() - 1)));
        if (point.equals("kill")) {
            assertThat(lines).as(label + " was killed while running operations").contains("READY")
                    .doesNotContain("CLOSED");
        }
        Path copyB = dir.resolve("run" + run + "-b.img");
        Files.copy(img, copyB);
        try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"))) {
            expect.check(label + " kernel", KernelLogRecoveryOracleTest.kernelTree(m.mountDir()));
        }
        XfsRepair.assertClean(img);
        try (Xfs fs = Xfs.open(copyB)) {
            assertThat(FsCheck.run(fs.mount())).as(label).isEmpty();
            expect.check(label + " jxfs", JxfsTree.read(fs));
        }
        XfsRepair.assertClean(copyB);
        Files.delete(img);
        Files.delete(copyB);
    }
}
