// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Random;
import org.jxfs.core.log.Xlog;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A minimum-size log (jxfs's 64 MiB image) wraps ten times under file churn, with the tail following the in-place
 * writes, then a last stretch is only logged and the run stops without an unmount record. The kernel (copy A) and
 * jxfs (copy B) recover the model's files; both pass xfs_repair -n with the same counters.
 */
@RequiresKernel
class LogWrapOracleTest {
    static final int WRAPS = 10;
    Path dir;

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    @Test
    void minimumLogWrapsTenTimesThenBothRecover() throws Exception {
        dir = TestDirs.unique("log-wrap");
        Path img = dir.resolve("a.img");
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).quiet(true).force(true).build());
        LogWorkload w = new LogWorkload(10);
        Random rnd = new Random(10);
        long wrapsSeen;
        try (Xfs fs = Xfs.open(img)) {
            Xlog log = fs.mount().log();
            long startCycle = log.cycle();
            for (int d = 0; d < 4; d++) {
                fs.mkdir("/w" + d, 0755);
                w.model.put("/w" + d, null);
            }
            ArrayDeque<String> live = new ArrayDeque<>();
            int n = 0;
            // each step's fsync forces a checkpoint: the CIL would otherwise log a step's items once per thousands
            while (log.cycle() < startCycle + WRAPS) {
                churn(fs, w, live, rnd, n++, true);
            }
            wrapsSeen = log.cycle() - startCycle;
            // the last stretch must fit in the log with nothing written in place: start it from an empty log
            fs.mount().sync();
            fs.mount().suppressInPlaceWrites();
            for (int i = 0; i < 100; i++) {
                churn(fs, w, live, rnd, n++, false);
            }
        }
        assertThat(wrapsSeen).isGreaterThanOrEqualTo(WRAPS);
        Path copyB = dir.resolve("b.img");
        Files.copy(img, copyB);
        KernelReplayOracleTest.assertKernelRecovers(img, w.model);
        XfsRepair.assertClean(img);
        try (Xfs fs = Xfs.open(copyB)) {
            assertThat(FsCheck.run(fs.mount())).isEmpty();
            assertThat(JxfsTree.read(fs)).isEqualTo(JxfsTree.comparable(w.model));
        }
        XfsRepair.assertClean(copyB);
        KernelReplayOracleTest.assertSameCounters(img, copyB);
    }

    /** One step: a new one-block file (fsync'd if asked), and the oldest file removed once 200 are live. */
    private static void churn(Xfs fs, LogWorkload w, ArrayDeque<String> live, Random rnd, int n, boolean fsync)
            throws Exception {
        String p = "/w" + (n % 4) + "/f" + n;
        w.write(fs, p, 0, 1 + rnd.nextInt(2));
        if (fsync) {
            try (XfsFile f = fs.openFile(p, false, false, true)) {
                f.fsync();
            }
        }
        live.add(p);
        if (live.size() > 200) {
            String old = live.poll();
            try (XfsFile f = fs.openFile(old, false, false, true)) {
                f.truncate(0);
            }
            fs.unlink(old);
            w.model.remove(old);
        }
    }
}
