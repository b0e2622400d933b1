// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.foundation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.jxfs.tests.oracle.XfsDb;

/**
 * xfs_db {@code print} output normalised for comparison: numbers (hex, octal, decimal) become unsigned decimal,
 * trailing words ("(correct)", "(local)") are dropped, everything else is kept as printed.
 */
public final class DbFields {
  private DbFields() {
  }

  /** {@code xfs_db -r -c TARGET -c print IMG}, normalised. */
  public static Map<String, String> print(Path img, String target) {
    Map<String, String> out = new LinkedHashMap<>();
    XfsDb.printFields(img, target).forEach((k, v) -> out.put(k, normalise(v)));
    return out;
  }

  static String normalise(String raw) {
    String v = raw.strip();
    if (v.matches("(0x[0-9a-fA-F]+|\\d+)(\\s.*)?")) {
      try {
        return Long.toUnsignedString(XfsDb.number(v));
      } catch (NumberFormatException notANumber) {
        return v;
      }
    }
    return v;
  }

  /**
   * Fields whose values differ between {@code a} and {@code b}, or that only one side has, as
   * "name: a-value vs b-value" lines; names matching {@code ignore} are skipped.
   */
  public static List<String> diff(Map<String, String> a, Map<String, String> b, Predicate<String> ignore) {
    Set<String> names = new TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    List<String> out = new ArrayList<>();
    for (String n : names) {
      if (ignore.test(n)) {
        continue;
      }
      String va = a.get(n);
      String vb = b.get(n);
      if (va == null || !va.equals(vb)) {
        out.add(n + ": " + va + " vs " + vb);
      }
    }
    return out;
  }

  /** Only the names {@code a} has: a partial view (jxfs's fields) checked against a full one (xfs_db's). */
  public static List<String> diffOnLeft(Map<String, String> a, Map<String, String> b) {
    List<String> out = new ArrayList<>();
    a.forEach((n, va) -> {
      if (!va.equals(b.get(n))) {
        out.add(n + ": jxfs " + va + " vs xfs_db " + b.get(n));
      }
    });
    return out;
  }
}
