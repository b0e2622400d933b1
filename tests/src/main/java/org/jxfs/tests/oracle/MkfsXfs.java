// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** xfsprogs' mkfs.xfs on a sparse image file, with the test-environment variables that lift its size floors. */
public final class MkfsXfs {
  /**
   * The minimal feature set the kernel mounts (crc + ftype, rung 1 of the feature ladder in DESIGN.md):
   * a 64 MiB image gets 4 AGs of 4096 blocks, rootino 64, logstart 8196.
   */
  public static final List<String> MINIMAL = List.of(
      "-m", "crc=1,finobt=0,reflink=0,rmapbt=0,bigtime=0,inobtcount=0", "-i", "sparse=0", "-n", "ftype=1");

  /** Without these mkfs.xfs 6.1 refuses images under 300 MB, logs under 64 MB and 1-AG filesystems. */
  public static final Map<String, String> TEST_ENV = Map.of("TEST_DIR", "1", "TEST_DEV", "1", "QA_CHECK_FS", "1");

  private MkfsXfs() {
  }

  /**
   * Creates (or empties) {@code img} as a sparse file of {@code size} bytes and runs
   * {@code mkfs.xfs -f OPTIONS... img}. Returns mkfs's output (the geometry block); throws with the full
   * output if mkfs fails.
   */
  public static String format(Path img, long size, String... options) {
    return format(img, size, List.of(options));
  }

  public static String format(Path img, long size, List<String> options) {
    sparseFile(img, size);
    List<String> cmd = new ArrayList<>();
    cmd.add(Binaries.path("mkfs.xfs"));
    cmd.add("-f");
    cmd.addAll(options);
    cmd.add(img.toString());
    ProcessResult r = ProcessRunner.of(cmd).withEnv(TEST_ENV).withTimeout(Duration.ofMinutes(2)).run();
    if (!r.ok()) {
      throw new IllegalStateException("mkfs.xfs failed:\n" + r.describe());
    }
    return r.output();
  }

  /** {@link #MINIMAL} plus any further options (later ones win, as on mkfs.xfs's command line). */
  public static String formatMinimal(Path img, long size, String... moreOptions) {
    List<String> opts = new ArrayList<>(MINIMAL);
    opts.addAll(List.of(moreOptions));
    return format(img, size, opts);
  }

  /** Truncates {@code img} to zero then extends it to {@code size}: all holes, nothing written. */
  public static void sparseFile(Path img, long size) {
    try {
      Path parent = img.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
        f.setLength(0);       // drop whatever blocks an earlier image had
        f.setLength(size);    // ftruncate up: a hole, like truncate(1)
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create sparse image " + img, e);
    }
  }
}
