// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * ({@link Expected}). Every {@link #KERNEL_EVERY}-th flush point (and the last) is also mounted by the kernel on a
 * copy (its own recovery) and checked the same way, and both copies pass xfs_repair -n; the kernel and the two repairs
 * take about two seconds per image on two idle cores, which bounds how many fit a build. {@code -Pstress} records
 * {@value #STRESS_OPS} operations, only every {@value #STRESS_SYNC_EVERY}th fsync'd (about 2,350 flush points), and
 * checks every flush point in the kernel too (about 80 minutes on two idle cores, about four hours on two cores at a
 * load of 20); {@code -Djxfs.flushreplay.ops}, {@code .syncEvery} and {@code .kernelEvery} override the sizes.
 */
@RequiresKernel
class FlushPointReplayOracleTest {
    static final int OPS = 120;
    static final int STRESS_OPS = 10_000;
    static final int KERNEL_EVERY = 40;
    /** Under -Pstress only every 20th operation is fsync'd, the others may or may not have reached the disk. */
    static final int STRESS_SYNC_EVERY = 20;
    static final int STRESS_KERNEL_EVERY = 1;
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
    @Timeout(value = 5, unit = TimeUnit.HOURS)
    void everyFlushPointRecoversWithEveryReturnedFsync() throws Exception {
        boolean stress = Boolean.getBoolean("jxfs.stress");
        int ops = Integer.getInteger("jxfs.flushreplay.ops", stress ? STRESS_OPS : OPS);
        int kernelEvery = Integer.getInteger("jxfs.flushreplay.kernelEvery", stress ? STRESS_KERNEL_EVERY : KERNEL_EVERY);
        int syncEvery = Integer.getInteger("jxfs.flushreplay.syncEvery", stress ? STRESS_SYNC_EVERY : 1);
        long started = System.nanoTime();
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
                + "by jxfs (%d with operations in flight), %d also by the kernel, both copies xfs_repair -n clean; %d s%n", ops,
                syncEvery, writes, totalFlushes, withPending, kernelChecked,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        assertThat(withPending).as("flush points inside an operation").isPositive();
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
