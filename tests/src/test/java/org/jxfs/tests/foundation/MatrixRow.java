// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.foundation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One geometry of the mkfs acceptance matrix: a sparse image of {@code size} bytes and mkfs.xfs-syntax options.
 * jxfs gets the options as written (its defaults are the minimal feature set); mkfs.xfs gets the minimal feature
 * set spelled out with the row's -m/-i/-n sub-options merged in, because mkfs.xfs refuses a respecified option.
 */
public record MatrixRow(String name, long size, List<String> args) {
  private static final Map<String, Map<String, String>> MINIMAL = Map.of(
      "-m", ordered("crc=1", "finobt=0", "reflink=0", "rmapbt=0", "bigtime=0", "inobtcount=0"),
      "-i", ordered("sparse=0"),
      "-n", ordered("ftype=1"));

  public MatrixRow {
    args = List.copyOf(args);
  }

  public static MatrixRow of(String name, long size, String... args) {
    return new MatrixRow(name, size, List.of(args));
  }

  public List<String> jxfsArgs() {
    return args;
  }

  /** The same geometry for mkfs.xfs 6.1: minimal features spelled out, the row's sub-options merged in. */
  public List<String> mkfsXfsArgs() {
    Map<String, Map<String, String>> merged = new LinkedHashMap<>();
    MINIMAL.forEach((k, v) -> merged.put(k, new LinkedHashMap<>(v)));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (merged.containsKey(a) && i + 1 < args.size()) {
        merged.get(a).putAll(ordered(args.get(++i).split(",")));
      } else {
        out.add(a);
      }
    }
    for (String flag : List.of("-m", "-i", "-n")) {
      List<String> subs = new ArrayList<>();
      merged.get(flag).forEach((k, v) -> subs.add(k + "=" + v));
      out.add(flag);
      out.add(String.join(",", subs));
    }
    return out;
  }

  private static Map<String, String> ordered(String... kvs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : kvs) {
      int eq = kv.indexOf('=');
      m.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "1" : kv.substring(eq + 1));
    }
    return m;
  }

  @Override
  public String toString() {
    return name;
  }
}
