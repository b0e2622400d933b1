// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@code jxfs io}'s own options, through JxfsMain. */
class IoCommandTest {
    /** -r mounts the image read-only: nothing is written to it, whatever the commands try. */
    @Test
    void readOnlyOpensTheImageReadOnlyAndWritesNothing() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "io-command-tests"));
        Path img = dir.resolve("ro.img");
        Files.deleteIfExists(img);
        assertThat(JxfsMain.run("mkfs", "-q", "-d", "size=64m", img.toString())).isZero();
        assertThat(JxfsMain.run("io", "-f", "-c", "falloc 0 64k", img.toString(), "/f")).isZero();
        String before = sha256(img);
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            JxfsMain.run("io", "-r", "-c", "bmap", "-c", "falloc 0 4k", "-c", "truncate 0", "-c", "open -f /g",
                    img.toString(), "/f");
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("/f:\n\t0: [0..127]: 128..255\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "fallocate: Bad file descriptor\nftruncate: Invalid argument\n/g: Read-only file system\n");
        assertThat(sha256(img)).as("image bytes after io -r").isEqualTo(before);
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
