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
 * the inode and its extent, exit status 1 and not one byte of the image changed; on an image jxfs made (its mkfs,
 * /f preallocated by jxfs io) and on one the kernel made (mkfs.xfs, /f preallocated by xfs_io on a loop mount).
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

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Metadata m : Metadata.values()) {
      for (String cmd : List.of("fpunch 0 4k", "truncate 0")) {
        out.add(Arguments.of(m, cmd));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void refusedOnAnImageJxfsMade(Metadata m, String command) throws Exception {
    if (jxfsBase == null) {
      jxfsBase = dir().resolve("jxfs.img");
      run("mkfs", "-f", "-d", "size=64m,agcount=4", jxfsBase.toString());
      run("io", "-f", "-c", "falloc 0 1m", jxfsBase.toString(), "/f");
    }
    refused(jxfsBase, m, command);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  @RequiresKernel
  void refusedOnAnImageTheKernelMade(Metadata m, String command) throws Exception {
    if (kernelBase == null) {
      Path img = dir().resolve("kernel.img");
      MkfsXfs.format(img, SIZE, "-d", "agcount=4");
      try (LoopMount mnt = LoopMount.mount(img, dir().resolve("mnt"))) {
        XfsIo.run(List.of("-f"), mnt.path("f"), "falloc 0 1m").requireSuccess();
      }
      kernelBase = img;
    }
    refused(kernelBase, m, command);
  }

  private static void refused(Path base, Metadata m, String command) throws Exception {
    Path img = dir().resolve("case.img");
    Files.copy(base, img, StandardCopyOption.REPLACE_EXISTING);
    long ino = XfsDb.number(XfsDb.run(img, "path /f", "inode").stdout()
        .replaceAll("(?s).*current inode number is ", "").strip());
    long agbno = m.agbno(img);
    DamagedImage.damage(img, "inode " + ino, "write -d u3.bmx[0].startblock " + agbno,
        "write -d u3.bmx[0].blockcount 2");
    String before = DamagedImage.digest(img);
    JxfsCli.Result r = JxfsCli.run("io", "-c", command, img.toString(), "/f");
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(r.stderr()).as(r.describe())
        .contains("Metadata corruption detected: inode " + ino + " data fork")
        .contains("[0," + agbno + ",2,")
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
