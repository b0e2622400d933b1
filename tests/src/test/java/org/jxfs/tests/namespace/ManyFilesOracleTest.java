// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.fs.DirEntry;
import org.jxfs.fs.Xfs;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 10,000 files in 100 directories made by jxfs, half of them deleted at random; then xfs_repair -n, the kernel
 * (which must list exactly the expected names and then adds its own files), and jxfs again on what the kernel left.
 * Once on a jxfs-made minimal image, once on an mkfs.xfs default image (finobt, sparse, bigtime, inobtcount,
 * reflink).
 */
@RequiresKernel
class ManyFilesOracleTest {
    static final int DIRS = 100;
    static final int FILES_PER_DIR = 100;

    Path dir;

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jxfs-minimal", "mkfs.xfs-default"})
    void tenThousandFilesHalfDeleted(String kind) throws Exception {
        dir = TestDirs.unique("many-files-" + kind);
        Path img = dir.resolve("fs.img");
        if (kind.equals("jxfs-minimal")) {
            Mkfs.format(img, MkfsOptions.builder().dataSize(256L << 20).quiet(true).force(true).build());
        } else {
            MkfsXfs.format(img, 512L << 20);
        }
        TreeSet<String> expect = new TreeSet<>();
        Random rnd = new Random(20151);
        try (Xfs fs = Xfs.open(img)) {
            List<String> files = new ArrayList<>();
            for (int d = 0; d < DIRS; d++) {
                String dn = String.format("/d%03d", d);
                fs.mkdir(dn, 0755);
                expect.add(dn);
                for (int f = 0; f < FILES_PER_DIR; f++) {
                    String fn = String.format("%s/file-%05d", dn, d * FILES_PER_DIR + f);
                    fs.create(fn, 0644);
                    files.add(fn);
                }
            }
            Collections.shuffle(files, rnd);
            for (String fn : files.subList(0, files.size() / 2)) {
                fs.unlink(fn);
            }
            expect.addAll(files.subList(files.size() / 2, files.size()));
            assertThat(FsCheck.run(fs.mount())).isEmpty();
            assertThat(fs.stat("/").nlink).isEqualTo(2 + DIRS);
        }
        XfsRepair.assertClean(img);

        TreeSet<String> kernelMade = new TreeSet<>();
        try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"))) {
            Path root = m.mountDir();
            TreeSet<String> seen = new TreeSet<>();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> !p.equals(root)).forEach(p -> seen.add("/" + root.relativize(p)));
            }
            assertThat(seen).isEqualTo(expect);
            for (int d = 0; d < DIRS; d += 10) {
                for (int k = 0; k < 5; k++) {
                    String fn = String.format("/d%03d/kernel-%d", d, k);
                    Files.writeString(m.path(fn.substring(1)), "k");
                    kernelMade.add(fn);
                }
            }
            Files.createDirectory(m.path("kdir"));
            kernelMade.add("/kdir");
            for (int k = 0; k < 30; k++) {
                Files.createFile(m.path("kdir/empty-" + k));
                kernelMade.add("/kdir/empty-" + k);
            }
        }
        XfsRepair.assertClean(img);
        expect.addAll(kernelMade);

        try (Xfs fs = Xfs.open(img)) {
            assertThat(FsCheck.run(fs.mount())).isEmpty();
            for (String p : kernelMade) {
                assertThat(fs.lookup(p)).as(p).isPositive();
            }
            assertThat(fs.stat("/kdir").mode & Dinode.S_IFMT).isEqualTo(Dinode.S_IFDIR);
            TreeSet<String> listed = new TreeSet<>();
            walk(fs, "", listed);
            assertThat(listed).isEqualTo(expect);
            // jxfs keeps working on the kernel's directories
            fs.create("/kdir/jxfs-after", 0644);
            fs.unlink("/kdir/empty-0");
            for (int k = 1; k < 30; k++) {
                fs.unlink("/kdir/empty-" + k);
            }
            fs.unlink("/kdir/jxfs-after");
            fs.rmdir("/kdir");
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
        XfsRepair.assertClean(img);
    }

    private static void walk(Xfs fs, String path, TreeSet<String> out) throws Exception {
        for (DirEntry e : fs.readdir(path.isEmpty() ? "/" : path)) {
            if (e.name().equals(".") || e.name().equals("..")) {
                continue;
            }
            String p = path + "/" + e.name();
            out.add(p);
            if (e.ftype() == 2) {
                walk(fs, p, out);
            }
        }
    }
}
