// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.ProcessRunner;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tools.io.IoGeometry;
import org.jxfs.tools.io.IoShell;

/**
 * bmap and stat, byte for byte against xfs_io 6.1 on the kernel: files are shaped with xfs_io on a loop mount,
 * xfs_io lists them, then after umount the same inodes are read with xfs_db (records and core, no bmap code)
 * and jxfs's interpreter lists them from that.
 */
@RequiresKernel
class IoBmapStatParityTest {
    static final List<String> COMMANDS = List.of("bmap", "bmap -v", "bmap -vp", "bmap -l", "bmap -vvp", "bmap -pl",
            "bmap -vl", "bmap -p -v -v", "bmap -n 2", "bmap -v -n 3", "bmap -vp -n 1", "bmap -a", "bmap -va",
            "bmap -e", "bmap 0 10", "stat", "stat -v", "open");

    /** File name -> the xfs_io commands that shape it. */
    static final Map<String, List<String>> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("f", List.of("falloc 0 64k", "pwrite 16k 8k", "fpunch 32k 8k", "falloc -k 1m 100k"));
        SHAPES.put("big", List.of("falloc 0 40m", "pwrite 4m 1m", "fpunch 10m 1m", "pwrite 20m 12k",
                "fzero 30m 64k", "falloc -k 45m 2m"));
        SHAPES.put("w", List.of("pwrite 0 12k", "truncate 100k"));
        SHAPES.put("empty", List.of());
        SHAPES.put("sized", List.of("truncate 1m"));
        List<String> frag = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            frag.add("falloc -k " + (i * 64 + 8) + "k 4k");
        }
        frag.add("pwrite 72k 4k");
        SHAPES.put("frag", frag);
    }

    static Path dir;
    static final Map<String, ProcessResult> KERNEL = new LinkedHashMap<>();
    static final Map<String, SnapshotFile> SNAPSHOTS = new LinkedHashMap<>();

    @BeforeAll
    static void shapeFilesWithTheKernel() throws IOException {
        dir = TestDirs.unique("io-bmap-parity");
        Path img = dir.resolve("img");
        MkfsXfs.formatMinimal(img, 64L << 20);
        Map<String, long[]> ids = new LinkedHashMap<>();
        try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"))) {
            for (Map.Entry<String, List<String>> s : SHAPES.entrySet()) {
                xfsIo(m.mountDir(), s.getKey(), List.of("-f"), s.getValue()).requireSuccess();
            }
            ProcessRunner.run("sync").requireSuccess();
            for (String name : SHAPES.keySet()) {
                KERNEL.put(name, xfsIo(m.mountDir(), name, List.of(), COMMANDS));
                Path p = m.path(name);
                ids.put(name, new long[] {((Number) Files.getAttribute(p, "unix:ino")).longValue(),
                        seconds(Files.getAttribute(p, "unix:lastAccessTime")),
                        seconds(Files.getAttribute(p, "unix:lastModifiedTime")),
                        seconds(Files.getAttribute(p, "unix:ctime"))});
            }
        }
        IoGeometry geo = SnapshotFile.geometry(img);
        for (Map.Entry<String, long[]> e : ids.entrySet()) {
            long[] v = e.getValue();
            SNAPSHOTS.put(e.getKey(), SnapshotFile.read(img, geo, v[0], new long[] {v[1], v[2], v[3]}));
        }
    }

    @AfterAll
    static void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"f", "big", "w", "empty", "sized", "frag"})
    void outputIsByteIdentical(String name) {
        ProcessResult k = KERNEL.get(name);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        IoShell sh = new IoShell(new MapTarget(Map.of(name, SNAPSHOTS.get(name))),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(sh.openInitial(name, false, false)).isTrue();
        int rc = sh.runCommands(COMMANDS);
        assertThat(out.toString(StandardCharsets.UTF_8)).as("stdout for %s", name).isEqualTo(k.stdout());
        assertThat(err.toString(StandardCharsets.UTF_8)).as("stderr for %s", name).isEqualTo(k.stderr());
        assertThat(rc).isEqualTo(k.exitCode());
    }

    @org.junit.jupiter.api.Test
    void theShapesCoverWhatBmapPrints() {
        String big = KERNEL.get("big").stdout();
        assertThat(big).contains(" 010000\n").contains(" FLAG Values:").containsPattern(" 1 \\(\\d+\\.\\.")
                .containsPattern(" 2 \\(\\d+\\.\\.").contains("hole");
        assertThat(KERNEL.get("f").stdout()).contains("fsxattr.xflags = 0x80000002 [prealloc, has-xattr]");
        assertThat(KERNEL.get("empty").stdout()).contains("empty: no extents");
        assertThat(KERNEL.get("sized").stdout()).contains("[0..2047]: hole");
        assertThat(KERNEL.get("frag").stdout()).contains("  19: ");
    }

    static ProcessResult xfsIo(Path cwd, String name, List<String> opts, List<String> cmds) {
        List<String> cmd = new ArrayList<>(List.of("xfs_io"));
        cmd.addAll(opts);
        for (String c : cmds) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(name);
        return ProcessRunner.of(cmd).inDirectory(cwd).run();
    }

    private static long seconds(Object fileTime) {
        return ((FileTime) fileTime).toInstant().getEpochSecond();
    }
}
