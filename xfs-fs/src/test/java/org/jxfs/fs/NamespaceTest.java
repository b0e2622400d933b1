// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Directories and files through {@link Xfs} on real jxfs images, minimal and mkfs.xfs-default features. */
class NamespaceTest {
    static Path image(String name, boolean defaults) throws Exception {
        Path dir = Path.of("target", "namespace-tests");
        Files.createDirectories(dir);
        Path img = dir.resolve(name + (defaults ? "-default" : "-minimal") + ".img");
        Files.deleteIfExists(img);
        MkfsOptions.Builder b = MkfsOptions.builder().dataSize(64L << 20).quiet(true).force(true);
        if (defaults) {
            b.mkfsXfsDefaultFeatures();
        }
        Mkfs.format(img, b.build());
        return img;
    }

    static void assertClean(Xfs fs) throws XfsException {
        assertThat(FsCheck.run(fs.mount())).isEmpty();
    }

    static List<String> names(Xfs fs, String path) throws XfsException {
        List<String> out = new ArrayList<>();
        for (DirEntry e : fs.readdir(path)) {
            out.add(e.name());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void createLookupUnlinkMkdirRmdir(boolean defaults) throws Exception {
        Path img = image("basic", defaults);
        try (Xfs fs = Xfs.open(img)) {
            Inode root = fs.stat("/");
            long rootMtime = root.mtimeSec;
            long f = fs.create("/a", 0644);
            assertThat(fs.lookup("/a")).isEqualTo(f);
            assertThat(fs.stat("/a").mode).isEqualTo(Dinode.S_IFREG | 0644);
            assertThat(fs.stat("/a").nlink).isEqualTo(1);
            assertThat(root.mtimeSec).isGreaterThanOrEqualTo(rootMtime);
            long d = fs.mkdir("/d", 0755);
            assertThat(fs.stat("/d").nlink).isEqualTo(2);
            assertThat(root.nlink).isEqualTo(3);
            long g = fs.create("/d/g", 0600);
            assertThat(fs.lookup("/d/g")).isEqualTo(g);
            assertThat(fs.lookup("/d/..")).isEqualTo(fs.rootIno());
            assertThat(fs.lookup("/d/.")).isEqualTo(d);
            assertThat(fs.lookup("/d/nothing")).isEqualTo(-1);
            assertThat(fs.readdir("/d")).containsExactly(new DirEntry(".", d, Dir2Sf.FT_DIR),
                    new DirEntry("..", fs.rootIno(), Dir2Sf.FT_DIR), new DirEntry("g", g, Dir2Sf.FT_REG_FILE));
            assertThatThrownBy(() -> fs.create("/a", 0644)).isInstanceOf(XfsException.class)
                    .hasMessageContaining("File exists");
            assertThatThrownBy(() -> fs.rmdir("/d")).hasMessageContaining("Directory not empty");
            assertThatThrownBy(() -> fs.unlink("/d")).hasMessageContaining("Is a directory");
            assertThatThrownBy(() -> fs.create("/d/" + "x".repeat(256), 0644)).hasMessageContaining("too long");
            long longName = fs.create("/d/" + "y".repeat(255), 0644);
            assertThat(fs.lookup("/d/" + "y".repeat(255))).isEqualTo(longName);
            assertClean(fs);
            fs.unlink("/d/g");
            fs.unlink("/d/" + "y".repeat(255));
            assertThat(fs.lookup("/d/g")).isEqualTo(-1);
            fs.rmdir("/d");
            assertThat(root.nlink).isEqualTo(2);
            fs.unlink("/a");
            assertThat(names(fs, "/")).containsExactly(".", "..");
            assertClean(fs);
        }
        try (Xfs fs = Xfs.open(img)) {
            assertClean(fs);
            assertThat(names(fs, "/")).containsExactly(".", "..");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shortFormConvertsToBlockAndBack(boolean defaults) throws Exception {
        Path img = image("sf2block", defaults);
        Set<String> expect = new HashSet<>();
        try (Xfs fs = Xfs.open(img)) {
            fs.mkdir("/d", 0755);
            long before = fs.mount().fdblocks();
            for (int i = 0; i < 100; i++) {
                fs.create("/d/file-" + i, 0644);
                expect.add("file-" + i);
            }
            Inode d = fs.stat("/d");
            assertThat(d.format).isEqualTo(Dinode.FMT_EXTENTS);
            assertThat(d.nextents).isEqualTo(1);
            assertThat(d.nblocks).isEqualTo(1);
            assertThat(d.size).isEqualTo(fs.mount().geometry().dirBlockSize());
            assertThat(before - fs.mount().fdblocks()).isGreaterThan(0);
            assertClean(fs);
        }
        try (Xfs fs = Xfs.open(img)) {
            assertClean(fs);
            List<String> n = names(fs, "/d");
            assertThat(n.subList(2, n.size())).containsExactlyInAnyOrderElementsOf(expect);
            for (String s : expect) {
                assertThat(fs.lookup("/d/" + s)).isPositive();
            }
            for (int i = 0; i < 95; i++) {
                fs.unlink("/d/file-" + i);
            }
            Inode d = fs.stat("/d");
            assertThat(d.format).isEqualTo(Dinode.FMT_LOCAL);
            assertThat(d.nblocks).isZero();
            assertThat(names(fs, "/d")).containsExactly(".", "..", "file-95", "file-96", "file-97", "file-98",
                    "file-99");
            assertClean(fs);
        }
    }

    /** The directory's format as xfs_dir2_format decides it. */
    static Dir2.Format format(Xfs fs, String path) throws XfsException {
        return new Dir2(fs.mount()).format(fs.stat(path));
    }

    /**
     * A directory grows through every format (short form, block, leaf, node with a two-level hash btree) and
     * shrinks back to short form as its names go in a shuffled order; after each step of 500 the names and inode
     * numbers readdir and lookup give are exactly the model's, and at the end the free space is what it was
     * before the directory grew.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void growsThroughEveryFormatAndShrinksBack(boolean defaults) throws Exception {
        Path img = image("grow", defaults);
        java.util.Map<String, Long> model = new java.util.TreeMap<>();
        Set<Dir2.Format> seen = java.util.EnumSet.noneOf(Dir2.Format.class);
        int n = 6000;
        java.util.Random rnd = new java.util.Random(16);
        long free0;
        try (Xfs fs = Xfs.open(img)) {
            fs.mkdir("/d", 0755);
            free0 = fs.mount().fdblocks();
            for (int i = 0; i < n; i++) {
                String name = "f" + i + "-" + "x".repeat(rnd.nextInt(40));
                model.put(name, fs.create("/d/" + name, 0644));
                seen.add(format(fs, "/d"));
                if (i % 500 == 0) {
                    assertSame(fs, model);
                }
            }
            assertThat(seen).containsExactly(Dir2.Format.SF, Dir2.Format.BLOCK, Dir2.Format.LEAF,
                    Dir2.Format.NODE);
            assertSame(fs, model);
            assertClean(fs);
        }
        try (Xfs fs = Xfs.open(img)) {
            assertSame(fs, model);
            List<String> order = new ArrayList<>(model.keySet());
            java.util.Collections.shuffle(order, rnd);
            seen.clear();
            int k = 0;
            for (String name : order) {
                fs.unlink("/d/" + name);
                model.remove(name);
                seen.add(format(fs, "/d"));
                if (++k % 500 == 0) {
                    assertSame(fs, model);
                }
            }
            assertThat(seen).contains(Dir2.Format.NODE, Dir2.Format.LEAF, Dir2.Format.SF);
            assertThat(format(fs, "/d")).isEqualTo(Dir2.Format.SF);
            assertThat(fs.stat("/d").nblocks).isZero();
            assertThat(fs.mount().fdblocks()).isEqualTo(free0);
            assertClean(fs);
        }
    }

    static void assertSame(Xfs fs, java.util.Map<String, Long> model) throws XfsException {
        java.util.Map<String, Long> got = new java.util.TreeMap<>();
        for (DirEntry e : fs.readdir("/d")) {
            if (!e.name().equals(".") && !e.name().equals("..")) {
                assertThat(got.put(e.name(), e.ino())).as("duplicate " + e.name()).isNull();
            }
        }
        assertThat(got).isEqualTo(model);
        for (java.util.Map.Entry<String, Long> e : model.entrySet()) {
            assertThat(fs.lookup("/d/" + e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(fs.lookup("/d/absent")).isEqualTo(-1);
    }
}
