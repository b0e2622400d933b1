// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jxfs.core.InvalidArgumentException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against xfsprogs 6.1: for each row, mkfs.xfs -N prints the geometry block, which must equal
 * GeometryReport's byte for byte; then mkfs.xfs formats a sparse image and xfs_db reads the superblock, whose
 * geometry, log placement and root inode must equal the plan's. Rows mkfs.xfs refuses must be refused too.
 */
class MkfsGeometryParityTest {
    private static final String MINIMAL = "-m crc=1,finobt=0,reflink=0,rmapbt=0,bigtime=0,inobtcount=0 -i sparse=0 "
            + "-n ftype=1";
    private static final String MKFS_DEFAULTS_FOR_JXFS = "-m finobt=1,reflink=1,bigtime=1,inobtcount=1 -i sparse=1";
    private static final long K = 1024, M = K * K, G = M * K, T = G * K;
    private static String mkfs;
    private static String xfsDb;

    @BeforeAll
    static void findTools() {
        mkfs = findTool("mkfs.xfs");
        xfsDb = findTool("xfs_db");
        if (mkfs == null || xfsDb == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("mkfs.xfs / xfs_db (xfsprogs 6.1) are not installed, and CI=true requires the parity test");
            }
            Assumptions.assumeTrue(false, "mkfs.xfs / xfs_db not installed: parity test skipped");
        }
    }

    private static String findTool(String name) {
        List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(Arrays.asList(path.split(":")));
        }
        for (String d : dirs) {
            Path p = Paths.get(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /**
     * A row: the image size, the options given to both mkfs.xfs and jxfs, and whether mkfs.xfs's default feature
     * set is used (then no -m is given to mkfs.xfs and jxfs is told the same features).
     */
    static Stream<Arguments> rows() {
        List<Arguments> r = new ArrayList<>();
        long[] sizes = {16 * M, 17 * M, 31 * M, 48 * M, 64 * M, 100 * M, 128 * M, 300 * M, 512 * M, G, 4 * G,
            8 * G + 4 * K, 100 * G, T, 4 * T, 16 * T - M};
        for (long s : sizes) {
            r.add(Arguments.of(s, "", false));
            r.add(Arguments.of(s, "", true));
        }
        for (int bs : new int[] {1024, 2048}) {
            for (long s : new long[] {16 * M, 64 * M, 300 * M, G, 100 * G, 16 * T - M}) {
                r.add(Arguments.of(s, "-b size=" + bs, false));
                r.add(Arguments.of(s, "-b size=" + bs, true));
            }
        }
        for (String isz : new String[] {"-i size=1024", "-i size=2048", "-b size=2048 -i size=1024"}) {
            r.add(Arguments.of(64 * M, isz, false));
            r.add(Arguments.of(G, isz, true));
            r.add(Arguments.of(100 * G, isz, false));
        }
        for (int ag : new int[] {2, 3, 5, 7, 16, 33, 64}) {
            r.add(Arguments.of(G, "-d agcount=" + ag, false));
            r.add(Arguments.of(4 * G, "-d agcount=" + ag, true));
        }
        r.add(Arguments.of(G, "-d agcount=64 -b size=1024", false));
        r.add(Arguments.of(G, "-d agsize=123456k", false));
        r.add(Arguments.of(G, "-d agsize=100m", true));
        r.add(Arguments.of(G, "-d agsize=20m", false));
        r.add(Arguments.of(T, "-d agsize=300g", false));
        r.add(Arguments.of(G, "-d size=500m,agsize=17m", false));
        r.add(Arguments.of(G, "-d size=700m", true));
        r.add(Arguments.of(G, "-d size=12345b", false));
        r.add(Arguments.of(64 * M, "-m finobt=1", false));
        r.add(Arguments.of(64 * M, "-m finobt=1,inobtcount=1", false));
        r.add(Arguments.of(64 * M, "-i sparse=1", false));
        r.add(Arguments.of(64 * M, "-m reflink=1", false));
        r.add(Arguments.of(64 * M, "-m bigtime=1", false));
        r.add(Arguments.of(G, "-l size=10m", false));
        r.add(Arguments.of(G, "-l size=2560b", true));
        r.add(Arguments.of(G, "-l size=64m", false));
        r.add(Arguments.of(100 * G, "-l size=1g", false));
        r.add(Arguments.of(T, "-l size=2000m", true));
        r.add(Arguments.of(17 * M, "-l size=3m", false));
        r.add(Arguments.of(64 * M, "-l size=2m", false));           // below the kernel minimum: both refuse
        r.add(Arguments.of(G, "-l size=1g", false));                // bigger than an AG: both refuse
        r.add(Arguments.of(64 * M, "-d agcount=8", false));         // AGs under 16 MiB: both refuse
        r.add(Arguments.of(64 * M, "-s size=4096", false));
        r.add(Arguments.of(G, "-s size=2048 -b size=2048", true));
        r.add(Arguments.of(64 * M, "-L jxfs-label", false));
        return r.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} bytes {1} mkfsdefaults={2}")
    @MethodSource("rows")
    void matchesMkfsXfs(long size, String opts, boolean mkfsDefaults) throws Exception {
        Path dir = Paths.get("target", "parity");
        Files.createDirectories(dir);
        Path img = Files.createTempFile(dir, "mkfsgeo-", ".img");
        try {
            try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
                f.setLength(size);
            }
            String name = img.toString();
            List<String> mkfsArgs = new ArrayList<>(List.of(mkfs, "-f"));
            if (!mkfsDefaults) {
                mkfsArgs.addAll(split(MINIMAL));
            }
            mkfsArgs.addAll(split(opts));
            List<String> dry = new ArrayList<>(mkfsArgs);
            dry.add("-N");
            dry.add(name);
            Result oracle = run(dry);

            List<String> jxfsArgs = new ArrayList<>(split(mkfsDefaults ? MKFS_DEFAULTS_FOR_JXFS : MINIMAL));
            jxfsArgs.addAll(split(opts));
            jxfsArgs.add(name);
            MkfsPlan plan;
            try {
                MkfsOptionParser.Parsed parsed = MkfsOptionParser.parse(jxfsArgs.toArray(String[]::new));
                plan = MkfsGeometry.compute(parsed.options(), size, parsed.imagePath());
            } catch (InvalidArgumentException e) {
                assertThat(oracle.rc).as("jxfs refused (%s) but mkfs.xfs accepted:%n%s", e.getMessage(), oracle.out)
                        .isNotZero();
                return;
            }
            assertThat(oracle.rc).as("mkfs.xfs refused but jxfs accepted: %s", oracle.err).isZero();
            assertThat(GeometryReport.format(plan)).isEqualTo(oracle.out);

            List<String> real = new ArrayList<>(mkfsArgs);
            real.add("-q");
            real.add(name);
            Result made = run(real);
            assertThat(made.rc).as(made.err).isZero();
            Map<String, Long> sb = readSb(name);
            assertThat(plan.dblocks()).isEqualTo(sb.get("dblocks"));
            assertThat((long) plan.agcount()).isEqualTo(sb.get("agcount"));
            assertThat(plan.agblocks()).isEqualTo(sb.get("agblocks"));
            assertThat((long) plan.agblklog()).isEqualTo(sb.get("agblklog"));
            assertThat(plan.logblocks()).isEqualTo(sb.get("logblocks"));
            assertThat(plan.logstart()).isEqualTo(sb.get("logstart"));
            assertThat((long) plan.inodesize()).isEqualTo(sb.get("inodesize"));
            assertThat(plan.rootino()).isEqualTo(sb.get("rootino"));
            assertThat(plan.rbmino()).isEqualTo(sb.get("rbmino"));
            assertThat(plan.rsumino()).isEqualTo(sb.get("rsumino"));
            assertThat((long) plan.inoalignmt()).isEqualTo(sb.get("inoalignmt"));
            assertThat((long) plan.spinoAlign()).isEqualTo(sb.get("spino_align"));
            assertThat((long) plan.imaxPct()).isEqualTo(sb.get("imax_pct"));
            assertThat((long) plan.dirblklog()).isEqualTo(sb.get("dirblklog"));
            assertThat((long) plan.logsunit()).isEqualTo(sb.get("logsunit"));
            assertThat((long) plan.logsectsize()).isEqualTo(sb.get("logsectsize"));
            assertThat((long) plan.versionnum()).isEqualTo(sb.get("versionnum"));
            assertThat((long) plan.features2()).isEqualTo(sb.get("features2"));
            assertThat((long) plan.featuresRoCompat()).isEqualTo(sb.get("features_ro_compat"));
            assertThat((long) plan.featuresIncompat()).isEqualTo(sb.get("features_incompat"));
        } finally {
            Files.deleteIfExists(img);
        }
    }

    private static final String[] SB_FIELDS = {"dblocks", "agcount", "agblocks", "agblklog", "logblocks", "logstart",
        "inodesize", "rootino", "rbmino", "rsumino", "inoalignmt", "spino_align", "imax_pct", "dirblklog", "logsunit",
        "logsectsize", "versionnum", "features2", "features_ro_compat", "features_incompat"};

    private static Map<String, Long> readSb(String img) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(xfsDb, "-r", "-c", "sb 0", "-c",
                "print " + String.join(" ", SB_FIELDS), img));
        Result r = run(cmd);
        assertThat(r.rc).as(r.err).isZero();
        Map<String, Long> m = new TreeMap<>();
        for (String line : r.out.split("\n")) {
            int eq = line.indexOf(" = ");
            if (eq > 0) {
                String v = line.substring(eq + 3).trim();
                m.put(line.substring(0, eq).trim(), v.startsWith("0x") ? Long.parseLong(v.substring(2), 16)
                        : Long.parseLong(v));
            }
        }
        return m;
    }

    private record Result(int rc, String out, String err) {
    }

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TEST_DIR", "1");
        pb.environment().put("TEST_DEV", "1");
        pb.environment().put("QA_CHECK_FS", "1");
        pb.environment().put("LC_ALL", "C");
        Path err = Files.createTempFile("mkfsgeo", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + cmd);
        }
        String e = Files.readString(err);
        Files.deleteIfExists(err);
        return new Result(p.exitValue(), out, e);
    }

    private static List<String> split(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }
}
