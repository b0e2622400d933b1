// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.foundation;

import java.util.List;

/**
 * The geometries the foundation acceptance tests cover. Each dimension is covered without a full cross product:
 * block size 1k/2k/4k, inode size 512/1024/2048, agcount 2..64 (one agsize not a power of two), sizes from the
 * smallest image the kernel mounts (2 AGs of 16 MiB) to 16 TiB, default and explicit log sizes, finobt on and
 * off, and mkfs.xfs's default feature set.
 */
public final class MatrixRows {
  static final long MIB = 1L << 20;
  static final long GIB = 1L << 30;
  static final long TIB = 1L << 40;
  /**
   * 16 TiB less 1 MiB: the scratch filesystem (ext4) caps a file at 16 TiB - 4 KiB, so -d size=16t cannot be
   * backed by a file here; format-notes measured mkfs.xfs at this size too.
   */
  static final long NEAR_16T = 16 * TIB - MIB;
  static final String MKFS_XFS_DEFAULTS_M = "finobt=1,reflink=1,bigtime=1,inobtcount=1";

  private MatrixRows() {
  }

  public static List<MatrixRow> all() {
    return List.of(
        MatrixRow.of("32m-2ag-smallest", 32 * MIB, "-d", "agcount=2"),
        MatrixRow.of("40m-default", 40 * MIB),
        MatrixRow.of("64m-b1k", 64 * MIB, "-b", "size=1024"),
        MatrixRow.of("96m-b1k-log4m", 96 * MIB, "-b", "size=1024", "-l", "size=4m"),
        MatrixRow.of("128m-b2k-i1024-finobt", 128 * MIB, "-b", "size=2048", "-i", "size=1024", "-m", "finobt=1"),
        MatrixRow.of("256m-i2048-8ag-log10m", 256 * MIB, "-i", "size=2048", "-d", "agcount=8", "-l", "size=10m"),
        MatrixRow.of("300m-agsize37m", 300 * MIB, "-d", "agsize=37m"),
        MatrixRow.of("1g-64ag-finobt", GIB, "-d", "agcount=64", "-m", "finobt=1"),
        MatrixRow.of("512m-mkfs.xfs-defaults", 512 * MIB, "-m", MKFS_XFS_DEFAULTS_M, "-i", "sparse=1"),
        MatrixRow.of("16t-defaults", NEAR_16T, "-d", "size=" + NEAR_16T, "-m", MKFS_XFS_DEFAULTS_M, "-i",
            "sparse=1"));
  }
}
