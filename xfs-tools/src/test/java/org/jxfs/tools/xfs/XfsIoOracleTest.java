// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real xfs_io as the oracle: it runs a script on a plain file under target/ (commands that need no XFS:
 * pwrite, pread -v, fsync, fdatasync, option and argument errors, help), jxfs io runs it on a file in a fresh image,
 * and the two outputs must be byte for byte the same once the timing lines, which measure real time, are masked.
 * Without xfs_io the test is skipped, unless CI=true, where it fails.
 */
class XfsIoOracleTest {
    /** Offsets and lengths a multiple of 512, so that jxfs's O_DIRECT file takes them. */
    private static final String[] ALIGNED = {
        "pwrite 0 10k", "pwrite -b 3k -S 0x1234 16k 9k", "pwrite -S 0x41 -b 64k 1m 200k", "pwrite -W 4m 4k",
        "pwrite -w -q 8m 4k", "pwrite -B 64k 32k", "pwrite -B -b 8k 20k 12k", "pwrite -B 10k 10k",
        "pwrite -O -S 0x61 2m 8k", "pwrite -R -Z 5 -b 4k 3m 64k", "pwrite 4k 0", "pwrite -C 5m 4k",
        "pread -v -b 1k 16k 2k", "pread -v 1m 512", "pread 0 100m", "pread -B 2m 16k", "pread -B -b 1k 2m 3584",
        "pread -R -Z 7 1m 64k", "pread -q 0 4k", "pread 100m 4k", "pread -v 3m 4k", "pread -b 1k 0 -- -1",
        "fsync", "fdatasync", "s", "ds", "fsync x",
        "pwrite -S zz 0 4k", "pwrite -Z q -R 0 4k", "pwrite -b x 0 4k", "pwrite x 4k", "pwrite 0 y",
        "pwrite -d 0 4k", "pwrite -s 1 0 4k", "pwrite 0 4k 8k", "pwrite -x 0 4k", "pwrite 0",
        "pread x 4k", "pread -R 0 y", "pread -x 0 4k", "pread 0",
        "help pwrite", "help pread", "help fsync", "help fdatasync", "help chattr", "help lsattr", "help file",
        "help print", "help open", "pread -u -v 8k 512", "pwrite -u -O 12k 512", "pread -v 12k 512",
    };
    /** Anything goes on a DAX file, which jxfs writes without O_DIRECT and without alignment rules. */
    private static final String[] UNALIGNED = {
        "pwrite 0 100", "pwrite -S 0x41 100 20", "pread -v 0 130", "pwrite -b 1000 5000 3333", "pread -v 4990 100",
        "pwrite -B 9000 2000", "pread -v -b 7 8990 30", "pread -B -b 1k -- -1 3k", "pread 0 -- -1",
    };

    private static Path xfsIo;

    @BeforeAll
    static void findXfsIo() {
        xfsIo = XfsIoBinary.require();
    }

    private record Run(String out, String err, int rc) {
    }

    private Run xfsIo(Path file, String... commands) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(xfsIo.toString(), "-f"));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(file.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LC_ALL", "C");
        Path out = file.resolveSibling("xfs_io.out");
        Path err = file.resolveSibling("xfs_io.err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("xfs_io did not finish in 60 s: " + cmd);
        }
        return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                p.exitValue());
    }

    /** The directories a test made under target/xfs-io-oracle, removed after it. */
    private final List<Path> made = new ArrayList<>();

    private Path newDir(String prefix) throws Exception {
        Path d = Files.createTempDirectory(Files.createDirectories(Path.of("target", "xfs-io-oracle")), prefix);
        made.add(d);
        return d;
    }

    @AfterEach
    void removeDirs() throws Exception {
        for (Path d : made) {
            try (Stream<Path> s = Files.walk(d)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void assertSame(Run k, ImageIo.Result j) {
        assertThat(ImageIo.untimed(j.out()).replaceAll("(?m)^(\\d+,\\d+),[0-9:.]+,[^,]+,[^,]+$", "$1,CTIMING"))
                .isEqualTo(ImageIo.untimed(k.out()).replaceAll("(?m)^(\\d+,\\d+),[0-9:.]+,[^,]+,[^,]+$",
                        "$1,CTIMING"));
        assertThat(j.err()).isEqualTo(k.err());
        assertThat(j.rc()).isEqualTo(k.rc());
    }

    @Test
    void alignedScriptOnAnODirectFileMatchesXfsIo() throws Exception {
        Run k = xfsIo(newDir("xfs_io").resolve("data"), ALIGNED);
        Path img = ImageIo.mkfs(newDir("jxfs"), 32);
        ImageIo.Result j = ImageIo.run(img, "data", true, true, ALIGNED);
        assertSame(k, j);
        assertThat(k.out()).contains("00100000:  41 41 41 41").contains("wrote 0/32768 bytes at offset 65536\n");
    }

    @Test
    void unalignedScriptOnADaxFileMatchesXfsIo() throws Exception {
        Run k = xfsIo(newDir("xfs_io").resolve("data"), UNALIGNED);
        Path img = ImageIo.mkfs(newDir("jxfs"), 32);
        assertThat(ImageIo.run(img, "data", true, false, "chattr +x").err()).isEmpty();
        ImageIo.Result j = ImageIo.run(img, "data", false, false, UNALIGNED);
        assertSame(k, j);
        assertThat(k.out()).contains("00000060:  cd cd cd cd 41 41 41 41 41 41 41 41 41 41 41 41  ....AAAAAAAAAAAA\n");
    }
}
