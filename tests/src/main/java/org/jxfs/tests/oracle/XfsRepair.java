// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code xfs_repair -n}: the no-modify check, the authority on whether an image is consistent. */
public final class XfsRepair {
  /** Needed for 1-AG images, which xfs_repair otherwise refuses ("Only one AG detected"). */
  public static final String FORCE_GEOMETRY = "force_geometry";

  private XfsRepair() {
  }

  /** Runs {@code xfs_repair -n [-o opt]... img}; never modifies the image. */
  public static RepairResult check(Path img, String... extraOptions) {
    List<String> cmd = new ArrayList<>(List.of(Binaries.path("xfs_repair"), "-n"));
    for (String o : extraOptions) {
      cmd.add("-o");
      cmd.add(o);
    }
    cmd.add(img.toString());
    ProcessResult r = ProcessRunner.of(cmd).withTimeout(Duration.ofMinutes(5)).run();
    if (r.timedOut()) {
      throw new IllegalStateException("xfs_repair did not finish:\n" + r.describe());
    }
    return new RepairResult(r.exitCode(), r.output());
  }

  /** Fails with xfs_repair's full output unless it exits 0. */
  public static void assertClean(Path img, String... extraOptions) {
    RepairResult r = check(img, extraOptions);
    if (!r.clean()) {
      throw new AssertionError("xfs_repair -n " + img + " exited " + r.exitCode() + ", output:\n" + r.output());
    }
  }
}
