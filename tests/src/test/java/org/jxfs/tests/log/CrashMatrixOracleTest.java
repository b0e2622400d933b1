// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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

/**
 * kill -9 matrix: a child JVM ({@link CrashChild}) runs random fsync'd operations and is stopped at every named crash
 * point (after a log flush, half-way through the in-place writes, half-way through a record) and by SIGKILL at
 * random moments. Each image is recovered by the kernel (copy A) and by jxfs (copy B): xfs_repair -n passes, every
 * operation whose fsync returned is there, the one in flight is either whole or absent (or at the one intermediate
 * state the operation commits on the way: a created file still empty, an unlinked file truncated), and nothing else
 * exists. The default run covers each crash point and a few kills; {@code -Pstress} runs 200.
 */
@RequiresKernel
class CrashMatrixOracleTest {
    static final String EMPTY = JxfsTree.digestOf(new byte[0]);
    Path dir;

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    @Test
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
        for (int run = 0; run < points.size(); run++) {
            runOnce(run, points.get(run), rnd.nextLong(), 300 + rnd.nextInt(2500));
        }
    }

    private void runOnce(int run, String point, long seed, int killAfterMillis) throws Exception {
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
            // SIGKILL a random time after the child is set up and running operations
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (p.isAlive() && !Files.readString(outFile).contains("READY") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (!p.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("child of run " + run).isTrue();
        String label = "run " + run + " (" + point + ", exit " + p.exitValue() + ")";
        if (!point.equals("kill")) {
            assertThat(p.exitValue()).as(label + ": " + Files.readString(dir.resolve("run" + run + ".err")))
                    .isIn(CrashPoints.EXIT_STATUS, 0);
        }
        List<String> lines = Files.readAllLines(outFile);
        Expect expect = Expect.parse(lines);
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

    /** What the child's output promises: the state after its last returned fsync and the operation in flight. */
    record Expect(boolean ready, Map<String, String> done, String kind, String path, String before, String after) {
        static Expect parse(List<String> lines) {
            Map<String, String> done = new HashMap<>();
            boolean ready = false;
            String[] pending = null;
            String before = null;
            for (String l : lines) {
                String[] w = l.split(" ");
                if (w[0].equals("READY")) {
                    ready = true;
                } else if (w[0].equals("OP")) {
                    pending = w;
                    before = done.get(w[3]);
                } else if (w[0].equals("DONE") && pending != null) {
                    switch (pending[2]) {
                        case "create", "truncate" -> done.put(pending[3], pending[4]);
                        case "unlink" -> done.remove(pending[3]);
                        default -> {
                        }
                    }
                    pending = null;
                }
            }
            return pending == null ? new Expect(ready, done, null, null, null, null)
                    : new Expect(ready, done, pending[2], pending[3], before, pending[4]);
        }

        void check(String label, TreeMap<String, String> tree) {
            if (!ready) {
                return;
            }
            TreeMap<String, String> files = new TreeMap<>();
            tree.forEach((k, v) -> {
                if (!v.equals("dir")) {
                    files.put(k, v);
                }
            });
            for (int d = 0; d < CrashChild.DIRS; d++) {
                assertThat(tree).as(label).containsEntry("/c" + d, "dir");
            }
            for (Map.Entry<String, String> e : done.entrySet()) {
                if (!e.getKey().equals(path)) {
                    assertThat(files.get(e.getKey())).as(label + ": " + e.getKey()).isEqualTo(e.getValue());
                }
            }
            for (String f : files.keySet()) {
                if (!f.equals(path)) {
                    assertThat(done).as(label + ": unexpected " + f).containsKey(f);
                }
            }
            if (path != null && !path.equals("-")) {
                String now = files.get(path);
                List<String> allowed = new ArrayList<>();
                allowed.add(before);
                allowed.add(after.equals("-") ? null : after);
                if (kind.equals("create") || kind.equals("unlink")) {
                    allowed.add(EMPTY);
                }
                assertThat(allowed).as(label + ": " + kind + " " + path + " left " + now).contains(now);
            }
            assertThat(tree.keySet().stream().filter(k -> tree.get(k).equals("dir"))).as(label)
                    .allMatch(k -> k.matches("/c[0-9]+"));
        }
    }

}
