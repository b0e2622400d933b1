// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Assumptions;

/**
 * Whether the kernel and xfsprogs oracles can run here, and the gate tests put in front of them.
 * On a developer machine without root or xfsprogs an oracle test is skipped; in CI ({@code CI=true}) the same
 * test fails, so a misconfigured runner cannot turn the interop suite green by skipping it.
 */
public final class Oracles {
  /** The xfsprogs binaries the harness uses. */
  public static final List<String> XFSPROGS_BINARIES = List.of("mkfs.xfs", "xfs_db", "xfs_repair", "xfs_io");
  /** The util-linux binaries {@link LoopMount} uses. */
  public static final List<String> MOUNT_BINARIES = List.of("losetup", "mount", "umount", "findmnt");

  /** Why each requirement is unmet, empty when met; checked once per JVM. */
  private static final Map<Requirement, Optional<String>> PROBED = new ConcurrentHashMap<>();

  private Oracles() {
  }

  /** True when env CI is "true" (any case): unmet requirements then fail instead of skipping. */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  public static boolean xfsprogsAvailable() {
    return whyUnavailable(Requirement.XFSPROGS).isEmpty();
  }

  public static boolean isRoot() {
    return whyUnavailable(Requirement.ROOT).isEmpty();
  }

  public static boolean loopMountAvailable() {
    return whyUnavailable(Requirement.LOOP_MOUNT).isEmpty();
  }

  public static boolean kernelAvailable() {
    return whyUnavailable(Requirement.KERNEL).isEmpty();
  }

  /** Empty if the requirement is met, else a sentence saying what is missing. */
  public static Optional<String> whyUnavailable(Requirement r) {
    // not computeIfAbsent: probing KERNEL probes other requirements, and a nested computeIfAbsent on a
    // ConcurrentHashMap throws "Recursive update" when the keys share a bin (enum hash codes vary per run)
    Optional<String> known = PROBED.get(r);
    if (known != null) {
      return known;
    }
    Optional<String> probed = probe(r);
    Optional<String> raced = PROBED.putIfAbsent(r, probed);
    return raced != null ? raced : probed;
  }

  /**
   * Gate for a test: {@code what} is "xfsprogs", "root", "loop" (or "loop_mount") or "kernel".
   * Returns normally when available; otherwise aborts the test (JUnit skip), or under {@code CI=true} throws
   * {@link AssertionError} naming what is missing.
   */
  public static void require(String what) {
    require(Requirement.parse(what));
  }

  public static void require(Requirement... what) {
    require(isCi(), what);
  }

  static void require(boolean ci, Requirement... what) {
    List<String> missing = new ArrayList<>();
    for (Requirement r : what) {
      whyUnavailable(r).ifPresent(why -> missing.add(r.name().toLowerCase() + ": " + why));
    }
    gate(ci, missing);
  }

  /** Passes if nothing is missing, else skips the test, or fails it when {@code ci}. */
  static void gate(boolean ci, List<String> missing) {
    if (missing.isEmpty()) {
      return;
    }
    String msg = "oracle unavailable: " + String.join("; ", missing);
    if (ci) {
      throw new AssertionError(msg + " (CI=true: interop tests must run in CI, so this is a failure, not a skip)");
    }
    Assumptions.abort(msg + " (skipped; set CI=true to make this a failure)");
  }

  private static Optional<String> probe(Requirement r) {
    switch (r) {
      case XFSPROGS:
        return missingBinaries(XFSPROGS_BINARIES, "install xfsprogs");
      case ROOT:
        long euid = effectiveUid();
        return euid == 0 ? Optional.empty()
            : Optional.of("not running as root (effective uid " + (euid < 0 ? "unknown" : euid) + ")");
      case LOOP_MOUNT: {
        Optional<String> root = whyUnavailable(Requirement.ROOT);
        if (root.isPresent()) {
          return root;
        }
        Optional<String> bins = missingBinaries(MOUNT_BINARIES, "install util-linux and mount");
        if (bins.isPresent()) {
          return bins;
        }
        ProcessResult lf = ProcessRunner.of(Binaries.path("losetup"), "-f")
            .withTimeout(java.time.Duration.ofSeconds(20)).run();
        return lf.ok() ? Optional.empty()
            : Optional.of("'losetup -f' found no free loop device (exit " + lf.exitCode() + ": "
                + lf.output().strip() + "); a container needs --privileged or /dev/loop-control");
      }
      case KERNEL: {
        List<String> why = new ArrayList<>();
        for (Requirement q : EnumSet.of(Requirement.XFSPROGS, Requirement.LOOP_MOUNT)) {
          whyUnavailable(q).ifPresent(why::add);
        }
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
      }
      default:
        throw new AssertionError(r);
    }
  }

  private static Optional<String> missingBinaries(List<String> names, String hint) {
    List<String> missing = new ArrayList<>();
    for (String b : names) {
      if (Binaries.find(b).isEmpty()) {
        missing.add(b);
      }
    }
    return missing.isEmpty() ? Optional.empty() : Optional.of("missing " + String.join(", ", missing) + " (" + hint + ")");
  }

  /** The effective uid from /proc/self/status ("Uid: real effective saved fs"), -1 if unreadable. */
  static long effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through to id -u
    }
    ProcessResult id = ProcessRunner.run("id", "-u");
    try {
      return id.ok() ? Long.parseLong(id.stdout().trim()) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
