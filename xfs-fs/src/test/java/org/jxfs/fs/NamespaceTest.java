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

    @Test
    void fullDirectoryIsRefusedWithoutChange() throws Exception {
        Path img = image("full", false);
        int n = 0;
        try (Xfs fs = Xfs.open(img)) {
            fs.mkdir("/big", 0755);
            String pad = "n".repeat(200);
            while (true) {
                try {
                    fs.create("/big/" + pad + n, 0644);
                    n++;
                } catch (XfsException e) {
                    assertThat(e.getMessage()).isEqualTo(
                            "directory /big is full: multi-block directories are not supported yet");
                    break;
                }
            }
            assertThat(n).isBetween(10, 30);
            assertClean(fs);
            assertThatThrownBy(() -> fs.mkdir("/big/" + pad + "sub", 0755)).hasMessageContaining("is full");
            assertThat(fs.mount().isShutdown()).isFalse();
        }
        byte[] after = Files.readAllBytes(img);
        try (Xfs fs = Xfs.open(img)) {
            assertThatThrownBy(() -> fs.create("/big/" + "z".repeat(200), 0644)).hasMessageContaining("is full");
            assertThat(fs.lookup("/big/" + "z".repeat(200))).isEqualTo(-1);
        }
        assertThat(Files.readAllBytes(img)).as("a refused create leaves the image unchanged").isEqualTo(after);
        try (Xfs fs = Xfs.open(img)) {
            assertClean(fs);
            assertThat(fs.readdir("/big")).hasSize(n + 2);
        }
    }
}
