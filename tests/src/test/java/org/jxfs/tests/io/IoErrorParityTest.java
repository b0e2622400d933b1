// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.ProcessRunner;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tools.io.IoGeometry;
import org.jxfs.tools.io.IoShell;

/**
 * Bad invocations and the interpreter's quirks, against xfs_io 6.1 on a kernel mount: the same commands run once
 * through xfs_io on a/f and once through jxfs's interpreter on b/f (whose operations are the kernel's, see
 * {@link KernelFile}). stdout, stderr, the exit code and the resulting file sizes must be identical.
 * (xfs_io commands jxfs lacks, such as pwrite, are left out: there jxfs answers as xfs_io does for a command it
 * does not have, which IoShellTest pins.)
 */
@RequiresKernel
class IoErrorParityTest {
    static Path dir;
    static LoopMount mount;
    static int row;
    static IoGeometry GEO;

    static Stream<Arguments> invocations() {
        return Stream.of(
                c("falloc -1 2", "falloc 1x 2", "falloc 0 0", "falloc -z 0 4k", "falloc 0", "falloc 0 1 2"),
                c("falloc -k", "falloc 0 1 -k", "falloc -- 0 4k", "falloc 0x1000 010", "falloc 1b 1s"),
                c("falloc 8e 1", "falloc 4e 4e", "falloc 0 1g", "falloc 0 9223372036854775807"),
                c("bmap -z", "bmap -n", "bmap -n -1", "bmap -c", "bmap -d", "stat -x", "stat -v -r", "stat 1 2"),
                c("truncate -1", "truncate", "truncate 1 2", "truncate 5k", "t 7k", "truncate 0x"),
                c("fpunch 0 -4", "fpunch 0", "fpunch 0 4k", "fpunch -k 0 4k", "fpunch 1t 1"),
                c("fzero -z 0 4k", "fzero 0 1 2", "fzero -k 0 8e", "fzero 0 4k", "fzero -k 60k 16k", "fzero"),
                c("open nonexist", "open -z g", "open a b", "help open x", "help q", "help t",
                        "help bmap", "help falloc", "help fpunch", "help fzero", "help stat", "help truncate"),
                c("foo", "help nosuch", "falloc - 4k", "  falloc   0   4k  "),
                c("falloc 0 4k", "quit 1", "falloc 0 1m"),
                c("open -f g", "falloc 0 12k", "truncate 20k", "fpunch 0 4k", "help", "falloc -k 1m 4k"),
                Arguments.of(List.of("-r"), List.of("falloc 0 4k", "truncate 0", "fpunch 0 4k", "fzero 0 4k"),
                        null),
                Arguments.of(List.of(), List.of(), "falloc 0 4k\nfoo\nbmap -z\nopen -f g\ntruncate 3k\nstat -x\n"
                        + "quit\nfalloc 0 8k\n"),
                Arguments.of(List.of(), List.of(), "truncate 6k\n\n   \nfalloc\ttab 1\ntruncate 12k"));
    }

    private static Arguments c(String... cmds) {
        return Arguments.of(List.of(), List.of(cmds), null);
    }

    @BeforeAll
    static void mountAnImage() {
        dir = TestDirs.unique("io-error-parity");
        Path img = dir.resolve("img");
        MkfsXfs.formatMinimal(img, 64L << 20);
        GEO = SnapshotFile.geometry(img);
        mount = LoopMount.mount(img, dir.resolve("mnt"));
    }

    @AfterAll
    static void cleanUp() {
        if (mount != null) {
            mount.close();
        }
        TestDirs.delete(dir);
    }

    @ParameterizedTest
    @MethodSource("invocations")
    void sameMessagesAndEffects(List<String> opts, List<String> cmds, String script) throws IOException {
        Path a = Files.createDirectories(mount.path("r" + row + "/a"));
        Path b = Files.createDirectories(mount.path("r" + row++ + "/b"));
        for (Path d : List.of(a, b)) {
            ProcessRunner.of("xfs_io", "-f", "-c", "falloc 0 64k", "f").inDirectory(d).run().requireSuccess();
        }
        List<String> cmd = new ArrayList<>(List.of("xfs_io"));
        cmd.addAll(opts);
        for (String c : cmds) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add("f");
        ProcessRunner runner = ProcessRunner.of(cmd).inDirectory(a);
        ProcessResult k = (script == null ? runner : runner.withStdin(script)).run();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        IoShell sh = new IoShell(new KernelTarget(b, GEO),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        boolean readOnly = opts.contains("-r");
        assertThat(sh.openInitial("f", false, readOnly)).isTrue();
        int rc = script == null ? sh.runCommands(cmds)
                : sh.runScript(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));

        String jout = out.toString(StandardCharsets.UTF_8);
        String kout = k.stdout();
        if (cmds.contains("help")) {
            // jxfs lists only the commands it has: compare with xfs_io's list filtered to them
            kout = keepSupportedHelpLines(kout, jout);
        }
        assertThat(jout).as("stdout of %s", cmds).isEqualTo(kout);
        assertThat(err.toString(StandardCharsets.UTF_8)).as("stderr of %s", cmds).isEqualTo(k.stderr());
        assertThat(rc).as("exit code of %s", cmds).isEqualTo(k.exitCode());
        for (String name : List.of("f", "g")) {
            if (Files.exists(a.resolve(name)) || Files.exists(b.resolve(name))) {
                assertThat(Files.size(b.resolve(name))).as("size of %s after %s", name, cmds)
                        .isEqualTo(Files.size(a.resolve(name)));
            }
        }
    }

    /** xfs_io's help lines for the commands jxfs's own help lists (by name), and every other line. */
    private static String keepSupportedHelpLines(String text, String ourHelp) {
        StringBuilder sb = new StringBuilder();
        List<String> ours = new java.util.ArrayList<>();
        for (String line : ourHelp.split("\n")) {
            if (line.contains(" -- ") && !line.startsWith(" ")) {
                ours.add(line.substring(0, line.indexOf(' ') + 1));
            }
        }
        for (String line : text.split("\n", -1)) {
            boolean isCommandLine = line.contains(" -- ") && !line.startsWith(" ");
            if (!isCommandLine || ours.stream().anyMatch(line::startsWith)) {
                sb.append(line).append('\n');
            }
        }
        return sb.substring(0, sb.length() - 1);
    }

}
