// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.jxfs.tests.foundation.JxfsCli;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.ProcessRunner;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.RequiresXfsprogs;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsDb;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case of issue 18 on a real damaged image ({@link DamagedImage}): jxfs io refuses the command with the exact
 * line naming the structure, its address and the failed check, exits non-zero, and leaves every byte of the image
 * as it was. Each case fails without its fix: before it, the extent over metadata was freed (fpunch exited 0 and
 * the image was cross-linked), truncate escaped with an AssertionError or committed the new size, and the AGFL,
 * unlinked-list and refcount damage was accepted and written to.
 */
@RequiresXfsprogs
class HostileImageTest {

  /** A damage and what jxfs must answer. */
  record Refusal(String name, List<String> damage, String command, int exit, List<String> stderr) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String EXTENT = "inode 131 data fork extent ";

  static Stream<Refusal> refusals() {
    String corrupt = "Metadata corruption detected: ";
    return Stream.of(
        // A file extent over the bnobt and cntbt roots (AG 0 blocks 1 and 2).
        new Refusal("extent over the free-space btree roots, fpunch",
            List.of("path /f", "write -d u3.bmx[0].startblock 1", "write -d u3.bmx[0].blockcount 2"),
            "fpunch 0 4k", 1,
            List.of(corrupt + EXTENT + "[0,1,2,1] claims AG 0 block 1 (daddr 0x8), which holds the free list or a "
                + "free-space btree (AG blocks [1, 3))", "fallocate: Structure needs cleaning")),
        new Refusal("extent over the free-space btree roots, truncate",
            List.of("path /f", "write -d u3.bmx[0].startblock 1", "write -d u3.bmx[0].blockcount 2"),
            "truncate 0", 1,
            List.of(corrupt + EXTENT + "[0,1,2,1] claims AG 0 block 1 (daddr 0x8), which holds the free list or a "
                + "free-space btree (AG blocks [1, 3))", "ftruncate: Structure needs cleaning")),
        // A file extent over the root inode chunk (AG 0 blocks 16..23).
        new Refusal("extent over the root inode chunk, truncate",
            List.of("path /f", "write -d u3.bmx[0].startblock 16", "write -d u3.bmx[0].blockcount 4"),
            "truncate 0", 1,
            List.of(corrupt + EXTENT + "[0,16,4,1] claims AG 0 block 16 (daddr 0x80), which holds an inode chunk "
                + "(AG blocks [16, 24))", "ftruncate: Structure needs cleaning")),
        // A file extent over free space: found before the first transaction, so the size stays as it was.
        new Refusal("extent over free space, truncate keeps the size",
            List.of("path /f", "write -d u3.bmx[0].startblock 3000"),
            "truncate 4096", 1,
            List.of(corrupt + EXTENT + "[0,3000,256,1] claims AG 0 block 3001 (daddr 0x5dc8), which the "
                + "free-space btree lists as free (extent [280, 3816])", "ftruncate: Structure needs cleaning")),
        // AGFL slots: block 0 (the AG headers) and a block of an inode chunk.
        new Refusal("AGFL slot holding block 0",
            List.of("agfl 0", "write -d bno[1] 0"), "truncate 0", 1,
            List.of("io: IMG: " + corrupt + "xfs_agfl of AG 0 at daddr 0x3: slot 1 holds block 0, outside the AG's "
                + "data blocks [1, 4096)")),
        new Refusal("AGFL slot inside an inode chunk",
            List.of("agfl 0", "write -d bno[1] 17"), "truncate 0", 1,
            List.of("io: IMG: " + corrupt + "xfs_agfl of AG 0 at daddr 0x3: slot 1 holds block 17, which holds an "
                + "inode chunk")),
        // An inode in use on an AGI unlinked list.
        new Refusal("in-use inode on the AGI unlinked list",
            List.of("agi 0", "write -d unlinked[3] 131"), "truncate 0", 1,
            List.of("io: IMG: " + corrupt + "xfs_agi of AG 0 at daddr 0x2: unlinked bucket 3: inode 131 is in use "
                + "(di_nlink 1)")),
        // The refcount btree root: a bad magic with a good CRC, and a stale CRC.
        new Refusal("refcount btree root with a bad magic",
            List.of("fsb 5", "type refcntbt", "write -d magic 0"), "truncate 0", 1,
            List.of("io: IMG: " + corrupt + "xfs_refcountbt at daddr 0x28: bad magic 0x0")),
        new Refusal("refcount btree root with a bad CRC",
            List.of("fsb 5", "type refcntbt", "write -c numrecs 1"), "truncate 0", 1,
            List.of("io: IMG: " + corrupt + "xfs_refcountbt at daddr 0x28: CRC mismatch")),
        new Refusal("AGF pointing the refcount root at the inode btree root",
            List.of("agf 0", "write -d refcntroot 3"), "truncate 0", 1,
            List.of("io: IMG: " + corrupt + "xfs_refcountbt at daddr 0x18: block is cached as xfs_inobt")),
        // An inode whose magic is gone: the message names inode 131, not its index in the cluster.
        new Refusal("inode with a bad magic and a good CRC",
            List.of("inode 131", "write -d core.magic 0"), "truncate 0", 1,
            List.of("io: IMG: " + corrupt + "xfs_inode at daddr 0x80: inode 131: bad magic 0x0")),
        // Feature bits: an unknown incompatible bit is refused; an unknown read-only-compatible one opens read-only.
        new Refusal("unknown incompatible feature bit",
            List.of("sb 0", "write -d features_incompat 0x8000000b"), "truncate 0", 1,
            List.of("io: IMG: " + corrupt + "xfs_sb at daddr 0x0: unknown incompatible features: unknown incompat bit "
                + "0x80000000")),
        new Refusal("unknown read-only-compatible feature bit",
            List.of("sb 0", "write -d features_ro_compat 0x8000000d"), "truncate 0", 1,
            List.of("IMG: feature(s) jxfs cannot maintain: unknown ro_compat bit 0x80000000; opened read-only",
                "ftruncate: Read-only file system")),
        // sb_flags' XFS_SBF_READONLY (field fuzz "sb flags ones"): the kernel refuses a read-write mount (EROFS)
        // and mount(8) mounts it read-only; before, jxfs wrote to it
        new Refusal("superblock read-only flag",
            List.of("sb 0", "write -d flags 1"), "truncate 0", 1,
            List.of("IMG: the superblock allows only read-only mounts (sb_flags 0x1); opened read-only",
                "ftruncate: Read-only file system")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusedWithTheExactLineAndNothingWritten(Refusal c) throws Exception {
    Path dir = TestDirs.unique("hostile");
    Path img = dir.resolve("img");
    DamagedImage.make(img);
    DamagedImage.damage(img, c.damage().toArray(String[]::new));
    String before = DamagedImage.digest(img);

    JxfsCli.Result r = JxfsCli.run("io", "-c", c.command(), img.toString(), "/f");

    assertThat(r.exitCode()).as(r.describe()).isEqualTo(c.exit());
    List<String> expected = c.stderr().stream().map(l -> l.replace("IMG", img.toString())).toList();
    assertThat(DamagedImage.lines(r.stderr())).as(r.describe()).isEqualTo(expected);
    assertThat(DamagedImage.digest(img)).as("image bytes after a refused %s", c.command()).isEqualTo(before);
    TestDirs.delete(dir);
  }

  /**
   * {@code io -r} needs no write permission on the image: it opens the file read-only. The image is made immutable
   * ({@code chattr +i}), which refuses a read-write open even to root (a mode of 0444 would not stop root); before
   * the fix, {@code io -r} failed to open it.
   */
  @Test
  void readOnlyIoOpensAnImageItCannotWrite() throws Exception {
    Path dir = TestDirs.unique("hostile-io-r");
    Path img = dir.resolve("img");
    DamagedImage.make(img);
    String before = DamagedImage.digest(img);
    ProcessResult immutable = ProcessRunner.run("chattr", "+i", img.toString());
    assertThat(immutable.ok()).as("chattr +i: " + immutable.describe()).isTrue();
    try {
      JxfsCli.Result r = JxfsCli.run("io", "-r", "-c", "bmap", img.toString(), "/f");
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).startsWith("/f:\n\t0: [0..2047]: ");
    } finally {
      ProcessRunner.run("chattr", "-i", img.toString());
    }
    assertThat(DamagedImage.digest(img)).isEqualTo(before);
    TestDirs.delete(dir);
  }

  /**
   * A superblock free-block count far beyond the filesystem's size is not carried forward: the mount counts the
   * AG headers instead (xfs_check_summary_counts), says so, and the counters written back at unmount are right.
   */
  @Test
  void wildlyWrongFdblocksIsRecountedFromTheAgHeaders() throws Exception {
    Path dir = TestDirs.unique("hostile-fdblocks");
    Path img = dir.resolve("img");
    DamagedImage.make(img);
    long good = XfsDb.number(XfsDb.printFields(img, "sb 0").get("fdblocks"));
    DamagedImage.damage(img, "sb 0", "write -d fdblocks 999999999");

    JxfsCli.Result r = JxfsCli.run("io", "-c", "falloc 1m 64k", img.toString(), "/f");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(DamagedImage.lines(r.stderr())).as(r.describe()).containsExactly(img + ": superblock counters "
        + "fdblocks 999999999 icount 64 ifree 60 fail the sanity check; using the AG headers' fdblocks " + good
        + " icount 64 ifree 60");
    assertThat(XfsDb.number(XfsDb.printFields(img, "sb 0").get("fdblocks"))).isEqualTo(good - 16);
    XfsRepair.assertClean(img);
    TestDirs.delete(dir);
  }

  /**
   * xfs_admin -U generate clears the log the way xfs_repair does (libxfs_log_clear: one unmount record in a new
   * cycle, zeroed blocks, filler records of the old cycle) and xfs_admin -L rewrites the superblocks: the kernel
   * and xfs_repair take both as clean, and so does jxfs, which then writes to them.
   */
  @ParameterizedTest(name = "xfs_admin {0}")
  @MethodSource("adminChanges")
  void imagesAfterXfsAdminOpenAndStayClean(String args) throws Exception {
    Path dir = TestDirs.unique("hostile-admin");
    Path img = dir.resolve("img");
    DamagedImage.make(img);
    List<String> cmd = new java.util.ArrayList<>(List.of(org.jxfs.tests.oracle.Binaries.path("xfs_admin")));
    cmd.addAll(List.of(args.split(" ")));
    cmd.add(img.toString());
    org.jxfs.tests.oracle.ProcessRunner.of(cmd).run().requireSuccess();
    XfsRepair.assertClean(img);

    JxfsCli.Result r = JxfsCli.run("io", "-c", "falloc 1m 64k", "-c", "truncate 512k", img.toString(), "/f");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stderr()).isEmpty();
    XfsRepair.assertClean(img);
    TestDirs.delete(dir);
  }

  static Stream<String> adminChanges() {
    return Stream.of("-U generate", "-L scratch", "-U generate -L both");
  }

  /**
   * The same extent damage on a file the kernel wrote: the kernel preallocates /f on a loop mount, xfs_db points
   * its extent at the bnobt root, and jxfs refuses fpunch and truncate without changing a byte.
   */
  @Test
  @RequiresKernel
  void extentOverMetadataInAKernelMadeFileIsRefused() throws Exception {
    Path dir = TestDirs.unique("hostile-kernel");
    Path img = dir.resolve("img");
    org.jxfs.tests.oracle.MkfsXfs.format(img, DamagedImage.SIZE, "-d", "agcount=4");
    try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"))) {
      org.jxfs.tests.oracle.XfsIo.run(List.of("-f"), m.path("f"), "falloc 0 1m").requireSuccess();
    }
    long ino = XfsDb.number(XfsDb.run(img, "path /f", "inode").stdout().replaceAll("(?s).*current inode number is ",
        "").strip());
    DamagedImage.damage(img, "inode " + ino, "write -d u3.bmx[0].startblock 1");
    String before = DamagedImage.digest(img);
    for (String c : List.of("fpunch 0 4k", "truncate 0")) {
      JxfsCli.Result r = JxfsCli.run("io", "-c", c, img.toString(), "/f");
      assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
      assertThat(r.stderr()).as(r.describe()).contains("inode " + ino + " data fork extent [0,1,")
          .contains("claims AG 0 block 1 (daddr 0x8), which holds the free list or a free-space btree")
          .contains("Structure needs cleaning");
      assertThat(DamagedImage.digest(img)).isEqualTo(before);
    }
    assertThat(Files.exists(img)).isTrue();
    TestDirs.delete(dir);
  }
}
