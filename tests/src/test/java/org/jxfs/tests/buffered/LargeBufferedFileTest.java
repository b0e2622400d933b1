// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.buffered;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.ProcessRunner;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.jxfs.tools.JxfsMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Buffered writes at the limits, judged by the kernel and xfs_repair: a file sixteen times the heap ({@code jxfs io}
 * in a JVM with a 256 MiB heap writes 4 GiB through buffered {@code pwrite}, each GiB with its own byte, which only
 * works if the page cache writes back and drops what it holds; the kernel reads every byte back), and a file that
 * fills the image (ENOSPC comes at write time; every byte written before it reaches the disk).
 */
@RequiresKernel
class LargeBufferedFileTest {
    static final long GIB = 1L << 30;
    static final int GIBS = 4;

    /** The command line of a JVM running the jxfs tools as ./jxfs runs them (JxfsMain, chronicle's flags). */
    static List<String> jxfsJava(String heap) {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports",
                "java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "-Ddisable.perf.info=true", "-Dchronicle.analytics.disable=true", "-cp",
                System.getProperty("java.class.path"), "org.jxfs.tools.JxfsMain"));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void writingPastTheFreeSpaceFailsAtWriteTimeAndLosesNothing() throws Exception {
        Path dir = TestDirs.unique("enospc-buffered");
        try {
            Path img = dir.resolve("small.img");
            assertThat(JxfsMain.run("mkfs", "-q", "-d", "size=64m", img.toString())).isZero();
            // 100 MiB into a 64 MiB image, 1 MiB per write call: the writes that fit succeed, then ENOSPC
            List<String> cmd = jxfsJava("-Xmx256m");
            cmd.addAll(List.of("io", "-f", "-c", "pwrite -q -b 1m -S 0x77 0 100m", "-c", "stat", img.toString(),
                    "/fill"));
            ProcessResult r = ProcessRunner.of(cmd).withTimeout(Duration.ofMinutes(3)).run();
            assertThat(r.stderr()).contains("pwrite: No space left on device");
            long size = Long.parseLong(r.stdout().lines().filter(l -> l.startsWith("stat.size = ")).findFirst()
                    .orElseThrow().substring("stat.size = ".length()).trim());
            assertThat(size).isGreaterThan(40L << 20).isLessThan(64L << 20);
            assertThat(XfsRepair.check(img).clean()).isTrue();
            try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"), "ro")) {
                byte[] all = Files.readAllBytes(m.path("fill"));
                assertThat(all.length).isEqualTo(size);
                for (int i = 0; i < all.length; i++) {
                    if (all[i] != 0x77) {
                        throw new AssertionError("byte " + i + " of " + size + " is " + all[i]);
                    }
                }
            }
        } finally {
            TestDirs.delete(dir);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void fourGibThroughA256MibHeapReadsBackThroughTheKernel() throws Exception {
        Path dir = TestDirs.unique("large-buffered");
        try {
            Path img = dir.resolve("big.img");
            assertThat(JxfsMain.run("mkfs", "-q", "-d", "size=6g", img.toString())).isZero();
            List<String> cmd = jxfsJava("-Xmx256m");
            cmd.addAll(List.of("io", "-f"));
            for (int g = 0; g < GIBS; g++) {
                cmd.add("-c");
                cmd.add("pwrite -q -b 1m -S 0x" + Integer.toHexString(0x41 + g) + " " + g * GIB + " " + GIB);
            }
            cmd.add(img.toString());
            cmd.add("/big");
            ProcessResult r = ProcessRunner.of(cmd).withTimeout(Duration.ofMinutes(8)).run();
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stderr()).doesNotContain("OutOfMemoryError");
            assertThat(XfsRepair.check(img).clean()).isTrue();
            try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"), "ro")) {
                Path f = m.path("big");
                assertThat(Files.size(f)).isEqualTo(GIBS * GIB);
                try (InputStream in = Files.newInputStream(f)) {
                    byte[] buf = new byte[1 << 20];
                    for (int g = 0; g < GIBS; g++) {
                        byte want = (byte) (0x41 + g);
                        for (long done = 0; done < GIB; ) {
                            int n = in.readNBytes(buf, 0, buf.length);
                            assertThat(n).isEqualTo(buf.length);
                            for (int i = 0; i < n; i++) {
                                if (buf[i] != want) {
                                    throw new AssertionError("byte " + (g * GIB + done + i) + " is "
                                            + buf[i] + ", not " + want);
                                }
                            }
                            done += n;
                        }
                    }
                }
            }
        } finally {
            TestDirs.delete(dir);
        }
    }
}
