// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jxfs.core.dev.WriteRecorder;
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
 * Flush-point replay, as fstests generic/455 and generic/482 do it with dm-log-writes: a run of {@link CrashChild}'s
 * fsync'd operations is recorded under the device ({@link WriteRecorder}); the image is then rebuilt as it stood
 * after each flush, and each such image must recover in jxfs (FsCheck clean) and hold every operation whose fsync
 * had returned by that flush, those in flight whole, absent or at their one intermediate state, and nothing else
 * ({@link Expected}). Every {@link #KERNEL_EVERY}-th flush point is also mounted by the kernel (its own
 * recovery) and checked the same way; the kernel takes a second or more per image, which bounds how many fit a
 * build. {@code -Pstress} records {@value #STRESS_OPS} operations, only every {@value #STRESS_SYNC_EVERY}th fsync'd,
 * and lets the kernel check every {@value #STRESS_KERNEL_EVERY}th point ({@code -Djxfs.flushreplay.kernelEvery=1}
 * for all of them).
 */
@RequiresKernel
class FlushPointReplayOracleTest {
    static final int OPS = 120;
    static final int STRESS_OPS = 10_000;
    static final int KERNEL_EVERY = 40;
    /** Under -Pstress only every 20th operation is fsync'd, the others may or may not have reached the disk. */
    static final int STRESS_SYNC_EVERY = 20;
    static final int STRESS_KERNEL_EVERY = 5;
    Path dir;

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    /** One line of the run's output with the number of flushes recorded when it was written. */
    record Line(String text, long flushes) {
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.MINUTES)
    void everyFlushPointRecoversWithEveryReturnedFsync() throws Exception {
        boolean stress = Boolean.getBoolean("jxfs.stress");
        int ops = Integer.getInteger("jxfs.flushreplay.ops", stress ? STRESS_OPS : OPS);
        int kernelEvery = Integer.getInteger("jxfs.flushreplay.kernelEvery", stress ? STRESS_KERNEL_EVERY : KERNEL_EVERY);
        int syncEvery = Integer.getInteger("jxfs.flushreplay.syncEvery", stress ? STRESS_SYNC_EVERY : 1);
        dir = TestDirs.unique("flush-replay");
        Path img = dir.resolve("run.img");
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).quiet(true).force(true).build());
        Path base = dir.resolve("base.img");
        Path recording = dir.resolve("run.writes");
        List<Line> lines = new ArrayList<>();
        long totalFlushes;
        long writes;
        try (Xfs fs = Xfs.open(img); WriteRecorder rec = WriteRecorder.create(recording)) {
            fs.mount().sync();
            Files.copy(img, base);
            fs.mount().device().setRecorder(rec);
            CrashChild.run(fs, 455, ops, syncEvery, l -> lines.add(new Line(l, rec.flushes())));
            fs.mount().device().setRecorder(null);
            totalFlushes = rec.flushes();
            writes = rec.writes();
        }
        assertThat(totalFlushes).as("flushes recorded").isGreaterThan(ops / syncEvery / 2);

        Path replay = dir.resolve("replay.img");
        Files.copy(base, replay);
        int kernelChecked = 0;
        int withPending = 0;
        try (WriteRecorder.Replayer r = new WriteRecorder.Replayer(recording, replay)) {
            for (long k = 1; k <= totalFlushes; k++) {
                assertThat(r.toFlush(k)).isTrue();
                Expected expect = Expected.parse(visibleAt(lines, k));
                if (!expect.pending().isEmpty()) {
                    withPending++;
                }
                String label = "flush point " + k + " of " + totalFlushes;
                Path copyB = dir.resolve("b.img");
                copy(replay, copyB);
                try (Xfs fs = Xfs.open(copyB)) {
                    assertThat(FsCheck.run(fs.mount())).as(label).isEmpty();
                    expect.check(label + " jxfs", JxfsTree.read(fs));
                }
                boolean kernel = k % kernelEvery == 0 || k == totalFlushes;
                if (kernel) {
                    XfsRepair.assertClean(copyB);
                    Path copyA = dir.resolve("a.img");
                    copy(replay, copyA);
                    try (LoopMount m = LoopMount.mount(copyA, dir.resolve("mnt"))) {
                        expect.check(label + " kernel", KernelLogRecoveryOracleTest.kernelTree(m.mountDir()));
                    }
                    XfsRepair.assertClean(copyA);
                    kernelChecked++;
                }
            }
        }
        System.out.printf("FlushPointReplayOracleTest: %d operations (every %d fsync'd), %d writes, %d flush points all recovered "
                + "by jxfs (%d with operations in flight), %d also by the kernel%n", ops, syncEvery, writes, totalFlushes,
                withPending, kernelChecked);
        assertThat(withPending).as("flush points inside an operation").isPositive();
    }

    /**
     * What a flush point must hold, from the run's lines that had been written by then: {@code durable}, the tree
     * after the last operation whose fsync returned (a DONE line covers every operation before it), and the
     * operations started after it ({@code pending}, each {@code [kind, path, digest after]}), which may have reached
     * the disk in part: each file they touch may be at any state along them, including a create's or an unlink's
     * intermediate empty file, and every other file must be as it was.
     */
    record Expected(boolean ready, Map<String, String> durable, List<String[]> pending) {
        static Expected parse(List<String> lines) {
            boolean ready = false;
            Map<String, String> cur = new HashMap<>();
            Map<String, String> durable = new HashMap<>();
            List<String[]> pending = new ArrayList<>();
            for (String l : lines) {
                String[] w = l.split(" ");
                switch (w[0]) {
                    case "READY" -> ready = true;
                    case "OP" -> {
                        pending.add(new String[] {w[2], w[3], w[4]});
                        switch (w[2]) {
                            case "create", "truncate" -> cur.put(w[3], w[4]);
                            case "unlink" -> cur.remove(w[3]);
                            default -> {
                            }
                        }
                    }
                    case "DONE" -> {
                        durable = new HashMap<>(cur);
                        pending.clear();
                    }
                    default -> {
                    }
                }
            }
            return new Expected(ready, durable, pending);
        }

        void check(String label, TreeMap<String, String> tree) {
            if (!ready) {
                return;
            }
            Map<String, List<String>> allowed = new HashMap<>();
            for (String[] op : pending) {
                if (op[1].equals("-")) {
                    continue;
                }
                List<String> states = allowed.computeIfAbsent(op[1], p -> {
                    List<String> l = new ArrayList<>();
                    l.add(durable.get(p));
                    return l;
                });
                if (!op[0].equals("truncate")) {
                    states.add(CrashMatrixOracleTest.EMPTY);
                }
                states.add(op[0].equals("unlink") ? null : op[2]);
            }
            for (int d = 0; d < CrashChild.DIRS; d++) {
                assertThat(tree).as(label).containsEntry("/c" + d, "dir");
            }
            Map<String, String> files = new HashMap<>();
            tree.forEach((k, v) -> {
                if (!v.equals("dir")) {
                    files.put(k, v);
                } else {
                    assertThat(k).as(label + ": directory").matches("/c[0-9]+");
                }
            });
            java.util.Set<String> paths = new java.util.HashSet<>(files.keySet());
            paths.addAll(durable.keySet());
            paths.addAll(allowed.keySet());
            for (String p : paths) {
                String now = files.get(p);
                List<String> ok = allowed.get(p);
                if (ok == null) {
                    assertThat(now).as(label + ": " + p).isEqualTo(durable.get(p));
                } else {
                    assertThat(ok).as(label + ": " + p + " left at " + now).contains(now);
                }
            }
        }
    }

    /** A copy through the kernel (copy_file_range/sendfile): the images are copied once per flush point. */
    static void copy(Path from, Path to) throws java.io.IOException {
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(from);
                java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(to,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            long size = in.size();
            for (long done = 0; done < size;) {
                done += in.transferTo(done, size - done, out);
            }
        }
    }

    /** The run's lines written before flush {@code k} completed: what had returned by then. */
    static List<String> visibleAt(List<Line> lines, long k) {
        List<String> out = new ArrayList<>();
        for (Line l : lines) {
            // An OP line is written before its operation's first write; DONE (and READY) after the flush that made
            // what came before durable.
            if (l.text().startsWith("OP") ? l.flushes() < k : l.flushes() <= k) {
                out.add(l.text());
            }
        }
        return out;
    }
}
