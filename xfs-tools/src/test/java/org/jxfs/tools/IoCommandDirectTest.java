// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;

/** {@code jxfs io -d}: the command line's O_DIRECT reaches the file, as xfs_io -d. */
class IoCommandDirectTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = JxfsMain.run(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                Integer.toString(rc)};
    }

    @Test
    void dashDOpensODirectAndPwriteWorks() throws Exception {
        Path img = dir.resolve("d.img");
        Mkfs.format(img, MkfsOptions.builder().dataSize(32L << 20).force(true).build());
        String[] r = run("io", "-f", "-d", "-c", "pwrite -q 0 8k", "-c", "stat", "-c", "print", img.toString(),
                "/data");
        assertThat(r[1]).isEmpty();
        assertThat(r[2]).isEqualTo("0");
        assertThat(r[0]).contains("fd.flags = non-sync,direct,read-write\n", "stat.size = 8192\n")
                .endsWith("[000] /data          (xfs,non-sync,direct,read-write)\n");

        String[] b = run("io", "-d", "-c", "pwrite 1 4k", "-c", "pread -q 0 4k", img.toString(), "/data");
        assertThat(b[1]).isEqualTo("pwrite: Invalid argument\n");
        assertThat(b[2]).isEqualTo("1");
    }
}
