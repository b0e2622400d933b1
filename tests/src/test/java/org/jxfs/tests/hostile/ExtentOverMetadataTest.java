// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jxfs.tests.foundation.JxfsCli;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.RequiresXfsprogs;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsDb;
import org.jxfs.tests.oracle.XfsIo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18's acceptance: a file extent pointed (with {@code xfs_db -x write -d}, a valid CRC) at the AG headers, at
 * the root inode chunk or at the bnobt root is refused by punch and by truncate, with a corruption message naming
 * the inode and its extent, exit status 1 and not one byte of the image changed; the extent held in the inode (/f)
 * or in a bmbt leaf (/b); on an image jxfs made (its mkfs, the files written by jxfs io) and on one the kernel made
 * (mkfs.xfs, the files written by xfs_io on a loop mount).
 */
@RequiresXfsprogs
class ExtentOverMetadataTest {
  private static final long SIZE = 64L << 20;
  private static Path dir;
  private static Path jxfsBase;
  private static Path kernelBase;

  /** The metadata a damaged extent is pointed at: how xfs_db finds its AG 0 block. */
  enum Metadata {
    AG_HEADERS, INODE_CHUNK, FREE_SPACE_BTREE;

    long agbno(Path img) {
      return switch (this) {
        case AG_HEADERS -> 0;
        case INODE_CHUNK -> XfsDb.number(XfsDb.run(img, "convert inode " + rootino(img) + " agblock").stdout()
            .strip().split(" ")[0]);
        case FREE_SPACE_BTREE -> XfsDb.number(XfsDb.printFields(img, "agf 0").get("bnoroot"));
      };
    }
  }

  /** The file whose extent is damaged: /f's one extent in the inode, or /b's second record in its bmbt leaf. */
  enum Fork {
    EXTENTS("/f"), BTREE("/b");

    final String path;

    Fork(String path) {
      this.path = path;
    }

    /** xfs_db commands that select the damaged record's inode or block, and the record's field prefix. */
    List<String> select(long ino) {
      return this == EXTENTS ? List.of("inode " + ino) : List.of("inode " + ino, "addr u3.bmbt.ptrs[1]");
    }

    String record() {
      return this == EXTENTS ? "u3.bmx[0]" : "recs[1]";
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Fork f : Fork.values()) {
      for (Metadata m : Metadata.values()) {
        for (String cmd : List.of("fpunch 0 1m", "truncate 0")) {
          out.add(Arguments.of(f, m, cmd));
        }
      }
    }
    return out.stream();
  }

  /** /b: 1 MiB preallocated, then every other 8 KiB punched: 64 extents, more than the inode holds, so a bmbt. */
  private static List<String> btreeFileCommands() {
    List<String> cmds = new ArrayList<>(List.of("falloc 0 1m"));
    for (int i = 0; i < 64; i++) {
      cmds.add("fpunch " + (i * 16) + "k 8k");
    }
    return cmds;
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void refusedOnAnImageJxfsMade(Fork f, Metadata m, String command) throws Exception {
    if (jxfsBase == null) {
      Path img = dir().resolve("jxfs.img");
      run("mkfs", "-f", "-d", "size=64m,agcount=4", img.toString());
      run("io", "-f", "-c", "falloc 0 1m", img.toString(), "/f");
      List<String> args = new ArrayList<>(List.of("io", "-f"));
      for (String c : btreeFileCommands()) {
        args.add("-c");
        args.add(c);
      }
      args.add(img.toString());
      args.add("/b");
      run(args.toArray(String[]::new));
      jxfsBase = img;
    }
    refused(jxfsBase, f, m, command);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  @RequiresKernel
  void refusedOnAnImageTheKernelMade(Fork f, Metadata m, String command) throws Exception {
    if (kernelBase == null) {
      Path img = dir().resolve("kernel.img");
      MkfsXfs.format(img, SIZE, "-d", "agcount=4");
      try (LoopMount mnt = LoopMount.mount(img, dir().resolve("mnt"))) {
        XfsIo.run(List.of("-f"), mnt.path("f"), "falloc 0 1m").requireSuccess();
        XfsIo.run(List.of("-f"), mnt.path("b"), btreeFileCommands().toArray(String[]::new)).requireSuccess();
      }
      kernelBase = img;
    }
    refused(kernelBase, f, m, command);
  }

  private static void refused(Path base, Fork f, Metadata m, String command) throws Exception {
    Path img = dir().resolve("case.img");
    Files.copy(base, img, StandardCopyOption.REPLACE_EXISTING);
    long ino = XfsDb.number(XfsDb.run(img, "path " + f.path, "inode").stdout()
        .replaceAll("(?s).*current inode number is ", "").strip());
    assertThat(XfsDb.printFields(img, "inode " + ino).get("core.format")).startsWith(f == Fork.EXTENTS ? "2" : "3");
    long agbno = m.agbno(img);
    List<String> damage = new ArrayList<>(f.select(ino));
    damage.add("write -d " + f.record() + ".startblock " + agbno);
    damage.add("write -d " + f.record() + ".blockcount 2");
    DamagedImage.damage(img, damage.toArray(String[]::new));
    String before = DamagedImage.digest(img);
    JxfsCli.Result r = JxfsCli.run("io", "-c", command, img.toString(), f.path);
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(r.stderr()).as(r.describe())
        .contains("Metadata corruption detected: inode " + ino + " data fork")
        .contains("," + agbno + ",2,")
        .contains((command.startsWith("truncate") ? "ftruncate" : "fallocate") + ": Structure needs cleaning");
    assertThat(DamagedImage.digest(img)).as("image unchanged").isEqualTo(before);
  }

  private static long rootino(Path img) {
    return XfsDb.number(XfsDb.printFields(img, "sb 0").get("rootino"));
  }

  private static void run(String... args) {
    JxfsCli.Result r = JxfsCli.run(args);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("jxfs " + List.of(args) + " failed:\n" + r.describe());
    }
  }

  private static synchronized Path dir() {
    if (dir == null) {
      dir = TestDirs.unique("extent-over-metadata");
    }
    return dir;
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (dir != null) {
      TestDirs.delete(dir);
    }
  }
}
