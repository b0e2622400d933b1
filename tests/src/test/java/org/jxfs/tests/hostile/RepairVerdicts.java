// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.jxfs.tests.oracle.RepairResult;
import org.jxfs.tests.oracle.XfsRepair;

/**
 * xfs_repair -n's verdicts on the field fuzz sweep's images, kept by the image's content: a damaged image is the
 * populated image with a few blocks changed, and the same bytes come back often (verbs that give the same value,
 * {@code firstbit} and {@code lastbit} of a one-bit field, a command that wrote nothing), so each distinct image is
 * judged once. An image is named by the SHA-256 of the blocks in which it differs from the populated image, with
 * their indices; comparing block by block against the base is much cheaper than hashing the whole image.
 */
final class RepairVerdicts {
  private static final int BLOCK = 4096;

  private final byte[] base;
  private final Path scratch;
  private final Map<String, RepairResult> verdicts = new HashMap<>();
  private int runs;
  private int reused;
  private long runNanos;

  RepairVerdicts(byte[] base, Path scratch) {
    this.base = base;
    this.scratch = scratch;
  }

  /** xfs_repair -n's verdict on {@code img}, whose bytes are {@code bytes}. */
  RepairResult check(Path img, byte[] bytes) {
    String key = key(bytes);
    RepairResult r = verdicts.get(key);
    if (r != null) {
      reused++;
      return r;
    }
    long t0 = System.nanoTime();
    r = XfsRepair.check(img);
    runNanos += System.nanoTime() - t0;
    runs++;
    verdicts.put(key, r);
    return r;
  }

  /** The verdict on an image given only as bytes (an earlier state of the case's image). */
  RepairResult check(byte[] bytes) throws IOException {
    String key = key(bytes);
    RepairResult r = verdicts.get(key);
    if (r != null) {
      reused++;
      return r;
    }
    Files.write(scratch, bytes);
    return check(scratch, bytes);
  }

  private String key(byte[] bytes) {
    if (bytes.length != base.length) {
      return "length " + bytes.length + " " + HexFormat.of().formatHex(sha256().digest(bytes));
    }
    MessageDigest md = sha256();
    StringBuilder blocks = new StringBuilder();
    for (int off = 0; off < bytes.length; off += BLOCK) {
      int end = Math.min(off + BLOCK, bytes.length);
      if (!Arrays.equals(bytes, off, end, base, off, end)) {
        blocks.append(off / BLOCK).append(',');
        md.update(bytes, off, end - off);
      }
    }
    return blocks + HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many xfs_repair runs there were, how many verdicts were reused, and the time in xfs_repair. */
  String summary() {
    return String.format("xfs_repair -n: %d runs (%.2f s each), %d verdicts reused", runs,
        runs == 0 ? 0.0 : runNanos / 1e9 / runs, reused);
  }
}
