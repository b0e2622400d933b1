// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.hostile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jxfs.tests.foundation.JxfsCli;
import org.jxfs.tests.foundation.MkfsBadInputTest;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.XfsDb;

/**
 * An image damaged with {@code xfs_db -x}: a 64 MiB mkfs.xfs 6.1 image with its default features (finobt, sparse
 * inodes, reflink, bigtime, inobtcount) and 4 AGs, holding {@code /f}, 1 MiB preallocated by jxfs (inode 131, one
 * unwritten extent at AG 0 block 24), then changed field by field with xfs_db's {@code write -d} (the verifiers
 * skipped, the CRC recomputed) or {@code write -c} (the CRC left wrong).
 */
final class DamagedImage {
  static final long SIZE = 64L << 20;
  /** The inode of /f in the fresh image, and its extent's first block. */
  static final long FILE_INO = 131;
  static final long FILE_AGBNO = 24;

  private DamagedImage() {
  }

  /** A fresh image at {@code img} holding /f. */
  static void make(Path img) {
    MkfsXfs.format(img, SIZE, "-d", "agcount=4");
    JxfsCli.Result r = JxfsCli.run("io", "-f", "-c", "falloc 0 1m", img.toString(), "/f");
    if (r.exitCode() != 0) {
      throw new IllegalStateException("jxfs io -f falloc failed:\n" + r.describe());
    }
  }

  /**
   * Runs xfs_db -x with {@code commands} (each a select or a write) and fails unless every write went through:
   * xfs_db reports a refused write on stderr and still exits 0.
   */
  static void damage(Path img, String... commands) {
    ProcessResult r = XfsDb.runExpert(img, commands);
    List<String> bad = new ArrayList<>();
    for (String line : r.stderr().split("\n")) {
      if (!line.isBlank() && !line.startsWith("Allowing write of corrupted data")) {
        bad.add(line);
      }
    }
    if (!r.ok() || !bad.isEmpty()) {
      throw new IllegalStateException("xfs_db -x did not apply " + List.of(commands) + ":\n" + r.describe());
    }
  }

  /** SHA-256 of the image file: equal before and after means not one byte changed. */
  static String digest(Path img) throws IOException {
    return MkfsBadInputTest.sha256(img);
  }

  /** The lines of {@code text}, without blank ones. */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String l : text.split("\n")) {
      if (!l.isBlank()) {
        out.add(l);
      }
    }
    return out;
  }
}
