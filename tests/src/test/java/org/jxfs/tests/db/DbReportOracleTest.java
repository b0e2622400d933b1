// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.tests.foundation.JxfsCli;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.RequiresXfsprogs;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsDb;
import org.jxfs.tests.oracle.XfsIo;
import org.junit.jupiter.api.Test;

/**
 * {@code jxfs freesp} and {@code jxfs frag} print exactly what {@code xfs_db -r -c 'freesp ...'} and
 * {@code -c 'frag ...'} print, with each option, on a fresh jxfs image, on an image jxfs's allocator worked over
 * (the bmap model test's mix: preallocate, write into unwritten extents, punch, at random, on 1 KiB blocks so the
 * file's fork is a multi-level bmbt and the free space is shredded) and on an image the kernel wrote.
 */
class DbReportOracleTest {
    /** Each xfs_db command compared; the jxfs subcommand is its first word, the options the rest. */
    static final List<String> COMMANDS = List.of("freesp", "freesp -s", "freesp -d -a 1", "freesp -c -d",
            "freesp -e 100 -s", "freesp -m 3 -s", "freesp -b -s", "freesp -h 1 -h 5 -h 100 -s", "freesp -h 7",
            "freesp -A 4 -s", "freesp -a 0 -a 3 -s", "freesp -a 9 -s", "frag", "frag -v", "frag -f", "frag -d -v",
            "frag -a -v", "frag -l -v", "frag -f -v -a");

    @Test
    @RequiresXfsprogs
    void jxfsImages() throws Exception {
        Path dir = TestDirs.unique("db-report");
        Path fresh = dir.resolve("fresh.img");
        JxfsCli.Result mk = JxfsCli.run("mkfs", "-q", "-f", "-d", "size=256m", "-m", "finobt=1", fresh.toString());
        assertThat(mk.exitCode()).as(mk.describe()).isZero();
        compareAll(fresh);
        compareAll(bmapModelImage(dir.resolve("bmap-model.img")));
    }

    @Test
    @RequiresKernel
    void kernelImage() throws Exception {
        Path dir = TestDirs.unique("db-report-kernel");
        compareAll(kernelImage(dir));
    }

    private static void compareAll(Path img) {
        List<String> differ = new ArrayList<>();
        for (String cmd : COMMANDS) {
            ProcessResult db = XfsDb.run(img, cmd);
            assertThat(db.ok()).as(db.describe()).isTrue();
            List<String> args = new ArrayList<>(Arrays.asList(cmd.split(" ")));
            args.add(1, img.toString());
            JxfsCli.Result jx = JxfsCli.run(args.toArray(String[]::new));
            assertThat(jx.exitCode()).as(jx.describe()).isZero();
            if (!jx.stdout().equals(db.stdout())) {
                differ.add(cmd + ":\n--- xfs_db\n" + db.stdout() + "--- jxfs\n" + jx.stdout());
            }
        }
        assertThat(differ).as(img.toString()).isEmpty();
        // The images are not trivial: free space in several buckets, files with extents.
        assertThat(XfsDb.run(img, "freesp").stdout().lines().count()).isGreaterThan(2);
    }

    /**
     * The bmap model test's operations through the file API on 1 KiB blocks: preallocate, write into (converting
     * unwritten extents), punch, at random offsets in a 30,000-block file (seeded), then a few more files.
     */
    static Path bmapModelImage(Path img) throws Exception {
        JxfsCli.Result mk = JxfsCli.run("mkfs", "-q", "-f", "-b", "size=1024", "-d", "size=64m", img.toString());
        assertThat(mk.exitCode()).as(mk.describe()).isZero();
        Random rnd = new Random(42);
        byte[] buf = new byte[24 * 1024];
        Arrays.fill(buf, (byte) 0x6b);
        try (Xfs fs = Xfs.open(img)) {
            try (XfsFile f = fs.create("/model")) {
                f.setDirect(true);
                for (int op = 0; op < 4000; op++) {
                    long off = (long) rnd.nextInt(30_000) * 1024;
                    int len = (1 + rnd.nextInt(24)) * 1024;
                    int kind = rnd.nextInt(10);
                    if (kind < 4) {
                        f.fallocate(off, len);
                    } else if (kind < 7) {
                        f.pwrite(off, buf, 0, len);
                    } else {
                        f.punchHole(off, len);
                    }
                }
            }
            fs.mkdir("/d", 0755);
            for (int i = 0; i < 30; i++) {
                try (XfsFile f = fs.create("/d/f" + i)) {
                    f.fallocate(0, (i + 1) * 4096L);
                }
            }
        }
        return img;
    }

    /** mkfs.xfs defaults, then files, a directory, symlinks and xattrs written by the kernel on a loop mount. */
    static Path kernelImage(Path dir) throws Exception {
        Path img = dir.resolve("kernel.img");
        MkfsXfs.format(img, 512L << 20);
        try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"))) {
            List<String> cmds = new ArrayList<>(List.of("falloc 0 40m", "pwrite -q 0 1m"));
            ProcessResult io = XfsIo.run(List.of("-f"), m.path("big"), cmds.toArray(String[]::new));
            assertThat(io.ok()).as(io.describe()).isTrue();
            List<String> every = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                every.add("falloc " + i * 8192L + " 4096");
            }
            io = XfsIo.run(List.of("-f"), m.path("every-other"), every.toArray(String[]::new));
            assertThat(io.ok()).as(io.describe()).isTrue();
            Path d = Files.createDirectory(m.path("d"));
            for (int i = 0; i < 500; i++) {
                Files.writeString(d.resolve("file" + i), "x".repeat(i * 10));
            }
            for (int i = 0; i < 20; i++) {
                Files.createSymbolicLink(m.path("l" + i), Path.of("t".repeat(i * 20 + 1)));
            }
            UserDefinedFileAttributeView xattr = Files.getFileAttributeView(m.path("big"),
                    UserDefinedFileAttributeView.class);
            for (int i = 0; i < 50; i++) {
                xattr.write("a" + i, ByteBuffer.wrap("v".repeat(200).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return img;
    }
}
