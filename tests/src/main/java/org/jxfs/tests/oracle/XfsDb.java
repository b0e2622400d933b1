// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * xfs_db as an oracle: read structures the way xfsprogs decodes them. Read-only ({@code -r}) except
 * {@link #runExpert} and {@link #write}, which use {@code -x} (xfs_db then recomputes the structure's CRC).
 * xfs_db exits 0 even when a command fails, so callers look at the parsed result or {@code stderr}.
 */
public final class XfsDb {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  /** "name = value", the name being e.g. {@code blocksize}, {@code core.mode}, {@code unlinked[0-63]}. */
  private static final Pattern FIELD = Pattern.compile("^(\\S+) = ?(.*)$");
  private static final Pattern BUCKET = Pattern.compile(
      "^\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+([\\d.]+)\\s*$");
  private static final Pattern FRAG = Pattern.compile(
      "actual (\\d+), ideal (\\d+), fragmentation factor ([\\d.]+|-?nan)%");

  private XfsDb() {
  }

  /** {@code xfs_db -r -c cmd... img}. */
  public static ProcessResult run(Path img, String... commands) {
    return exec("-r", img, commands);
  }

  /** {@code xfs_db -x -c cmd... img}: expert mode, writes the image. */
  public static ProcessResult runExpert(Path img, String... commands) {
    return exec("-x", img, commands);
  }

  /**
   * Sets one field with xfs_db's {@code write} (CRC recomputed), e.g. {@code write(img, "agf 1", "freeblks", "7")}.
   * Fails if xfs_db complains.
   */
  public static ProcessResult write(Path img, String target, String field, String value) {
    ProcessResult r = runExpert(img, target, "write " + field + " " + value);
    if (!r.ok() || !r.stderr().isBlank()) {
      throw new IllegalStateException("xfs_db write failed:\n" + r.describe());
    }
    return r;
  }

  /**
   * {@code xfs_db -r -c TARGET -c print IMG} parsed into field name to raw value string, in print order.
   * Names are as xfs_db prints them ({@code core.mode}, {@code v3.crc}, {@code unlinked[0-63]}, {@code bno[0-118]});
   * values are kept raw ({@code "0x58465342"}, {@code "1 (local)"}, {@code "0xd9a46fcd (correct)"}, {@code "null"},
   * or empty). A line without " = " continues the previous value (joined with a newline).
   */
  public static LinkedHashMap<String, String> printFields(Path img, String target) {
    ProcessResult r = run(img, target, "print");
    LinkedHashMap<String, String> fields = parseFields(r.stdout());
    if (!r.ok() || fields.isEmpty()) {
      throw new IllegalStateException("xfs_db printed no fields for '" + target + "':\n" + r.describe());
    }
    return fields;
  }

  static LinkedHashMap<String, String> parseFields(String text) {
    LinkedHashMap<String, String> fields = new LinkedHashMap<>();
    String last = null;
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Matcher m = FIELD.matcher(line);
      if (m.matches()) {
        last = m.group(1);
        fields.put(last, m.group(2).strip());
      } else if (last != null) {
        fields.put(last, fields.get(last) + "\n" + line.strip());
      }
    }
    return fields;
  }

  /**
   * Parses a raw numeric value as xfs_db prints it: hex {@code 0x..}, octal with a leading 0 ({@code 040755}),
   * or decimal; trailing words ({@code "1 (local)"}, {@code "(correct)"}) are ignored.
   */
  public static long number(String raw) {
    String tok = raw.strip().split("\\s+", 2)[0];
    if (tok.startsWith("0x") || tok.startsWith("0X")) {
      return Long.parseUnsignedLong(tok.substring(2), 16);
    }
    if (tok.length() > 1 && tok.startsWith("0")) {
      return Long.parseLong(tok.substring(1), 8);
    }
    return Long.parseLong(tok);
  }

  /** {@code xfs_db -r -c 'freesp -s' img}, whole filesystem. */
  public static FreeSpaceHistogram freesp(Path img) {
    return freesp(img, "freesp -s");
  }

  /** {@code freesp -s -a agno}: one AG. */
  public static FreeSpaceHistogram freesp(Path img, int agno) {
    return freesp(img, "freesp -s -a " + agno);
  }

  private static FreeSpaceHistogram freesp(Path img, String cmd) {
    ProcessResult r = run(img, cmd);
    if (!r.ok() || !r.stdout().contains("total free blocks")) {
      throw new IllegalStateException("xfs_db " + cmd + " failed:\n" + r.describe());
    }
    return parseFreesp(r.stdout());
  }

  static FreeSpaceHistogram parseFreesp(String text) {
    List<FreeSpaceHistogram.Bucket> buckets = new ArrayList<>();
    long extents = -1;
    long blocks = -1;
    double avg = Double.NaN;
    for (String line : text.split("\n")) {
      Matcher m = BUCKET.matcher(line);
      String s = line.strip();
      if (m.matches()) {
        buckets.add(new FreeSpaceHistogram.Bucket(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
            Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Double.parseDouble(m.group(5))));
      } else if (s.startsWith("total free extents ")) {
        extents = Long.parseLong(s.substring("total free extents ".length()).trim());
      } else if (s.startsWith("total free blocks ")) {
        blocks = Long.parseLong(s.substring("total free blocks ".length()).trim());
      } else if (s.startsWith("average free extent size ")) {
        avg = parseDouble(s.substring("average free extent size ".length()).trim());
      }
    }
    if (extents < 0 || blocks < 0) {
      throw new IllegalArgumentException("not freesp -s output:\n" + text);
    }
    return new FreeSpaceHistogram(buckets, extents, blocks, avg);
  }

  /** {@code xfs_db -r -c frag img}. */
  public static Fragmentation frag(Path img) {
    ProcessResult r = run(img, "frag");
    Matcher m = FRAG.matcher(r.stdout());
    if (!r.ok() || !m.find()) {
      throw new IllegalStateException("xfs_db frag failed:\n" + r.describe());
    }
    return new Fragmentation(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), parseDouble(m.group(3)));
  }

  private static double parseDouble(String s) {
    return s.endsWith("nan") ? Double.NaN : Double.parseDouble(s);
  }

  private static ProcessResult exec(String mode, Path img, String... commands) {
    List<String> cmd = new ArrayList<>(List.of(Binaries.path("xfs_db"), mode));
    for (String c : commands) {
      cmd.add("-c");
      cmd.add(c);
    }
    cmd.add(img.toString());
    return ProcessRunner.of(cmd).withTimeout(TIMEOUT).run();
  }
}
