// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.fs.Xfs;
import org.jxfs.tests.foundation.JxfsCli;
import org.jxfs.tests.oracle.Dmesg;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.ProcessRunner;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsDb;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Log-only mode against the kernel: jxfs runs a mixed script with every in-place metadata write suppressed and stops
 * without an unmount record, so the image holds mkfs's metadata, the file data and jxfs's log. {@code xfs_logprint
 * -t} must parse the log and {@code jxfs logprint} must count the same transactions and BUF, INO and ICR items. Copy A: the 6.18 kernel must recover it ("Starting recovery" / "Ending recovery", no CRC or
 * corruption message) to exactly the model's files, and xfs_repair -n must pass afterwards. Copy B: jxfs recovers
 * it on open to the same files, xfs_repair -n passes, and every AGF/AGI counter and the superblock's summary
 * counters equal copy A's.
 */
@RequiresKernel
class KernelReplayOracleTest {
    Path dir;

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    @Test
    void kernelReplaysALogOnlyRun() throws Exception {
        dir = TestDirs.unique("log-kernel-replay");
        Path img = dir.resolve("fs.img");
        Mkfs.format(img, MkfsOptions.builder().dataSize(128L << 20).quiet(true).force(true).build());
        LogWorkload w = new LogWorkload(15);
        try (Xfs fs = Xfs.open(img)) {
            fs.mount().suppressInPlaceWrites();
            w.run(fs);
        }
        ProcessResult lp = ProcessRunner.run("xfs_logprint", "-t", img.toString());
        assertThat(lp.exitCode()).as(lp.stdout() + lp.stderr()).isZero();
        assertThat(lp.stdout()).contains("ICR").contains("BUF").contains("INO");
        JxfsCli.Result jlp = JxfsCli.run("logprint", img.toString());
        assertThat(jlp.exitCode()).as(jlp.describe()).isZero();
        for (String item : List.of("TRANS", "BUF", "INO", "ICR")) {
            assertThat(count(jlp.stdout(), item)).as(item + " items").isEqualTo(count(lp.stdout(), item))
                    .isPositive();
        }
        Path copyB = dir.resolve("b.img");
        Files.copy(img, copyB);
        assertKernelRecovers(img, w.model);
        XfsRepair.assertClean(img);

        try (Xfs fs = Xfs.open(copyB)) {
            assertThat(FsCheck.run(fs.mount())).isEmpty();
            assertThat(JxfsTree.read(fs)).isEqualTo(JxfsTree.comparable(w.model));
        }
        XfsRepair.assertClean(copyB);
        assertSameCounters(img, copyB);
    }

    /** Lines of {@code xfs_logprint -t} (or jxfs logprint) output that start an item of {@code kind}. */
    static long count(String out, String kind) {
        return out.lines().filter(l -> l.startsWith(kind + ":")).count();
    }

    /** The AG headers' counters and the superblock's summary counters of two images, as xfs_db prints them. */
    static void assertSameCounters(Path a, Path b) {
        Map<String, String> sbA = XfsDb.printFields(a, "sb 0");
        Map<String, String> sbB = XfsDb.printFields(b, "sb 0");
        int agcount = (int) XfsDb.number(sbA.get("agcount"));
        for (String f : List.of("icount", "ifree", "fdblocks")) {
            assertThat(sbB.get(f)).as("sb " + f).isEqualTo(sbA.get(f));
        }
        for (int ag = 0; ag < agcount; ag++) {
            Map<String, String> agfA = XfsDb.printFields(a, "agf " + ag);
            Map<String, String> agfB = XfsDb.printFields(b, "agf " + ag);
            for (String f : List.of("freeblks", "longest", "flcount", "btreeblks", "bnolevel", "cntlevel")) {
                assertThat(agfB.get(f)).as("agf " + ag + " " + f).isEqualTo(agfA.get(f));
            }
            Map<String, String> agiA = XfsDb.printFields(a, "agi " + ag);
            Map<String, String> agiB = XfsDb.printFields(b, "agi " + ag);
            for (String f : List.of("count", "freecount", "level")) {
                assertThat(agiB.get(f)).as("agi " + ag + " " + f).isEqualTo(agiA.get(f));
            }
        }
    }

    static void assertKernelRecovers(Path img, Map<String, byte[]> model) throws Exception {
        Dmesg.Mark mark = Dmesg.mark();
        try (LoopMount m = LoopMount.mount(img, img.resolveSibling("mnt"))) {
            String log = Dmesg.since(mark);
            assertThat(log).contains("Starting recovery").contains("Ending recovery");
            assertThat(log).doesNotContain("CRC").doesNotContain("orrupt").doesNotContain("Unknown buffer");
            Path root = m.mountDir();
            TreeMap<String, byte[]> seen = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    if (!p.equals(root)) {
                        seen.put("/" + root.relativize(p), Files.isDirectory(p) ? null : Files.readAllBytes(p));
                    }
                }
            }
            assertThat(seen.keySet()).isEqualTo(model.keySet());
            for (Map.Entry<String, byte[]> e : model.entrySet()) {
                if (e.getValue() != null) {
                    assertThat(seen.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
                }
            }
        }
    }
}
