// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
 * The file commands of xfs_io 6.1 that shift, map and seek (fcollapse, finsert, falloc -c/-i/-u, funshare, fiemap,
 * seek, sync, syncfs, file, stat, bmap -e) and the open options (-a -s -n -t -R -x -m -L), run by the kernel's xfs_io on a loop mount (DAX-less) and by jxfs io
 * on copies of one fresh image, each script with the file opened O_DIRECT and opened without (buffered: the page
 * cache, delayed allocation and writeback on both sides): the same output bytes (standard output then standard error), size
 * and per-block state map, and a clean xfs_repair -n of the jxfs image.
 */
@RequiresKernel
class XioFileCommandsParityTest {
    static Path dir;
    static Path fresh;

    @BeforeAll
    static void freshImage() {
        dir = TestDirs.unique("xio-file-cmds");
        fresh = dir.resolve("fresh.img");
        assertThat(JxfsMain.run("mkfs", "-q", "-d", "size=128m", fresh.toString())).isZero();
    }

    @AfterAll
    static void cleanUp() {
        TestDirs.delete(dir);
    }

    /** Scripts that write no data. */
    static List<Arguments> spaceScripts() {
        return List.of(
                Arguments.of("collapse merges split halves, insert splits",
                        List.of("falloc 0 1m", "finsert 64k 64k", "fiemap -v", "fcollapse 64k 64k", "fiemap -v",
                                "finsert 0 8k", "finsert 1m 4k", "fiemap", "bmap -vp")),
                Arguments.of("collapse and insert refusals",
                        List.of("falloc 0 256k", "falloc -k 256k 64k", "fcollapse 1 4096", "fcollapse 0 4097",
                                "fcollapse 128k 128k", "fcollapse 200k 100k", "fcollapse 1m 4k", "fcollapse 0 0",
                                "finsert 100 4096", "finsert 256k 4k", "finsert 300k 4k",
                                "finsert 4096 9223372036854771712", "fcollapse -1 4096", "finsert 0 x",
                                "fcollapse 0", "finsert 0 4096 8192", "fiemap -v", "stat")),
                Arguments.of("collapse keeps post-EOF preallocation in the shift, then truncates it",
                        List.of("falloc 0 128k", "falloc -k 128k 128k", "fpunch 16k 16k", "fcollapse 0 16k",
                                "fiemap -v", "bmap -vp")),
                Arguments.of("falloc -c -i -u and funshare",
                        List.of("falloc -u 0 64k", "falloc -u -k 64k 64k", "falloc -c 4k 4k", "falloc -i 8k 12k",
                                "funshare 256k 4k", "funshare -x 0 4096", "funshare 0", "falloc -c 0 64k",
                                "fiemap -v")),
                Arguments.of("more than 12 extents: shifts through the bmbt",
                        fragmented()),
                Arguments.of("fiemap options, ranges, batches past 32 extents and -n carried over",
                        fiemapScript()),
                Arguments.of("seek in holes, unwritten extents and at EOF",
                        List.of("seek -d 0", "truncate 64k", "seek -a 0", "seek -h -s 100", "falloc 16k 16k",
                                "falloc -k 64k 64k", "seek -a -r 0", "seek -d -r -s 0", "seek -h 70000",
                                "seek -a 65536", "seek 0", "seek -d", "seek -d -x 0", "seek -d 0 1", "seek -r -s 0",
                                "seek -d x")),
                Arguments.of("sync, syncfs, file, stat",
                        List.of("falloc 0 64k", "sync", "syncfs", "file", "file 0", "file 1", "f", "stat",
                                "sync 1", "syncfs 1")));
    }

    /** Scripts that write data with pwrite: through the page cache when buffered (delalloc, writeback). */
    static List<Arguments> dataScripts() {
        return List.of(
                Arguments.of("written and unwritten around collapse and insert",
                        List.of("falloc 0 1m", "pwrite -q 64k 64k", "pwrite -q 512k 8k", "fpunch 256k 64k",
                                "fiemap -v", "fcollapse 0 64k", "finsert 128k 64k", "fiemap -l", "bmap -vpe",
                                "seek -a -r 0", "seek -d -s 4096", "fcollapse 60k 8k", "fiemap -v 100000 300000",
                                "pread -q 0 64k")),
                Arguments.of("open -a -s -n -t -R -x -m -L, and the file table and stat showing them",
                        List.of("pwrite -q 0 8k", "open -a -s -d f", "pwrite -q 0 4k", "file", "stat",
                                "open -n -t f", "file", "stat", "open -R f", "open -x -r f", "file", "open -t g",
                                "open -t -r f", "f 0", "pwrite -q 0 4k", "bmap -vp", "open -m 0644 -f h",
                                "open -m 0777 -c h2", "open -m x h3", "open -L f", "file", "open -L -d f",
                                "open -P -L f", "stat")),
                Arguments.of("open -T -r is refused and ends the script",
                        List.of("open -T -r f", "stat")),
                Arguments.of("open -P with other options is refused and ends the script",
                        List.of("open -P -d f", "stat")),
                Arguments.of("seek between written extents",
                        List.of("pwrite -q 0 4k", "pwrite -q 64k 4k", "falloc -k 1m 64k", "pwrite -q 1m 4k",
                                "seek -a -r -s 0", "seek -h 1m", "seek -d 5000", "fcollapse 4k 60k",
                                "seek -a -r 0", "fiemap")));
    }

    static List<String> fragmented() {
        List<String> cmds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            cmds.add("falloc " + (i * 8192L) + " 4096");
        }
        cmds.add("finsert 4096 4096");
        cmds.add("fcollapse 8192 4096");
        cmds.add("fcollapse 0 8192");
        cmds.add("finsert 100k 12k");
        for (int i = 0; i < 10; i++) {
            cmds.add("fcollapse 4096 4096");
        }
        cmds.add("fiemap -v");
        cmds.add("stat");
        return cmds;
    }

    static List<String> fiemapScript() {
        List<String> cmds = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            cmds.add("falloc " + (i * 8192L) + " 4096");
        }
        cmds.add("fiemap");
        cmds.add("fiemap -l 20000");
        cmds.add("fiemap -v 8192 100000");
        cmds.add("fiemap 4096 4096");
        cmds.add("fiemap 0 0");
        cmds.add("fiemap -a");
        cmds.add("fiemap -x");
        cmds.add("fiemap z");
        cmds.add("fiemap 0 z");
        cmds.add("fiemap -n 3 -v");
        cmds.add("fiemap");
        cmds.add("fiemap -n 0");
        cmds.add("fiemap -n 40 -l 1000000");
        cmds.add("fiemap -n -1 2000000");
        cmds.add("truncate 1m");
        cmds.add("fiemap -v 300000");
        return cmds;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Arguments a : spaceScripts()) {
            out.add(Arguments.of(a.get()[0] + " (O_DIRECT)", a.get()[1], true));
            out.add(Arguments.of(a.get()[0] + " (buffered)", a.get()[1], false));
        }
        for (Arguments a : dataScripts()) {
            out.add(Arguments.of(a.get()[0] + " (O_DIRECT)", a.get()[1], true));
            out.add(Arguments.of(a.get()[0] + " (buffered)", a.get()[1], false));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAsTheKernel(String name, List<String> commands, boolean direct) throws Exception {
        Path work = Files.createDirectories(dir.resolve(name.replaceAll("[^A-Za-z]+", "-")));
        XioScript script = new XioScript(0, commands);
        KernelXioRun k = KernelXioRun.run(fresh, work, "f", script, 4096, direct);
        JxfsXioRun j = JxfsXioRun.run(fresh, work, "f", script, 4096, direct);
        assertThat(j.output()).isEqualTo(k.output());
        assertThat(j.size()).isEqualTo(k.size());
        assertThat(j.stateMap()).as("kernel bmap:\n%s\njxfs bmap:\n%s", k.bmap(), j.bmap()).isEqualTo(k.stateMap());
        assertThat(JxfsXioRun.bmapBody(j.bmap())).isEqualTo(JxfsXioRun.bmapBody(k.bmap()));
        XfsRepair.assertClean(j.image());
    }
}
