// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.LogHead;
import org.jxfs.core.mount.Mount;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.ProcessRunner;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tools.JxfsMain;
import org.junit.jupiter.api.Test;

/**
 * xfs_logprint and jxfs read the same log: where it is (daddr, length in BB), which record is the last one before
 * the head (its cycle and block, i.e. its LSN) and that it is an unmount record. On a fresh jxfs image and on one
 * the kernel has mounted, written and unmounted (the head moved on).
 */
@RequiresKernel
class LogprintTest {
    private static final Pattern LOCATION = Pattern.compile("daddr: (\\d+) length: (\\d+)");
    private static final Pattern RECORD = Pattern.compile("^cycle: (\\d+)\\s+version: \\d+\\s+lsn: (\\d+),(\\d+)",
            Pattern.MULTILINE);

    @Test
    void freshAndKernelWrittenLogsReadTheSame() throws Exception {
        Path dir = TestDirs.unique("logprint");
        Path img = dir.resolve("a.img");
        assertThat(JxfsMain.run("mkfs", "-q", "-d", "size=64m", img.toString())).isZero();
        compare(img, 0);
        KernelRoundTrip.manyFiles(img, dir.resolve("mnt"), 60, 8192);
        compare(img, -1);
        TestDirs.delete(dir);
    }

    /** {@code expectLastRec} is the last record's block, or -1 when only "somewhere past the start" is known. */
    private static void compare(Path img, long expectLastRec) throws Exception {
        ProcessResult lp = ProcessRunner.run("xfs_logprint", img.toString());
        String out = lp.stdout();
        Matcher loc = LOCATION.matcher(out);
        assertThat(loc.find()).as(out).isTrue();
        Matcher rec = RECORD.matcher(out);
        long cycle = -1;
        long block = -1;
        while (rec.find()) {
            cycle = Long.parseLong(rec.group(1));
            block = Long.parseLong(rec.group(3));
        }
        assertThat(out).contains("logical end of log");
        String tail = out.substring(out.lastIndexOf("cycle: "));
        assertThat(tail).contains("flags: UNMOUNT");
        try (Mount mp = Mount.open(img, true)) {
            Geometry g = mp.geometry();
            LogHead head = mp.logHead();
            assertThat(Long.parseLong(loc.group(1))).isEqualTo(g.logDaddr());
            assertThat(Long.parseLong(loc.group(2))).isEqualTo(g.logBb());
            assertThat(head.clean()).isTrue();
            assertThat(head.lastRecBlk()).isEqualTo(block);
            assertThat(head.cycle()).isEqualTo(cycle);
            if (expectLastRec >= 0) {
                assertThat(block).isEqualTo(expectLastRec);
            } else {
                assertThat(block).isGreaterThan(0);
            }
        }
    }
}
