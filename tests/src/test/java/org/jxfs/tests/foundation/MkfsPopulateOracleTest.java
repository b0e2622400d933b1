// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.ProcessRunner;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code jxfs mkfs -p DIR} and {@code -p PROTOFILE}: images populated without a mount, which xfs_repair -n accepts
 * and in which the kernel finds exactly the source: {@code diff -r} finds nothing, and every entry's type, mode,
 * owner, size, link count, device number, mtime and symlink target match. The tree has a directory of 2,000 files
 * and 1,000 more entries (20,000 and 10,000 with -Pstress: 30,000 entries) in nested directories: files of 0 bytes
 * to 8 MiB, short and long (remote) symlinks, hard links across directories, a FIFO and device files. The
 * prototype file of mkfs.xfs(8) builds the tree mkfs.xfs 6.1 builds from it, inode numbers included.
 */
@RequiresKernel
class MkfsPopulateOracleTest {
    static final boolean STRESS = Boolean.getBoolean("jxfs.stress");
    static final int BIG = STRESS ? 20_000 : 2_000;
    static final int NESTED = STRESS ? 10_000 : 1_000;

    Path dir;

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)          // 30,000 entries with -Pstress
    void directoryTreeBecomesTheImage() throws Exception {
        dir = TestDirs.unique("mkfs-populate");
        Path src = Files.createDirectories(dir.resolve("src"));
        Random rnd = new Random(30000);
        Path big = Files.createDirectories(src.resolve("big"));
        for (int i = 0; i < BIG; i++) {
            Files.writeString(big.resolve("f" + i + "-" + "x".repeat(rnd.nextInt(60))), i % 7 == 0 ? "" : "" + i);
        }
        byte[] data = new byte[8 << 20];
        rnd.nextBytes(data);
        nestedTree(src.resolve("tree"), rnd, data);
        Path nested = Files.createDirectories(src.resolve("a/b/c/d"));
        for (int size : new int[] {0, 1, 511, 512, 4097, (1 << 20) + 3, 8 << 20}) {
            Files.write(nested.resolve("size-" + size), java.util.Arrays.copyOf(data, size));
        }
        Files.createSymbolicLink(src.resolve("short-link"), Path.of("a/b"));
        Files.createSymbolicLink(src.resolve("long-link"), Path.of("t".repeat(700)));
        Files.createLink(src.resolve("a/hard"), nested.resolve("size-4097"));
        Files.createLink(src.resolve("hard-too"), nested.resolve("size-4097"));
        ProcessRunner.run("mkfifo", src.resolve("a/fifo").toString()).requireSuccess();
        ProcessRunner.run("mknod", src.resolve("a/dev-null").toString(), "c", "1", "3").requireSuccess();
        ProcessRunner.run("mknod", src.resolve("a/dev-big").toString(), "b", "259", "70000").requireSuccess();
        Path secret = src.resolve("a/b/secret");
        Files.writeString(secret, "s");
        ProcessRunner.run("chmod", "4750", secret.toString()).requireSuccess();
        ProcessRunner.run("chown", "-h", "1234:5678", secret.toString(), src.resolve("short-link").toString())
                .requireSuccess();
        Files.setLastModifiedTime(nested, FileTime.fromMillis(1_000_000_000_000L));
        Files.setLastModifiedTime(secret, FileTime.fromMillis(1_234_567_890_000L));

        Path img = dir.resolve("fs.img");
        Map<String, String> want = describe(src, true);
        assertThat(want.size()).as("entries in the tree").isGreaterThanOrEqualTo(BIG + NESTED);
        JxfsCli.Result r = JxfsCli.run("mkfs", "-q", "-f", "-d", "size=1g", "-p", src.toString(), img.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        XfsRepair.assertClean(img);
        try (LoopMount mnt = LoopMount.mount(img, dir.resolve("mnt"))) {
            // diff reports two FIFOs or devices as a difference ("is a fifo while ... is a fifo"): describe()
            // compares them.
            // 30,000 entries with -Pstress: longer than ProcessRunner's default two minutes on a loaded machine
            ProcessRunner.of(List.of("diff", "-r", "--no-dereference", "-x", "fifo", "-x", "dev-*", src.toString(),
                    mnt.mountDir().toString())).withTimeout(Duration.ofMinutes(20)).run().requireSuccess();
            assertThat(describe(mnt.mountDir(), true)).isEqualTo(want);
        }
    }

    @Test
    void prototypeFileBuildsWhatItDescribes() throws Exception {
        dir = TestDirs.unique("mkfs-proto");
        Path content = dir.resolve("content");
        Files.writeString(content, "hello from a prototype file\n");
        Path proto = dir.resolve("proto");
        // The example of xfsprogs' mkfs.xfs(8), with a source file of our own.
        Files.writeString(proto, String.join("\n",
                "/stand/diskboot",
                "4872 110",
                "d--777 3 1",
                "usr d--775 2 2",
                " sh ---755 3 1 " + content,
                " ln l--777 0 0 sh : a comment",
                " big r--644 0 0 65536",
                " pipe p--600 0 0",
                " $",
                "$", ""));
        Path img = dir.resolve("fs.img");
        JxfsCli.Result r = JxfsCli.run("mkfs", "-q", "-f", "-d", "size=512m", "-p", proto.toString(), img.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        XfsRepair.assertClean(img);
        try (LoopMount mnt = LoopMount.mount(img, dir.resolve("mnt"))) {
            Path root = mnt.mountDir();
            assertThat(Files.getAttribute(root, "unix:mode")).isEqualTo(040777);
            assertThat(Files.getAttribute(root.resolve("usr"), "unix:mode")).isEqualTo(040775);
            assertThat(Files.getAttribute(root.resolve("usr"), "unix:uid")).isEqualTo(2);
            assertThat(Files.readString(root.resolve("usr/sh"))).isEqualTo("hello from a prototype file\n");
            assertThat(Files.getAttribute(root.resolve("usr/sh"), "unix:mode")).isEqualTo(0100755);
            assertThat(Files.getAttribute(root.resolve("usr/sh"), "unix:gid")).isEqualTo(1);
            assertThat(Files.readSymbolicLink(root.resolve("usr/ln"))).isEqualTo(Path.of("sh"));
            assertThat(Files.getAttribute(root.resolve("usr/big"), "unix:size")).isEqualTo(65536L);
            assertThat(Files.getAttribute(root.resolve("usr/pipe"), "unix:mode")).isEqualTo(010600);
        }
    }

    /**
     * The prototype file of mkfs.xfs(8) as it stands there (its {@code /bin/sh} the machine's), built by jxfs and by
     * mkfs.xfs 6.1 on images of the same geometry: the kernel finds the same tree in both, entry by entry (type,
     * mode, owner, size, link count, device number, symlink target, contents) with the same inode numbers, and
     * xfs_repair -n passes on both.
     */
    @Test
    void documentationPrototypeBuildsWhatMkfsXfsBuilds() throws Exception {
        dir = TestDirs.unique("mkfs-proto-doc");
        Path proto = dir.resolve("proto");
        Files.writeString(proto, String.join("\n",
                "/stand/diskboot",
                "4872 110",
                "d--777 3 1",
                "usr     d--777 3 1",
                "sh      ---755 3 1 /bin/sh",
                "ken     d--755 6 1",
                "        $",
                "b0      b--644 3 1 0 0",
                "c0      c--644 3 1 0 0",
                "fifo    p--644 3 1",
                "slink   l--644 3 1 /a/symbolic/link",
                ":  This is a comment line",
                "$",
                "$", ""));
        Path theirs = dir.resolve("mkfs.xfs.img");
        MkfsXfs.formatMinimal(theirs, 512L << 20, "-p", proto.toString());
        Path ours = dir.resolve("jxfs.img");
        JxfsCli.Result r = JxfsCli.run("mkfs", "-q", "-f", "-d", "size=512m", "-p", proto.toString(), ours.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        XfsRepair.assertClean(theirs);
        XfsRepair.assertClean(ours);
        Map<String, String> want;
        try (LoopMount mnt = LoopMount.mount(theirs, dir.resolve("mnt-theirs"))) {
            want = describe(mnt.mountDir(), false);
            try (LoopMount mine = LoopMount.mount(ours, dir.resolve("mnt-ours"))) {
                assertThat(describe(mine.mountDir(), false)).isEqualTo(want);
                ProcessRunner.run("diff", "-r", "--no-dereference", "-x", "fifo", "-x", "b0", "-x", "c0",
                        mnt.mountDir().toString(), mine.mountDir().toString()).requireSuccess();
            }
        }
        assertThat(want).containsKeys("usr/sh", "usr/ken", "usr/b0", "usr/c0", "usr/fifo", "usr/slink");
    }

    /**
     * {@code count} entries under {@code root}: one in twenty a new directory somewhere in the tree, the rest files
     * (most of a few KiB, some up to 256 KiB, a few up to 8 MiB), symlinks (short, and long enough to need a block)
     * and hard links to files anywhere in the tree.
     */
    static void nestedTree(Path root, Random rnd, byte[] data) throws Exception {
        List<Path> dirs = new ArrayList<>(List.of(Files.createDirectories(root)));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < NESTED; i++) {
            Path d = dirs.get(rnd.nextInt(dirs.size()));
            Path p = d.resolve("e" + i + "-" + "n".repeat(rnd.nextInt(rnd.nextInt(10) == 0 ? 200 : 20)));
            int kind = rnd.nextInt(100);
            if (kind < 5) {
                dirs.add(Files.createDirectory(p));
            } else if (kind < 70 || files.isEmpty()) {
                int pick = rnd.nextInt(1000);
                int size = pick < 3 ? rnd.nextInt(data.length + 1) : pick < 100 ? rnd.nextInt(256 << 10)
                        : rnd.nextInt(8 << 10);
                Files.write(p, java.util.Arrays.copyOfRange(data, 0, size));
                files.add(p);
            } else if (kind < 85) {
                String target = rnd.nextInt(4) == 0 ? "../".repeat(100 + rnd.nextInt(200)) + "x" : "t" + i;
                Files.createSymbolicLink(p, Path.of(target));
            } else {
                Files.createLink(p, files.get(rnd.nextInt(files.size())));
            }
        }
    }

    /**
     * Every entry's type, mode, owner, size, link count, device number, mtime (seconds, when {@code mtimes}) and
     * symlink target, by relative path.
     */
    static Map<String, String> describe(Path root, boolean mtimes) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                Map<String, Object> a = Files.readAttributes(p,
                        "unix:mode,uid,gid,size,nlink,rdev,ino,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                boolean dirp = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                String s = "mode " + Integer.toOctalString((Integer) a.get("mode")) + " owner " + a.get("uid") + ":"
                        + a.get("gid") + " nlink " + a.get("nlink")
                        + (dirp ? "" : " size " + a.get("size")) + " rdev " + a.get("rdev")
                        + (mtimes ? " mtime " + ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000
                                : " ino " + a.get("ino"));
                if (Files.isSymbolicLink(p)) {
                    s += " -> " + Files.readSymbolicLink(p);
                }
                out.put(root.relativize(p).toString(), s);
            }
        }
        return out;
    }
}
