// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import org.jxfs.core.XfsException;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mkfs.MkfsPlan;
import org.jxfs.core.mount.Mount;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jxfs refuses damaged images: one byte flipped (CRC left stale) in each metadata structure a mount reads makes
 * {@link Mount#open} throw an {@link XfsException} naming the structure and its disk address, and
 * {@code jxfs check} report it (exit 1) in a line naming the structure and the same address. A log the kernel left
 * dirty is refused too, and reported by check.
 */
class CorruptionTest {
  private static final long SIZE = 64L << 20;

  /**
   * Where to flip: the structure's name as jxfs reports it, the byte offset of the structure on the device (also
   * its daddr), and the offset of the flipped byte inside it (a field, never the CRC).
   */
  record Target(String what, String struct, ToLongFunction<MkfsPlan> start, int fieldOffset) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Target> targets() {
    return Stream.of(
        new Target("primary sb (fdblocks)", "xfs_sb", p -> 0, 144 + 7),
        new Target("agf 1 (freeblks)", "xfs_agf", p -> header(p, 1, Agf.SECTOR), 52 + 3),
        new Target("agi 2 (freecount)", "xfs_agi", p -> header(p, 2, Agi.SECTOR), 28 + 3),
        new Target("agfl 3 (seqno)", "xfs_agfl", p -> header(p, 3, Agfl.SECTOR), 4 + 3),
        new Target("bnobt root of ag 0 (first record)", "xfs_bnobt", p -> block(p, 0, p.bnoRootAgbno()), 56 + 3),
        new Target("cntbt root of ag 1 (numrecs)", "xfs_cntbt", p -> block(p, 1, p.cntRootAgbno()), 7),
        new Target("inobt root of ag 0 (first record)", "xfs_inobt", p -> block(p, 0, p.inoRootAgbno()), 56 + 3),
        new Target("finobt root of ag 2 (level)", "xfs_finobt", p -> block(p, 2, p.finoRootAgbno()), 5),
        new Target("root inode (nlink)", "xfs_inode", p -> p.geometry().inoToByte(p.rootino()), 16 + 3),
        new Target("free inode 5 after the root, same cluster (mode)", "xfs_inode",
            p -> p.geometry().inoToByte(p.rootino() + 5), 3));
  }

  private static long header(MkfsPlan p, int agno, int sector) {
    return Geometry.bbToB(p.geometry().agHeaderDaddr(agno, sector));
  }

  private static long block(MkfsPlan p, int agno, long agbno) {
    return Geometry.bbToB(p.geometry().agbToDaddr(agno, agbno));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void flippedByteIsRefusedWithStructureAndAddress(Target t) throws Exception {
    Path dir = TestDirs.unique("corrupt");
    Path img = dir.resolve("img");
    MkfsPlan plan = Mkfs.format(img, MkfsOptions.builder().dataSize(SIZE).finobt(true).force(true).build());
    assertThat(plan.agcount()).isEqualTo(4);
    try (Mount mp = Mount.open(img, true)) {
      assertThat(mp.geometry().agcount).isEqualTo(4);   // pristine image opens
    }
    long start = t.start().applyAsLong(plan);
    flipByte(img, start + t.fieldOffset());

    XfsException e = catchThrowableOfType(() -> Mount.open(img, true).close(), XfsException.class);
    assertThat(e).as("Mount.open of an image with a flipped byte in the %s", t).isNotNull();
    List<String> daddrs = inodeAware(plan, t, start);
    assertThat(e.getMessage()).as("%s", t).contains(t.struct())
        .satisfiesAnyOf(daddrs.stream().<org.assertj.core.api.ThrowingConsumer<String>>map(
            d -> m -> assertThat(m).contains("daddr " + d)).toArray(org.assertj.core.api.ThrowingConsumer[]::new));
    JxfsCli.Result check = JxfsCli.run("check", img.toString());
    assertThat(check.exitCode()).as("jxfs check:\n%s", check.describe()).isEqualTo(1);
    assertThat(check.stdout().lines()).as("jxfs check:\n%s", check.describe())
        .anyMatch(l -> l.startsWith(t.struct() + " ") && daddrs.stream().anyMatch(d -> l.contains("daddr " + d)));
    TestDirs.delete(dir);
  }

  /** The structure's daddr; for an inode also its cluster buffer's (the first block of the root chunk). */
  private static List<String> inodeAware(MkfsPlan plan, Target t, long start) {
    String own = "0x" + Long.toHexString(start >> Geometry.BBSHIFT);
    if (!t.struct().equals("xfs_inode")) {
      return List.of(own);
    }
    Geometry g = plan.geometry();
    long chunk = g.agbToDaddr(g.inoToAgno(plan.rootino()), g.inoToAgbno(plan.rootino()));
    return List.of(own, "0x" + Long.toHexString(chunk));
  }

  static void flipByte(Path img, long offset) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x01);
    }
  }

  @Test
  @RequiresKernel
  void dirtyLogIsRefused() throws Exception {
    Path dir = TestDirs.unique("dirty-log");
    Path img = dir.resolve("img");
    JxfsCli.Result mk = JxfsCli.run("mkfs", "-q", "-f", "-d", "size=64m", img.toString());
    assertThat(mk.exitCode()).as(mk.describe()).isZero();
    try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"))) {
      Files.write(m.path("f"), new byte[64 * 1024]);
      Files.createDirectory(m.path("d"));
      ProcessResult shut = XfsIo.run(List.of("-x"), m.mountDir(), "shutdown -f");
      assertThat(shut.ok()).as(shut.describe()).isTrue();
    }
    XfsException e = catchThrowableOfType(() -> Mount.open(img, true).close(), XfsException.class);
    assertThat(e).as("Mount.open after a forced shutdown").isNotNull();
    assertThat(e.getMessage()).contains("log is dirty");
    JxfsCli.Result check = JxfsCli.run("check", img.toString());
    assertThat(check.exitCode()).as(check.describe()).isEqualTo(1);
    assertThat(check.stdout()).as(check.describe()).contains("xfs_log ").contains("log is dirty");
    TestDirs.delete(dir);
  }
}
