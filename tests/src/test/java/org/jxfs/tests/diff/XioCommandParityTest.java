// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.jxfs.tools.JxfsMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-written scripts, one per command and edge, run by the kernel's xfs_io and by jxfs io on copies of one fresh
 * image: same output, size, per-block state map, and (jxfs) a clean xfs_repair -n.
 */
@RequiresKernel
class XioCommandParityTest {
    static Path dir;
    static Path fresh;

    @BeforeAll
    static void freshImage() {
        dir = TestDirs.unique("xio-parity");
        fresh = dir.resolve("fresh.img");
        assertThat(JxfsMain.run("mkfs", "-q", "-d", "size=128m", fresh.toString())).isZero();
    }

    @AfterAll
    static void cleanUp() {
        TestDirs.delete(dir);
    }

    static List<Arguments> scripts() {
        return List.of(
                Arguments.of("falloc extends the size, falloc -k past EOF keeps it",
                        List.of("falloc 0 64k", "falloc -k 1m 256k", "falloc 100000 5000")),
                Arguments.of("falloc -k only: everything past EOF",
                        List.of("falloc -k 0 1m", "falloc -k 2m 12k")),
                Arguments.of("punch across unwritten boundaries",
                        List.of("falloc 0 1m", "fpunch 4096 8192", "fpunch 60000 100000", "fpunch 0 1",
                                "falloc -k 1m 64k", "fpunch 1000000 200000")),
                Arguments.of("fzero partial blocks, inside and past EOF",
                        List.of("truncate 100000", "fzero 1000 3000", "fzero 5000 10000", "fzero -k 90000 50000",
                                "fzero 200000 1", "fzero -k 300000 4097")),
                Arguments.of("truncate down and up through preallocation",
                        List.of("falloc 0 256k", "falloc -k 256k 256k", "truncate 100000", "truncate 400000",
                                "falloc -k 600k 64k", "truncate 400000", "truncate 0", "falloc -k 0 8k",
                                "truncate 0")),
                Arguments.of("more than 12 extents: the data fork becomes a btree",
                        fragmented(40)),
                Arguments.of("errors: bad offsets and lengths",
                        List.of("falloc -1 4096", "falloc 0 0", "fpunch 0 -5", "fzero 4096 0", "truncate -1",
                                "falloc 9223372036854775000 4096")));
    }

    static List<String> fragmented(int n) {
        List<String> cmds = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            cmds.add("falloc " + (i * 8192L) + " 4096");
        }
        cmds.add("fpunch 16384 40000");
        cmds.add("truncate 200000");
        return cmds;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void sameAsTheKernel(String name, List<String> commands) throws Exception {
        Path work = Files.createDirectories(dir.resolve(name.replaceAll("[^a-z]+", "-")));
        XioScript script = new XioScript(0, commands);
        KernelXioRun k = KernelXioRun.run(fresh, work, "f", script, 4096);
        JxfsXioRun j = JxfsXioRun.run(fresh, work, "f", script, 4096);
        assertThat(j.output()).isEqualTo(k.output());
        assertThat(j.size()).isEqualTo(k.size());
        assertThat(j.stateMap()).as("kernel bmap:\n%s\njxfs bmap:\n%s", k.bmap(), j.bmap()).isEqualTo(k.stateMap());
        XfsRepair.assertClean(j.image());
    }
}
