// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.time.Duration;
import java.util.List;

/**
 * The kernel log, for failure messages ("what did XFS say when the mount failed"). Best effort: an unreadable
 * log (no root, dmesg_restrict) reads as empty.
 */
public final class Dmesg {
  /** A point in the kernel log: the last line seen, or empty when the log was empty or unreadable. */
  public record Mark(String lastLine) {
  }

  private Dmesg() {
  }

  public static Mark mark() {
    List<String> l = lines();
    return new Mark(l.isEmpty() ? "" : l.get(l.size() - 1));
  }

  /** Lines logged after {@code mark} (all lines if the mark scrolled out of the ring buffer), newline-joined. */
  public static String since(Mark mark) {
    List<String> l = lines();
    int from = mark.lastLine().isEmpty() ? 0 : l.lastIndexOf(mark.lastLine()) + 1;
    return String.join("\n", l.subList(from, l.size())) + (from < l.size() ? "\n" : "");
  }

  /** The last {@code n} lines. */
  public static String tail(int n) {
    List<String> l = lines();
    return String.join("\n", l.subList(Math.max(0, l.size() - n), l.size()));
  }

  private static List<String> lines() {
    ProcessResult r = ProcessRunner.of(Binaries.path("dmesg")).withTimeout(Duration.ofSeconds(10)).run();
    return r.ok() ? r.stdout().lines().toList() : List.of();
  }
}
