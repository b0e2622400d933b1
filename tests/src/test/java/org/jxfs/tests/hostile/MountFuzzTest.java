// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.hostile;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.Cksum;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.Sb;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mkfs.MkfsPlan;
import org.jxfs.core.mount.Mount;
import org.jxfs.fs.Dir2Block;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.tests.oracle.TestDirs;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing (Jazzer) of the mount path and every verifier it runs: an input picks one structure of a
 * real jxfs image (one 16 MiB AG, mkfs.xfs 6.1's default features, a preallocated /f with a hole, a block, a leaf
 * and a node directory, a file /b whose data fork is a btree), XORs bytes into it, optionally makes its CRC right
 * again so the structure checks behind the CRC are reached, and the image is then mounted read-only and read-write
 * and given falloc, punch, truncate and a new file; then, in a mount of its own, a damaged directory is given a
 * lookup, a create and a remove, and a damaged bmbt's file /b a punch and a falloc. jxfs may refuse (an {@link XfsException}); any other
 * exception or a failed assertion (the build runs with -ea) is a finding. The corpus under
 * {@code MountFuzzTestInputs/mountPathAndVerifiers} (the real image, and each structure with a change) is replayed
 * by every build; {@code -Pstress} fuzzes for 30 minutes.
 *
 * <p>Input: byte 0 picks the {@link Region}, bit 0 of byte 1 recomputes the CRC, then groups of three bytes (offset
 * high, offset low, value) XOR one byte each at offset modulo the structure's length.
 */
class MountFuzzTest {
  /** The structures an input can damage. */
  enum Region {
    SB, AGF, AGI, AGFL, BNOBT_ROOT, CNTBT_ROOT, INOBT_ROOT, FINOBT_ROOT, REFCOUNTBT_ROOT, ROOT_INODE_CLUSTER,
    FILE_INODE, LOG_HEAD,
    /** /bd's one block (a block directory). */
    DIR_BLOCK,
    /** /ld's first data block and its leaf (a leaf directory). */
    DIR_DATA, DIR_LEAF1,
    /** /nd's da node, its first leaf and its free index (a node directory). */
    DIR_NODE, DIR_LEAFN, DIR_FREE,
    /** The bmbt leaf of /b, whose data fork is a btree. */
    BMBT_LEAF
  }

  /** The directories of the seed image and how many entries make each format (40 block, 200 leaf, 900 node). */
  private static final Map<String, Integer> DIRS = Map.of("/bd", 40, "/ld", 200, "/nd", 900);
  /** The first leaf block and the free index of a directory with 4 KiB blocks (XFS_DIR2_LEAF_OFFSET, _FREE_). */
  private static final long DIR_LEAF_DBLOCK = (32L << 30) / 4096;
  private static final long DIR_FREE_DBLOCK = 2 * DIR_LEAF_DBLOCK;
  /** struct xfs_da3_blkinfo's crc (leaf and node blocks); data, block and free blocks have theirs at 4. */
  private static final int DA3_BLKINFO_OFF_CRC = 12;

  private static final long SIZE = 16L << 20;
  private static final UUID FIXED = UUID.fromString("6a756e69-7431-4a78-8673-66757a7a6564");
  private static byte[] seed;
  private static Geometry geo;
  private static long fileIno;
  private static final Map<Region, Long> BLOCKS = new EnumMap<>(Region.class);
  private static Path work;
  private static long bmbtIno;

  private static synchronized void init() throws Exception {
    if (seed != null) {
      return;
    }
    work = TestDirs.unique("mount-fuzz");
    Path img = work.resolve("seed.img");
    MkfsPlan plan = Mkfs.format(img, MkfsOptions.builder().dataSize(SIZE).agcount(1).mkfsXfsDefaultFeatures()
        .uuid(FIXED).force(true).quiet(true).build());
    geo = plan.geometry();
    try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false)) {
      f.fallocate(0, 1 << 20);
      f.punchHole(256 << 10, 64 << 10);
      fileIno = f.inode().ino;
    }
    try (Xfs fs = Xfs.open(img)) {
      for (String d : List.of("/bd", "/ld", "/nd")) {
        fs.mkdir(d, 0755);
        for (int i = 0; i < DIRS.get(d); i++) {
          fs.create(d + "/e" + i, 0644);
        }
      }
      try (XfsFile b = fs.openFile("/b", true, false)) {
        b.fallocate(0, 1 << 20);
        for (int i = 0; i < 64; i++) {
          b.punchHole(i * (16 << 10), 8 << 10);
        }
      }
      BLOCKS.put(Region.DIR_BLOCK, dirBlock(fs, "/bd", 0));
      BLOCKS.put(Region.DIR_DATA, dirBlock(fs, "/ld", 0));
      BLOCKS.put(Region.DIR_LEAF1, dirBlock(fs, "/ld", DIR_LEAF_DBLOCK));
      BLOCKS.put(Region.DIR_NODE, dirBlock(fs, "/nd", DIR_LEAF_DBLOCK));
      BLOCKS.put(Region.DIR_LEAFN, dirBlock(fs, "/nd", DIR_LEAF_DBLOCK + 1));
      BLOCKS.put(Region.DIR_FREE, dirBlock(fs, "/nd", DIR_FREE_DBLOCK));
      bmbtIno = fs.lookup("/b");
    }
    seed = Files.readAllBytes(img);
    for (long off = 0; off < seed.length; off += geo.blocksize) {
      if (BigEndian.u32(seed, (int) off) == BtreeBlock.BMAP_CRC_MAGIC
          && BigEndian.u64(seed, (int) off + BtreeBlock.OFF_L_OWNER) == bmbtIno) {
        BLOCKS.put(Region.BMBT_LEAF, off);
      }
    }
    if (BLOCKS.size() != 7) {
      throw new IllegalStateException("the seed image lacks a structure to fuzz: " + BLOCKS.keySet());
    }
  }

  /** The byte offset of directory {@code path}'s block at directory block {@code dblock}. */
  private static long dirBlock(Xfs fs, String path, long dblock) throws XfsException {
    try (XfsFile d = fs.openFile(path, false, true)) {
      for (BmbtIrec e : d.extents()) {
        if (dblock >= e.startoff() && dblock < e.startoff() + e.blockcount()) {
          return Geometry.bbToB(geo.fsbToDaddr(e.startblock() + dblock - e.startoff()));
        }
      }
    }
    throw new IllegalStateException(path + " maps no block " + dblock);
  }

  @FuzzTest(maxDuration = "30m")
  @Timeout(value = 40, unit = TimeUnit.MINUTES) // the build's 5-minute default would end the -Pstress run early
  void mountPathAndVerifiers(byte[] input) throws Exception {
    init();
    if (input.length < 2) {
      return;
    }
    Region region = Region.values()[(input[0] & 0xff) % Region.values().length];
    byte[] img = seed.clone();
    int start = (int) start(region);
    int len = length(region);
    for (int i = 2; i + 2 < input.length; i += 3) {
      int off = (((input[i] & 0xff) << 8) | (input[i + 1] & 0xff)) % len;
      img[start + off] ^= input[i + 2];
    }
    if ((input[1] & 1) != 0) {
      fixCrc(region, img, start, len);
    }
    Path path = work.resolve("case.img");
    try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
      f.setLength(0);
      f.write(img);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    exercise(path, region);
  }

  /**
   * Read-only mount, then a read-write one with the operations a user runs, then those that reach the damaged
   * directory or bmbt; refusals are expected.
   */
  private static void exercise(Path path, Region region) {
    try {
      Mount.open(path, true).close();
    } catch (XfsException e) {
      // refused: what a damaged image should get
    }
    try (Xfs fs = Xfs.open(path)) {
      try (XfsFile f = fs.openFile("/f", false, false)) {
        f.fallocate(2 << 20, 256 << 10);
        f.punchHole(0, 64 << 10);
        f.truncate(512 << 10);
      }
      try (XfsFile g = fs.openFile("/g", true, false)) {
        g.fallocate(0, 64 << 10);
      }
    } catch (XfsException e) {
      // refused or shut down
    }
    // the damaged directory, in a mount of its own so a refusal above does not keep it from being reached
    String dir = switch (region) {
      case DIR_BLOCK -> "/bd";
      case DIR_DATA, DIR_LEAF1 -> "/ld";
      case DIR_NODE, DIR_LEAFN, DIR_FREE -> "/nd";
      default -> null;
    };
    if (dir != null) {
      try (Xfs fs = Xfs.open(path)) {
        fs.lookup(dir + "/e" + (DIRS.get(dir) - 1));
        fs.create(dir + "/new", 0644);
        fs.unlink(dir + "/e7");
      } catch (XfsException e) {
        // refused or shut down
      }
    }
    if (region != Region.BMBT_LEAF) {
      return;
    }
    try (Xfs fs = Xfs.open(path); XfsFile b = fs.openFile("/b", false, false)) {
      b.punchHole(40 << 10, 8 << 10);
      b.fallocate(0, 64 << 10);
    } catch (XfsException e) {
      // refused or shut down
    }
  }

  private static long start(Region r) {
    return switch (r) {
      case SB -> 0;
      case AGF -> Geometry.bbToB(geo.agHeaderDaddr(0, Agf.SECTOR));
      case AGI -> Geometry.bbToB(geo.agHeaderDaddr(0, Agi.SECTOR));
      case AGFL -> Geometry.bbToB(geo.agHeaderDaddr(0, Agfl.SECTOR));
      case BNOBT_ROOT -> root(0, Agf.SECTOR, Agf.OFF_ROOTS);
      case CNTBT_ROOT -> root(0, Agf.SECTOR, Agf.OFF_ROOTS + 4);
      case INOBT_ROOT -> root(0, Agi.SECTOR, Agi.OFF_ROOT);
      case FINOBT_ROOT -> root(0, Agi.SECTOR, Agi.OFF_FREE_ROOT);
      case REFCOUNTBT_ROOT -> root(0, Agf.SECTOR, Agf.OFF_REFCOUNT_ROOT);
      case ROOT_INODE_CLUSTER -> geo.inoToByte(new Sb(seed).rootino());
      case FILE_INODE -> geo.inoToByte(fileIno);
      case LOG_HEAD -> Geometry.bbToB(geo.logDaddr());
      default -> BLOCKS.get(r);
    };
  }

  private static int length(Region r) {
    return switch (r) {
      case SB, AGF, AGI, AGFL -> geo.sectsize;
      case ROOT_INODE_CLUSTER -> geo.inodesize * 4;
      case FILE_INODE -> geo.inodesize;
      case LOG_HEAD -> 8 * Geometry.BBSIZE;
      default -> geo.blocksize;
    };
  }

  private static long root(int agno, int sector, int field) {
    int hdr = (int) Geometry.bbToB(geo.agHeaderDaddr(agno, sector));
    long agbno = ((seed[hdr + field] & 0xffL) << 24) | ((seed[hdr + field + 1] & 0xff) << 16)
        | ((seed[hdr + field + 2] & 0xff) << 8) | (seed[hdr + field + 3] & 0xff);
    return Geometry.bbToB(geo.agbToDaddr(agno, agbno));
  }

  private static void fixCrc(Region r, byte[] img, int start, int len) {
    switch (r) {
      case SB -> new Sb(img, start).updateCrc(len);
      case AGF -> new Agf(img, start).updateCrc(len);
      case AGI -> new Agi(img, start).updateCrc(len);
      case AGFL -> new Agfl(img, start).updateCrc(len);
      case ROOT_INODE_CLUSTER, FILE_INODE -> {
        for (int off = start; off < start + len; off += geo.inodesize) {
          Dinode.updateCrc(img, off, geo.inodesize);
        }
      }
      case LOG_HEAD -> {
        // the log's CRC covers a whole record; a damaged head is what log detection must survive as it is
      }
      case DIR_BLOCK, DIR_DATA, DIR_FREE -> Cksum.update(img, start, len, Dir2Block.OFF_CRC);
      case DIR_LEAF1, DIR_NODE, DIR_LEAFN -> Cksum.update(img, start, len, DA3_BLKINFO_OFF_CRC);
      case BMBT_LEAF -> Cksum.update(img, start, len, BtreeBlock.OFF_L_CRC);
      default -> Cksum.update(img, start, len, BtreeBlock.OFF_S_CRC);
    }
  }
}
