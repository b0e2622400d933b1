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
import java.util.Set;
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
 * The fsx op logs the kernel recorded, replayed by {@code jxfs replay} on a fresh image made as the sets' README
 * says: the run matches fsx's model at every read, ends with the size and sha256 the kernel's recording run left
 * (meta.txt's {@code size} and {@code sha256}: the bytes follow from the recording run's op numbers, skip lines
 * counted, which {@code sha256_replay} does not), the kernel reads the same bytes from the image, and
 * {@code xfs_repair -n} exits 0. A set whose log runs an op jxfs does not replay fails, naming the op.
 * <p>
 * Two collections: {@code fsx/} (a copy of ../shared/fsx, three 20,000-op logs, or the directory in
 * {@code -Djxfs.fsx.sets}), all replayed in every build; and {@code fsx100k/} (ten 100,000-op logs with every fsx
 * operation on, gzip-compressed; README.md there), of which {@link #FRESH_IN_VERIFY} run in every build and all ten
 * under {@code -Pstress}.
 */
@RequiresKernel
class FsxSetReplayTest {
    /** The sets: a copy of ../shared/fsx in the test resources (README.md there), or -Djxfs.fsx.sets. */
    static final Path SETS = Path.of(System.getProperty("jxfs.fsx.sets", "src/test/resources/fsx"));
    /** The ten 100,000-op sets recorded with every operation on (README.md there). */
    static final Path FRESH_SETS = Path.of("src/test/resources/fsx100k");
    /**
     * The 100,000-op sets every build replays (each takes a minute or more of CPU here): the one whose file is
     * closed and reopened (caches dropped) about every thousand ops.
     */
    static final Set<String> FRESH_IN_VERIFY = Set.of("set-06");
    static final List<String> MKFS_OPTIONS = List.of("-m", "crc=1,finobt=0,reflink=0,rmapbt=0,bigtime=0,inobtcount=0",
            "-i", "sparse=0");
    static final long IMAGE_SIZE = 1L << 30;

    static Stream<Path> sets() throws IOException {
        boolean stress = Boolean.getBoolean("jxfs.stress");
        List<Path> all = new java.util.ArrayList<>(list(SETS));
        for (Path p : list(FRESH_SETS)) {
            if (stress || FRESH_IN_VERIFY.contains(p.getFileName().toString())) {
                all.add(p);
            }
        }
        return all.stream();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> opsFile(p) != null).sorted().toList();
        }
    }

    /** A set's log: {@code ops.fsxops}, or compressed {@code ops.fsxops.gz}; null when it has neither. */
    static Path opsFile(Path set) {
        for (String name : List.of("ops.fsxops", "ops.fsxops.gz")) {
            if (Files.isRegularFile(set.resolve(name))) {
                return set.resolve(name);
            }
        }
        return null;
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
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void replaysToTheKernelsBytes(Path set) throws Exception {
        Map<String, String> meta = meta(set);
        Path opsFile = opsFile(set);
        List<FsxOp> ops = FsxOpLog.read(opsFile);
        Optional<FsxOp> unsupported = FsxLogCheck.firstNotReplayed(ops);
        assertThat(unsupported).as(() -> set.getFileName() + ": op " + unsupported.get().number() + " is "
                + unsupported.get().describe() + ", which jxfs replay does not replay").isEmpty();

        Path dir = TestDirs.unique("fsx-" + set.getParent().getFileName() + "-" + set.getFileName());
        try {
            Path img = dir.resolve("img");
            MkfsXfs.format(img, IMAGE_SIZE, MKFS_OPTIONS);
            List<String> args = new java.util.ArrayList<>(List.of("replay", "--fsxops",
                    opsFile.toString(), "-S", meta.get("seed"), "-l", meta.get("maxfilelen")));
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
