// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.fsx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.jxfs.tools.JxfsMain;
import org.jxfs.tools.replay.FsxLogCheck;
import org.jxfs.tools.replay.FsxOp;
import org.jxfs.tools.replay.FsxOpLog;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fsx op logs the kernel recorded ({@code ../shared/fsx/set-N}, or the directory in {@code -Djxfs.fsx.sets})
 * replayed by {@code jxfs replay} on a fresh image made as the sets' README says: the run matches fsx's model at
 * every read, ends with the size and sha256 the kernel's recording run left (meta.txt's {@code size} and
 * {@code sha256}: the bytes follow from the recording run's op numbers, skip lines counted, which
 * {@code sha256_replay} does not), the kernel reads the same bytes from the image, and {@code xfs_repair -n} exits 0.
 * A set whose log runs an op jxfs does not replay (a two-file op: clone, dedupe, copy or exchange range) fails,
 * naming the op.
 */
@RequiresKernel
class FsxSetReplayTest {
    /** The sets: a copy of ../shared/fsx in the test resources (README.md there), or -Djxfs.fsx.sets. */
    static final Path SETS = Path.of(System.getProperty("jxfs.fsx.sets", "src/test/resources/fsx"));
    static final List<String> MKFS_OPTIONS = List.of("-m", "crc=1,finobt=0,reflink=0,rmapbt=0,bigtime=0,inobtcount=0",
            "-i", "sparse=0");
    static final long IMAGE_SIZE = 1L << 30;

    static Stream<Path> sets() throws IOException {
        try (Stream<Path> s = Files.list(SETS)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("ops.fsxops"))).sorted().toList().stream();
        }
    }

    static Map<String, String> meta(Path set) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(set.resolve("meta.txt"))) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                m.put(line.substring(0, colon), line.substring(colon + 2).trim());
            }
        }
        return m;
    }

    @ParameterizedTest
    @MethodSource("sets")
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void replaysToTheKernelsBytes(Path set) throws Exception {
        Map<String, String> meta = meta(set);
        List<FsxOp> ops = FsxOpLog.read(set.resolve("ops.fsxops"));
        Optional<FsxOp> unsupported = FsxLogCheck.firstNotReplayed(ops);
        assertThat(unsupported).as(() -> set.getFileName() + ": op " + unsupported.get().number() + " is "
                + unsupported.get().describe() + ", which jxfs replay does not replay").isEmpty();

        Path dir = TestDirs.unique("fsx-" + set.getFileName());
        try {
            Path img = dir.resolve("img");
            MkfsXfs.format(img, IMAGE_SIZE, MKFS_OPTIONS);
            List<String> args = new java.util.ArrayList<>(List.of("replay", "--fsxops",
                    set.resolve("ops.fsxops").toString(), "-S", meta.get("seed"), "-l", meta.get("maxfilelen")));
            if (!"none".equals(meta.get("filldata"))) {
                args.addAll(List.of("-g", meta.get("filldata")));
            }
            args.addAll(List.of(img.toString(), meta.get("file_path_in_fs")));
            String[] out = new String[2];
            int rc = captured(out, () -> JxfsMain.run(args.toArray(String[]::new)));
            // SLF4J announces its provider on stderr the first time a JVM logs; anything else is the replay's
            assertThat(out[1].lines().filter(l -> !l.startsWith("SLF4J(")).toList()).as("stderr of jxfs replay")
                    .isEmpty();
            assertThat(rc).isZero();
            assertThat(out[0]).endsWith("size " + meta.get("size") + "\nsha256 " + meta.get("sha256") + "\n");

            assertThat(XfsRepair.check(img).clean()).as("xfs_repair -n").isTrue();
            try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"), "ro")) {
                byte[] all = Files.readAllBytes(m.path(meta.get("file_path_in_fs").substring(1)));
                assertThat((long) all.length).isEqualTo(Long.parseLong(meta.get("size")));
                assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all)))
                        .as("sha256 of the file as the kernel reads it").isEqualTo(meta.get("sha256"));
            }
        } finally {
            TestDirs.delete(dir);
        }
    }

    /** Runs {@code body} with System.out and System.err captured into {@code out[0]} and {@code out[1]}. */
    private static int captured(String[] out, java.util.function.IntSupplier body) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            return body.getAsInt();
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
            out[0] = o.toString(StandardCharsets.UTF_8);
            out[1] = e.toString(StandardCharsets.UTF_8);
        }
    }
}
