// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jxfs.tests.foundation.JxfsCli;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.RepairResult;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsDb;
import org.jxfs.tests.oracle.XfsIo;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code jxfs check} against {@code xfs_repair -n}, image by image: the exit status must be the same on clean
 * images (jxfs-made, kernel-made after a workload on a loop mount, mkfs.xfs defaults) and on each image corrupted
 * in one structure or field with {@code xfs_db -x}: {@code write} (the CRC recomputed), {@code write -d} (the
 * verifier bypassed, the CRC still valid) or {@code write -c} (the CRC left wrong). Every corruption xfs_repair
 * finds must be reported by a line naming the structure and its disk address.
 */
@RequiresKernel
class CheckOracleTest {
  /** One corruption: its name, the base image, the structures a finding may name, and the xfs_db commands. */
  record Corruption(String name, char base, List<String> structures, List<String> commands) {
    @Override
    public String toString() {
      return base + ":" + name;
    }
  }

  private static final Pattern ADDRESS = Pattern.compile("daddr 0x[0-9a-f]+");
  private static Path dir;
  private static CheckImages.Base kernel;
  private static CheckImages.Base jxfs;
  private static CheckImages.Base defaults;
  private static final AtomicInteger DETECTED = new AtomicInteger();
  private static final List<String> TABLE = new ArrayList<>();

  @BeforeAll
  static void images() throws Exception {
    dir = TestDirs.unique("check-oracle");
    kernel = CheckImages.kernel(dir);
    jxfs = CheckImages.jxfs(dir);
    defaults = CheckImages.mkfsDefaults(dir);
  }

  @AfterAll
  static void cleanUp() throws Exception {
    Files.write(dir.getParent().resolve("check-oracle.txt"), TABLE);
    TestDirs.delete(dir);
  }

  private static Corruption k(String name, String structures, String... commands) {
    return new Corruption(name, 'K', List.of(structures.split(",")), List.of(commands));
  }

  private static Corruption j(String name, String structures, String... commands) {
    return new Corruption(name, 'J', List.of(structures.split(",")), List.of(commands));
  }

  /** {F}: an inode freed by the workload; {A}: its AG; {L}, {R}: a leaf directory's leaf and free-index dblocks. */
  static List<Corruption> corruptions() {
    String crc = "write -c lsn 0x100000005";
    return List.of(
        k("sb 0 fdblocks", "xfs_sb", "sb 0", "write fdblocks 12345"),
        k("sb 0 icount", "xfs_sb", "sb 0", "write icount 999"),
        k("sb 0 magic", "xfs_sb", "sb 0", "write -d magicnum 0"),
        k("sb 0 bad CRC", "xfs_sb", "sb 0", "write -c fname \"zzz\""),
        k("sb 1 agblocks", "xfs_sb", "sb 1", "write -d agblocks 1000"),
        k("sb 2 bad CRC", "xfs_sb", "sb 2", "write -c fname \"zzz\""),
        k("sb 3 dblocks", "xfs_sb", "sb 3", "write -d dblocks 7"),
        k("agf 0 freeblks", "xfs_agf", "agf 0", "write -d freeblks 100"),
        k("agf 1 longest", "xfs_agf", "agf 1", "write longest 3"),
        k("agf 2 flcount", "xfs_agf", "agf 2", "write flcount 2"),
        k("agf 1 magic", "xfs_agf", "agf 1", "write -d magicnum 0"),
        k("agf 3 bad CRC", "xfs_agf", "agf 3", crc),
        k("agf 2 bnolevel", "xfs_agf,xfs_bnobt", "agf 2", "write bnolevel 2"),
        k("agf 0 btreeblks", "xfs_agf", "agf 0", "write btreeblks 9"),
        k("agf 0 refcntblocks", "xfs_agf", "agf 0", "write refcntblocks 3"),
        k("agi 0 count", "xfs_agi", "agi 0", "write count 100"),
        k("agi 1 freecount", "xfs_agi", "agi 1", "write freecount 1"),
        k("agi 0 root", "xfs_agi,xfs_inobt", "agi 0", "write root 7"),
        k("agi 2 bad CRC", "xfs_agi", "agi 2", crc),
        k("agi 3 magic", "xfs_agi", "agi 3", "write -d magicnum 5"),
        k("agi 0 unlinked bucket", "xfs_agi", "agi 0", "write unlinked[3] 150"),
        k("agfl 1 bad CRC", "xfs_agfl", "agfl 1", crc),
        k("agfl 2 magic", "xfs_agfl", "agfl 2", "write -d magicnum 0"),
        k("agfl 0 slot 1 rewritten", "xfs_agfl", "agfl 0", "write bno[1] 9"),
        k("bnobt record length", "xfs_agf,xfs_bnobt", "agf 3", "addr bnoroot", "write recs[1].blockcount 5"),
        k("bnobt bad CRC", "xfs_bnobt", "agf 1", "addr bnoroot", crc),
        k("bnobt magic", "xfs_bnobt", "agf 0", "addr bnoroot", "write -d magic 0"),
        k("cntbt record start", "xfs_agf,xfs_cntbt", "agf 3", "addr cntroot", "write recs[1].startblock 40"),
        k("cntbt bad CRC", "xfs_cntbt", "agf 2", "addr cntroot", crc),
        k("inobt bad CRC", "xfs_inobt", "agi 1", "addr root", crc),
        k("inobt numrecs", "xfs_inobt", "agi 1", "addr root", "write -d numrecs 500"),
        k("inobt freecount", "xfs_inobt", "agi {A}", "addr root", "write recs[1].freecount 33"),
        k("finobt bad CRC", "xfs_finobt", "agi 2", "addr free_root", crc),
        k("refcountbt bad CRC", "xfs_refcountbt", "agf 0", "addr refcntroot", crc),
        k("root nlink", "xfs_inode", "path /", "write core.nlinkv2 9"),
        k("file nextents", "xfs_inode", "path /data", "write core.nextents 7"),
        k("file nblocks", "xfs_inode", "path /data", "write core.nblocks 3"),
        k("in-use inode mode 0", "xfs_inode", "path /short-link", "write core.mode 0"),
        k("file format local", "xfs_inode", "path /data", "write core.format 1"),
        k("inode bad CRC", "xfs_inode", "path /data", "write -c core.gen 77"),
        k("inode forkoff", "xfs_inode", "path /data", "write -d core.forkoff 60"),
        k("extent on metadata", "xfs_inode", "path /data", "write u3.bmx[0].startblock 1"),
        k("extent into free space", "xfs_inode", "path /data", "write u3.bmx[0].blockcount 9000"),
        k("free inode in use", "xfs_inode", "inode {F}", "write core.mode 0100644"),
        k("inode magic", "xfs_inode", "path /long-link", "write -d core.magic 0"),
        k("inode version", "xfs_inode", "path /long-link", "write -d core.version 2"),
        k("extents beyond the fork", "xfs_inode", "path /data", "write -d core.nextents 1000"),
        k("directory size 0", "xfs_inode", "path /sf", "write -d core.size 0"),
        k("bmbt bad CRC", "xfs_bmbt", "path /frag", "addr u3.bmbt.ptrs[1]", crc),
        k("bmbt level", "xfs_bmbt", "path /frag", "addr u3.bmbt.ptrs[1]", "write -d level 3"),
        k("bmbt owner", "xfs_bmbt", "path /frag", "addr u3.bmbt.ptrs[1]", "write -d owner 131"),
        k("bmbt record on metadata", "xfs_bmbt", "path /frag", "addr u3.bmbt.ptrs[1]",
            "write recs[2].startblock 12"),
        k("short-form entry to a free inode", "xfs_dir3", "path /sf", "write u3.sfdir3.list[0].inumber.i4 {F}"),
        k("short-form parent", "xfs_dir3", "path /sf", "write u3.sfdir3.hdr.parent.i4 {F}"),
        k("short-form count", "xfs_dir3", "path /sf", "write -d u3.sfdir3.hdr.count 9"),
        k("block dir entry to a free inode", "xfs_dir3", "path /blk", "dblock 0", "write bu[3].inumber {F}"),
        k("block dir bad CRC", "xfs_dir3_block", "path /blk", "dblock 0", "write -c bhdr.hdr.lsn 0x100000005"),
        k("block dir magic", "xfs_dir3_block", "path /blk", "dblock 0", "write -d bhdr.hdr.magic 0"),
        k("leaf dir data entry to a free inode", "xfs_dir3", "path /leaf", "dblock 0",
            "write du[4].inumber {F}"),
        k("leaf dir data bad CRC", "xfs_dir3_data", "path /leaf", "dblock 1", "write -c dhdr.hdr.lsn 0x100000005"),
        k("leaf dir leaf bad CRC", "xfs_dir3_leaf", "path /leaf", "dblock {L}", "write -c lhdr.info.lsn 0x100000005"),
        k("node dir free index bad CRC", "xfs_dir3_free", "path /node", "dblock {R}",
            "write -c fhdr.hdr.lsn 0x100000005"),
        k("node dir data bad CRC", "xfs_dir3_data", "path /node", "dblock 3", "write -c dhdr.hdr.lsn 0x100000005"),
        k("symlink size", "xfs_inode", "path /short-link", "write core.size 5000"),
        k("hard link count", "xfs_inode", "path /hard", "write core.nlinkv2 1"),
        k("directory link count", "xfs_inode", "path /sf", "write core.nlinkv2 5"),
        k("atime (harmless)", "", "path /data", "write core.atime.sec 12345"),
        k("file size (harmless)", "", "path /data", "write core.size 100"),
        j("root nlink", "xfs_inode", "path /", "write core.nlinkv2 9"),
        j("agf 1 freeblks", "xfs_agf", "agf 1", "write -d freeblks 10"),
        j("agi 0 freecount", "xfs_agi", "agi 0", "write freecount 9"),
        j("bmbt bad CRC", "xfs_bmbt", "path /frag", "addr u3.bmbt.ptrs[1]", crc),
        j("short-form entry to a free inode", "xfs_dir3", "path /sf", "write u3.sfdir3.list[0].inumber.i4 {F}"),
        j("block dir bad CRC", "xfs_dir3_block", "path /blk", "dblock 0", "write -c bhdr.hdr.lsn 0x100000005"),
        j("file nblocks", "xfs_inode", "path /pre", "write core.nblocks 3"),
        j("written extent into free space", "xfs_inode", "path /data", "write u3.bmx[0].blockcount 3000"),
        // (the same in a block directory makes xfs_repair 6.1 -n die of SIGSEGV in phase 3)
        j("duplicate name in a short-form dir", "xfs_dir3", "path /sf", "write -d u3.sfdir3.list[1].name \"f0\""),
        j("free inode in use", "xfs_inode", "inode {F}", "write core.mode 0100644"),
        j("finobt bad CRC", "xfs_finobt", "agi 0", "addr free_root", crc));
  }

  @TestFactory
  Stream<DynamicTest> cleanImagesAgree() {
    return Stream.of(kernel, jxfs, defaults).map(b -> DynamicTest.dynamicTest(b.name(), () -> {
      RepairResult repair = XfsRepair.check(b.img());
      JxfsCli.Result check = JxfsCli.run("check", b.img().toString());
      TABLE.add(String.format("%-40s repair %d check %d", "clean " + b.name(), repair.exitCode(),
          check.exitCode()));
      assertThat(repair.exitCode()).as(repair.output()).isZero();
      assertThat(check.exitCode()).as(check.describe()).isZero();
      assertThat(check.stdout()).contains("no problems found");
    }));
  }

  /** A log the kernel left dirty (a forced shutdown): xfs_repair -n counts it as a problem, and so does check. */
  @Test
  void dirtyLogAgrees() throws Exception {
    Path img = CheckImages.copy(kernel.img(), dir.resolve("dirty-log.img"));
    try (LoopMount m = LoopMount.mount(img, dir.resolve("dirty-mnt"))) {
      Files.writeString(m.path("after"), "unreplayed");
      Files.createDirectory(m.path("after-dir"));
      ProcessResult shut = XfsIo.run(List.of("-x"), m.mountDir(), "shutdown -f");
      assertThat(shut.ok()).as(shut.describe()).isTrue();
    }
    RepairResult repair = XfsRepair.check(img);
    JxfsCli.Result check = JxfsCli.run("check", img.toString());
    TABLE.add(String.format("%-40s repair %d check %d  %s", "dirty log", repair.exitCode(), check.exitCode(),
        check.stdout().lines().findFirst().orElse("")));
    assertThat(check.exitCode()).as(check.describe()).isEqualTo(repair.exitCode()).isEqualTo(1);
    assertThat(check.stdout())
        .containsPattern("(?m)^xfs_log agno \\d+ agbno \\d+ \\(daddr 0x[0-9a-f]+\\): the log is dirty");
    Files.delete(img);
  }

  @TestFactory
  Stream<DynamicTest> corruptedImagesAgree() {
    Stream<DynamicTest> each = corruptions().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(c)));
    DynamicTest enough = DynamicTest.dynamicTest("at least 40 corruptions found by both", () ->
        assertThat(DETECTED.get()).as("corruptions xfs_repair -n and jxfs check both reported")
            .isGreaterThanOrEqualTo(40));
    return Stream.concat(each, Stream.of(enough));
  }

  private void run(Corruption c) {
    CheckImages.Base base = c.base() == 'K' ? kernel : jxfs;
    Path img = CheckImages.copy(base.img(), dir.resolve(c.name().replaceAll("[^a-zA-Z0-9]+", "-") + ".img"));
    try {
      String[] cmds = c.commands().stream().map(s -> s.replace("{F}", Long.toString(base.freeIno()))
          .replace("{A}", Long.toString(base.freeInoAg())).replace("{L}", Long.toString(CheckImages.LEAF_DBLOCK))
          .replace("{R}", Long.toString(CheckImages.FREE_DBLOCK))).toArray(String[]::new);
      ProcessResult db = XfsDb.runExpert(img, cmds);
      assertThat(db.output()).as("xfs_db %s", Arrays.toString(cmds))
          .doesNotContain("not found", "parsing error", "write error", "no current", "invalid", "bad value");
      RepairResult repair = XfsRepair.check(img);
      JxfsCli.Result check = JxfsCli.run("check", img.toString());
      TABLE.add(String.format("%-40s repair %d check %d  %s", c, repair.exitCode(), check.exitCode(),
          check.stdout().lines().filter(l -> !l.startsWith("note:")).findFirst().orElse("")));
      assertThat(check.stderr()).as("no stack trace").doesNotContain("Exception", "\tat ");
      assertThat(check.exitCode()).as("jxfs check vs xfs_repair -n on %s\n--- xfs_repair:\n%s\n--- check:\n%s", c,
          repair.output(), check.describe()).isEqualTo(repair.exitCode());
      if (repair.exitCode() == 1) {
        assertThat(check.stdout().lines().filter(l -> !l.startsWith("warning:") && !l.startsWith("note:"))
            .anyMatch(l -> c.structures().stream().anyMatch(l::startsWith) && ADDRESS.matcher(l).find()))
            .as("a finding naming %s with its disk address:\n%s", c.structures(), check.stdout()).isTrue();
        DETECTED.incrementAndGet();
      }
    } finally {
      try {
        Files.deleteIfExists(img);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
