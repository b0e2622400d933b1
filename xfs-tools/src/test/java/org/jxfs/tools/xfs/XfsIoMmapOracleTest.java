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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real xfs_io as the oracle for the mmap commands: it runs a script on a plain file under target/ (a page-cache
 * mapping), jxfs io runs it on a DAX file in a fresh image (the only files jxfs maps), and the outputs must be the
 * same once the timing lines are masked and every address is replaced by a label, the same for equal addresses
 * (ASLR moves the real ones). Without xfs_io the test is skipped, unless CI=true, where it fails.
 */
class XfsIoMmapOracleTest {
    private static final String[] SCRIPT = {
        "pwrite -S 0x41 0 5000", "mmap -r 0 8192", "mmap 4096 4096", "mmap", "mmap 0", "mmap 7", "mmap -q",
        "mread -v 4090 20", "mread -f 4090 20", "mread -r -v 4090 20", "mread -v 0 1", "mread -v 0 4097",
        "mread -r -v 4990 17", "mread -f -r 4096 4096", "mmap 1", "mwrite -S 0x61 4100 3", "mwrite -r 4110 2",
        "mread -v 4096 20", "mread -v 4090 10", "mread -v 8000 300", "mread -v 4096 9000", "msync 4097 10",
        "msync 8192 10", "msync -as", "msync -s", "msync -i 4096 4096", "msync -a", "mread 1 2 3", "mread -q",
        "msync -q", "mwrite -q", "mwrite -S zz 4096 1", "mwrite 1", "mmap 0 1x", "mmap x 4k", "mmap 1 4k",
        "mmap 0 0", "mmap -s 64k 4096 4096", "mmap", "mm 1", "munmap", "munmap", "mread -v 8190 2", "munmap",
        "munmap", "mmap", "mread", "mw", "ms", "mmap 0 8k", "mmap -x 0 4k", "mmap -w 0 4k", "mmap -rw 0 4k",
        "mmap", "mread -v 0 4", "mread 4k 4k", "mw 0 8", "mread -v 0 8", "pread -v 4096 16", "pread -v 0 8",
        "help mmap", "help mread", "help mwrite", "help msync", "help munmap",
    };

    private static Path xfsIo;

    @BeforeAll
    static void findXfsIo() {
        xfsIo = XfsIoBinary.require();
    }

    /** xfs_io -f -c ... data, run in {@code dir} so that the file's name is "data" as in the jxfs run. */
    private static ImageIo.Result xfsIo(Path dir, String... commands) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(xfsIo.toString(), "-f"));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add("data");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("LC_ALL", "C");
        Path out = dir.resolve("xfs_io.out");
        Path err = dir.resolve("xfs_io.err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("xfs_io did not finish in 60 s: " + cmd);
        }
        return new ImageIo.Result(Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), p.exitValue());
    }

    private final List<Path> made = new ArrayList<>();

    private Path newDir(String prefix) throws Exception {
        Path d = Files.createTempDirectory(Files.createDirectories(Path.of("target", "xfs-io-oracle")), prefix)
                .toAbsolutePath();
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

    private static final Pattern ADDR = Pattern.compile("0x[0-9a-f]{9,}");

    /**
     * Timing lines masked; each address replaced by a label in order of first appearance, so that equal addresses
     * (one mapping's end, the next one's start) stay equal and ASLR and the process's other mappings drop out.
     */
    static String normalized(String out) {
        Matcher m = ADDR.matcher(ImageIo.untimed(out));
        StringBuilder sb = new StringBuilder();
        java.util.Map<String, String> labels = new java.util.HashMap<>();
        while (m.find()) {
            m.appendReplacement(sb, labels.computeIfAbsent(m.group(), a -> "ADDR" + labels.size()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A jxfs image with an empty DAX file "data" (chattr +x), ready for the script. */
    private Path daxImage() throws Exception {
        Path img = ImageIo.mkfs(newDir("jxfs"), 32);
        assertThat(ImageIo.run(img, "data", true, false, "chattr +x").err()).isEmpty();
        return img;
    }

    @Test
    void mmapScriptOnADaxFileMatchesXfsIoOnAPlainFile() throws Exception {
        ImageIo.Result k = xfsIo(newDir("xfs_io"), SCRIPT);
        Path img = daxImage();
        ImageIo.Result j = ImageIo.run(img, "data", false, false, SCRIPT);
        if (System.getenv("MMAP_ORACLE_DUMP") != null) {     // a directory to leave both outputs in, for diff(1)
            Files.writeString(Path.of(System.getenv("MMAP_ORACLE_DUMP"), "jxfs.out"), normalized(j.out()));
            Files.writeString(Path.of(System.getenv("MMAP_ORACLE_DUMP"), "xfs_io.out"), normalized(k.out()));
        }
        assertThat(normalized(j.out())).isEqualTo(normalized(k.out()));
        assertThat(j.err()).isEqualTo(k.err());
        assertThat(j.rc()).isEqualTo(k.rc());
        assertThat(k.out()).contains("00000000:  41 41 41 41 61 61 61 41 41 41 41 41 41 41 58 58  AAAAaaaAAAAAAAXX\n")
                .contains("00001000:  41 41 41 41 61 61 61 41");
        assertThat(ImageIo.check(img)).isEmpty();
    }

    /** mremap: in place when it can, moved with -m, refused otherwise; then the moved mapping still reads. */
    @Test
    void mremapScriptMatchesXfsIo() throws Exception {
        String[] script = {"pwrite -S 0x41 0 12k", "mmap 0 4k", "mmap 4k 4k", "mmap 0", "mremap 8k", "mremap -m 8k",
            "mmap", "mread -v 4090 12", "mremap 4k", "mremap 5000", "mmap", "mremap 0", "mremap x", "mremap 1 2",
            "mremap -q 1", "mremap", "mremap -m 3", "mmap", "mread -v 0 3", "mremap -f 0x10001 4k", "mm 1",
            "mremap -m 12k", "mread -v 12280 8", "mmap", "help mremap"};
        ImageIo.Result k = xfsIo(newDir("xfs_io"), script);
        Path img = daxImage();
        ImageIo.Result j = ImageIo.run(img, "data", false, false, script);
        assertThat(normalized(j.out())).isEqualTo(normalized(k.out()));
        assertThat(j.err()).isEqualTo(k.err());
        assertThat(j.rc()).isEqualTo(k.rc());
        assertThat(k.err()).contains("mremap: Cannot allocate memory\n");
    }

    /**
     * A touch of a page wholly past EOF kills xfs_io with SIGBUS, a store to a mapping without PROT_WRITE with
     * SIGSEGV: the exit status is 128 + the signal, and no later command runs. (xfs_io's buffered standard output is
     * lost with the process, so only jxfs's is checked: everything before the fault, then the signal's name.)
     */
    @Test
    void faultsEndTheRunWithTheSignalsStatus() throws Exception {
        String[][] scripts = {
            {"pwrite 0 100", "mmap 0 8192", "mread 0 4096", "mread 0 4097", "pwrite 0 1"},
            {"pwrite 0 100", "mmap 0 8192", "mwrite -r 0 8192", "pwrite 0 1"},
            {"pwrite 0 100", "mmap -r 0 4096", "mread 0 4096", "mwrite 0 1", "pwrite 0 1"},
            {"pwrite 0 4096", "mmap -x 0 4096", "mread 0 4096", "mwrite -r 4095 1", "pwrite 0 1"},
        };
        int[] signals = {7, 7, 11, 11};
        for (int i = 0; i < scripts.length; i++) {
            ImageIo.Result k = xfsIo(newDir("xfs_io"), scripts[i]);
            Path img = daxImage();
            ImageIo.Result j = ImageIo.run(img, "data", false, false, scripts[i]);
            assertThat(k.rc()).as("xfs_io %s", List.of(scripts[i])).isEqualTo(128 + signals[i]);
            assertThat(j.rc()).as("jxfs %s", List.of(scripts[i])).isEqualTo(128 + signals[i]);
            assertThat(j.err()).isEqualTo(signals[i] == 7 ? "Bus error\n" : "Segmentation fault\n");
            assertThat(j.out()).doesNotContain("wrote 1/1");
            assertThat(ImageIo.check(img)).isEmpty();
        }
    }
}
