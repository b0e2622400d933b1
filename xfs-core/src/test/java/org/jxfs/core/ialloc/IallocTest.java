// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.ialloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeInit;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inode allocation and freeing against real images, minimal and mkfs.xfs-default feature sets. */
class IallocTest {
    static Path image(String name, boolean defaults) throws Exception {
        Path dir = Path.of("target", "ialloc-tests");
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

    static long create(Mount mp, long parent, int mode) throws Exception {
        try (Trans tp = Trans.alloc(mp, TransResv.CREATE, Ialloc.spaceRes(mp))) {
            long ino = Ialloc.dialloc(tp, mp, parent, mode);
            InodeInit.initNew(tp, mp, ino, mode, parent);
            tp.commit();
            return ino;
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void allocateAndFreeChunks(boolean defaults) throws Exception {
        Path img = image("chunks", defaults);
        List<Long> inos = new ArrayList<>();
        long icount0;
        long fd0;
        try (Mount mp = Mount.open(img, false)) {
            icount0 = mp.icount();
            fd0 = mp.fdblocks();
            long root = mp.sb().rootino();
            for (int i = 0; i < 300; i++) {
                inos.add(create(mp, root, Dinode.S_IFREG | 0644));
            }
            assertThat(inos).doesNotHaveDuplicates();
            assertThat(FsCheck.run(mp)).isEmpty();
            assertThat(mp.icount()).isGreaterThanOrEqualTo(300 + 3);
            assertThat(mp.ifree()).isEqualTo(mp.icount() - 300 - 3);
            // directories go round the AGs
            long d1 = create(mp, root, Dinode.S_IFDIR | 0755);
            long d2 = create(mp, root, Dinode.S_IFDIR | 0755);
            assertThat(mp.geometry().inoToAgno(d1)).isNotEqualTo(mp.geometry().inoToAgno(d2));
            inos.add(d1);
            inos.add(d2);
            assertThat(FsCheck.run(mp)).isEmpty();
        }
        try (Mount mp = Mount.open(img, false)) {
            assertThat(FsCheck.run(mp)).isEmpty();
            Inode ip = mp.inodeCache().iget(null, inos.get(7));
            assertThat(ip.mode).isEqualTo(Dinode.S_IFREG | 0644);
            assertThat(ip.nlink).isEqualTo(1);
            assertThat(ip.changecount).isEqualTo(1);
            assertThat(ip.bigtime()).isEqualTo(defaults);
            assertThat(Math.abs(ip.ctimeSec - System.currentTimeMillis() / 1000)).isLessThan(600);
            for (long ino : inos) {
                try (Trans tp = Trans.alloc(mp, TransResv.IFREE, IallocFree.spaceRes(mp))) {
                    Inode x = mp.inodeCache().iget(tp, ino);
                    x.nlink = 0;
                    if (x.isDir()) {
                        x.size = 0;
                    }
                    IallocFree.ifree(tp, mp, x);
                    tp.commit();
                }
            }
            assertThat(FsCheck.run(mp)).isEmpty();
            assertThat(mp.icount()).isEqualTo(icount0);
            assertThat(mp.fdblocks()).isEqualTo(fd0);
        }
        try (Mount mp = Mount.open(img, false)) {
            assertThat(FsCheck.run(mp)).isEmpty();
            assertThat(mp.icount()).isEqualTo(icount0);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void freedInodeIsReusedAndGenerationBumped(boolean defaults) throws Exception {
        Path img = image("reuse", defaults);
        try (Mount mp = Mount.open(img, false)) {
            long root = mp.sb().rootino();
            long a = create(mp, root, Dinode.S_IFREG | 0600);
            long b = create(mp, root, Dinode.S_IFREG | 0600);
            assertThat(b).isNotEqualTo(a);
            assertThat(mp.geometry().inoToAgno(a)).isEqualTo(mp.geometry().inoToAgno(root));
            long gen;
            try (Trans tp = Trans.alloc(mp, TransResv.IFREE, IallocFree.spaceRes(mp))) {
                Inode x = mp.inodeCache().iget(tp, a);
                gen = x.gen;
                x.nlink = 0;
                assertThat(IallocFree.ifree(tp, mp, x)).isFalse();
                tp.commit();
            }
            assertThat(mp.inodeCache().iget(null, a).mode).isZero();
            assertThat(mp.inodeCache().iget(null, a).gen).isEqualTo((gen + 1) & 0xffffffffL);
            assertThat(FsCheck.run(mp)).isEmpty();
            long c = create(mp, root, Dinode.S_IFREG | 0600);
            assertThat(c).isEqualTo(a);
            assertThat(FsCheck.run(mp)).isEmpty();
            assertThat(mp.geometry().inoToAgino(c) % Geometry.INODES_PER_CHUNK).isLessThan(8);
        }
    }

    /** 1 KiB blocks: an inobt leaf holds 60 records, so 4,000 inodes in one AG grow and shrink a 2-level tree. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void inobtSplitsAndJoins(boolean defaults) throws Exception {
        Path dir = Path.of("target", "ialloc-tests");
        Files.createDirectories(dir);
        Path img = dir.resolve("split-" + defaults + ".img");
        Files.deleteIfExists(img);
        MkfsOptions.Builder b = MkfsOptions.builder().dataSize(64L << 20).blockSize(1024).quiet(true).force(true);
        if (defaults) {
            b.mkfsXfsDefaultFeatures();
        }
        Mkfs.format(img, b.build());
        List<Long> inos = new ArrayList<>();
        try (Mount mp = Mount.open(img, false)) {
            long root = mp.sb().rootino();
            long icount0 = mp.icount();
            for (int i = 0; i < 4000; i++) {
                inos.add(create(mp, root, Dinode.S_IFREG | 0644));
            }
            assertThat(inos.stream().filter(i -> mp.geometry().inoToAgno(i) == 0).count()).isEqualTo(4000);
            assertThat(agiLevel(mp)).isEqualTo(2);
            assertThat(FsCheck.run(mp)).isEmpty();
            java.util.Collections.shuffle(inos, new java.util.Random(7));
            for (long ino : inos) {
                try (Trans tp = Trans.alloc(mp, TransResv.IFREE, IallocFree.spaceRes(mp))) {
                    Inode x = mp.inodeCache().iget(tp, ino);
                    x.nlink = 0;
                    IallocFree.ifree(tp, mp, x);
                    tp.commit();
                }
            }
            assertThat(FsCheck.run(mp)).isEmpty();
            assertThat(mp.icount()).isEqualTo(icount0);
        }
        try (Mount mp = Mount.open(img, false)) {
            assertThat(FsCheck.run(mp)).isEmpty();
        }
    }

    static long agiLevel(Mount mp) throws Exception {
        try (Trans tp = Trans.alloc(mp, TransResv.ICHANGE, 0)) {
            return new org.jxfs.core.format.Agi(Ialloc.readAgi(tp, mp, 0).data()).level();
        }
    }
}
