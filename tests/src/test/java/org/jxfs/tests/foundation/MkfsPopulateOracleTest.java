// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.ProcessRunner;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jxfs mkfs -p DIR} and {@code -p PROTOFILE}: images populated without a mount, which xfs_repair -n accepts
 * and in which the kernel finds exactly the source: {@code diff -r} finds nothing, and every entry's type, mode,
 * owner, size, link count, mtime and symlink target match. The tree has a directory of 2,000 files (20,000 with
 * -Pstress), nested directories, short and long (remote) symlinks, hard links, a FIFO and files of 0 bytes to
 * 8 MiB.
 */
@RequiresKernel
class MkfsPopulateOracleTest {
    static final int BIG = Boolean.getBoolean("jxfs.stress") ? 20_000 : 2_000;

    Path dir;

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    @Test
    void directoryTreeBecomesTheImage() throws Exception {
        dir = TestDirs.unique("mkfs-populate");
        Path src = Files.createDirectories(dir.resolve("src"));
        Random rnd = new Random(30000);
        Path big = Files.createDirectories(src.resolve("big"));
        for (int i = 0; i < BIG; i++) {
            Files.writeString(big.resolve("f" + i + "-" + "x".repeat(rnd.nextInt(60))), i % 7 == 0 ? "" : "" + i);
        }
        Path nested = Files.createDirectories(src.resolve("a/b/c/d"));
        byte[] data = new byte[8 << 20];
        rnd.nextBytes(data);
        for (int size : new int[] {0, 1, 511, 512, 4097, (1 << 20) + 3, 8 << 20}) {
            Files.write(nested.resolve("size-" + size), java.util.Arrays.copyOf(data, size));
        }
        Files.createSymbolicLink(src.resolve("short-link"), Path.of("a/b"));
        Files.createSymbolicLink(src.resolve("long-link"), Path.of("t".repeat(700)));
        Files.createLink(src.resolve("a/hard"), nested.resolve("size-4097"));
        Files.createLink(src.resolve("hard-too"), nested.resolve("size-4097"));
        ProcessRunner.run("mkfifo", src.resolve("a/fifo").toString()).requireSuccess();
        Path secret = src.resolve("a/b/secret");
        Files.writeString(secret, "s");
        ProcessRunner.run("chmod", "4750", secret.toString()).requireSuccess();
        ProcessRunner.run("chown", "-h", "1234:5678", secret.toString(), src.resolve("short-link").toString())
                .requireSuccess();
        Files.setLastModifiedTime(nested, FileTime.fromMillis(1_000_000_000_000L));
        Files.setLastModifiedTime(secret, FileTime.fromMillis(1_234_567_890_000L));

        Path img = dir.resolve("fs.img");
        JxfsCli.Result r = JxfsCli.run("mkfs", "-q", "-f", "-d", "size=512m", "-p", src.toString(), img.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        XfsRepair.assertClean(img);
        try (LoopMount mnt = LoopMount.mount(img, dir.resolve("mnt"))) {
            // diff reports two FIFOs as a difference ("is a fifo while ... is a fifo"): describe() compares it.
            ProcessRunner.run("diff", "-r", "--no-dereference", "-x", "fifo", src.toString(), mnt.mountDir().toString())
                    .requireSuccess();
            assertThat(describe(mnt.mountDir())).isEqualTo(describe(src));
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

    /** Every entry's type, mode, owner, size, link count, mtime (seconds) and symlink target, by relative path. */
    static Map<String, String> describe(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,nlink,lastModifiedTime",
                        LinkOption.NOFOLLOW_LINKS);
                boolean dirp = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                String s = "mode " + Integer.toOctalString((Integer) a.get("mode")) + " owner " + a.get("uid") + ":"
                        + a.get("gid") + " nlink " + a.get("nlink")
                        + (dirp ? "" : " size " + a.get("size"))
                        + " mtime " + ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
                if (Files.isSymbolicLink(p)) {
                    s += " -> " + Files.readSymbolicLink(p);
                }
                out.put(root.relativize(p).toString(), s);
            }
        }
        return out;
    }
}
