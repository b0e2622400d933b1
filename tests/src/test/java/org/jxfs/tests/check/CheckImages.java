// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jxfs.core.mount.Mount;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.tests.foundation.JxfsCli;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.ProcessRunner;
import org.jxfs.tests.oracle.XfsIo;

/**
 * The clean images {@link CheckOracleTest} checks and corrupts: one formatted and filled by jxfs (directories, a
 * bmbt-format file, preallocated and buffered-written files, a deleted file), one made by
 * mkfs.xfs with its defaults and filled by the kernel on a loop mount (every directory format, a bmbt-format
 * file, symlinks in both formats, a hard link, an xattr, a deleted file), and mkfs.xfs's defaults untouched.
 */
final class CheckImages {
  /** 4 AGs of 64 MiB with 4 KiB blocks: directory leaf blocks start at dblock 2^35 / 4096. */
  static final long SIZE = 256L << 20;
  static final long LEAF_DBLOCK = (1L << 35) / 4096;
  static final long FREE_DBLOCK = 2 * LEAF_DBLOCK;

  /** A base image and the inode numbers its corruptions need. */
  record Base(String name, Path img, long freeIno, long freeInoAg) {
  }

  private CheckImages() {
  }

  /** ./jxfs mkfs, then files and directories made through the jxfs library. */
  static Base jxfs(Path dir) throws Exception {
    Path img = dir.resolve("jxfs.img");
    JxfsCli.Result mk = JxfsCli.run("mkfs", "-q", "-f", "-d", "size=128m", "-m", "finobt=1", img.toString());
    assertThat(mk.exitCode()).as(mk.describe()).isZero();
    long gone;
    try (Xfs fs = Xfs.open(img)) {
      fs.mkdir("/sf", 0755);
      for (int i = 0; i < 3; i++) {
        fs.create("/sf/f" + i).close();
      }
      fs.mkdir("/blk", 0755);
      for (int i = 0; i < 40; i++) {
        fs.create("/blk/file" + i).close();
      }
      try (XfsFile f = fs.create("/frag")) {
        f.fallocate(0, 4L << 20);
        for (long off = 0; off < 4L << 20; off += 8192) {
          f.punchHole(off, 4096);
        }
      }
      try (XfsFile f = fs.create("/pre")) {
        f.fallocate(0, 1L << 20);
      }
      try (XfsFile f = fs.create("/data")) {
        byte[] buf = new byte[64 << 10];
        Arrays.fill(buf, (byte) 0x5a);
        for (long off = 0; off < 1L << 20; off += buf.length) {
          f.pwrite(off, buf, 0, buf.length);   // buffered: delalloc, converted at writeback
        }
        f.fsync();
      }
      fs.create("/gone").close();
      gone = fs.lookup("/gone");
      fs.unlink("/gone");
    }
    return new Base("jxfs", img, gone, agOf(img, gone));
  }

  /** mkfs.xfs defaults, then a workload on the kernel's XFS. */
  static Base kernel(Path dir) throws Exception {
    Path img = dir.resolve("kernel.img");
    MkfsXfs.format(img, SIZE);
    long gone;
    try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"))) {
      Path sf = Files.createDirectories(m.path("sf/sub"));
      Files.writeString(sf.resolveSibling("f"), "x");
      Path blk = Files.createDirectory(m.path("blk"));
      for (int i = 0; i < 40; i++) {
        Files.writeString(blk.resolve("f" + i), "data " + i);
      }
      Files.createDirectory(blk.resolve("subdir"));
      Path leaf = Files.createDirectory(m.path("leaf"));
      for (int i = 0; i < 300; i++) {
        Files.createFile(leaf.resolve("file_with_a_long_name_" + i));
      }
      Path node = Files.createDirectory(m.path("node"));
      String longName = "n".repeat(200);
      for (int i = 0; i < 2000; i++) {
        Files.createFile(node.resolve(longName + i));
      }
      Files.write(m.path("data"), new byte[1 << 20]);
      List<String> punch = new ArrayList<>(List.of("pwrite -q 0 4m", "fsync"));
      for (long off = 0; off < 4L << 20; off += 8192) {
        punch.add("fpunch " + off + " 4096");
      }
      ProcessResult io = XfsIo.run(List.of("-f"), m.path("frag"), punch.toArray(String[]::new));
      assertThat(io.ok()).as(io.describe()).isTrue();
      Files.createSymbolicLink(m.path("short-link"), Path.of("data"));
      Files.createSymbolicLink(m.path("long-link"), Path.of("l".repeat(600)));
      Files.createLink(m.path("hard"), m.path("data"));
      UserDefinedFileAttributeView xattr = Files.getFileAttributeView(m.path("data"),
          UserDefinedFileAttributeView.class);
      xattr.write("a", ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
      Path gonePath = m.path("blk/gone");
      Files.writeString(gonePath, "soon free");
      gone = ((Number) Files.getAttribute(gonePath, "unix:ino")).longValue();
      Files.delete(gonePath);
    }
    return new Base("kernel", img, gone, agOf(img, gone));
  }

  /** mkfs.xfs with its 6.1 defaults (finobt, sparse inodes, reflink, bigtime, inobtcount), nothing written. */
  static Base mkfsDefaults(Path dir) {
    Path img = dir.resolve("defaults.img");
    MkfsXfs.format(img, SIZE);
    return new Base("defaults", img, -1, -1);
  }

  private static int agOf(Path img, long ino) throws Exception {
    try (Mount mp = Mount.open(img, true)) {
      return mp.geometry().inoToAgno(ino);
    }
  }

  /** A sparse copy of the image, so each corruption starts from the same clean bytes. */
  static Path copy(Path img, Path to) {
    ProcessResult cp = ProcessRunner.run("cp", "--sparse=always", img.toString(), to.toString());
    assertThat(cp.ok()).as(cp.describe()).isTrue();
    return to;
  }
}
