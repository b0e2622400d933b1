// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.RequiresXfsprogs;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jxfs opens images it did not make: fresh mkfs.xfs 6.1 images (minimal features and mkfs.xfs's defaults) and
 * images the kernel has mounted, filled with files and unmounted (non-zero LSNs everywhere). It must report the
 * geometry xfs_db prints and find them consistent.
 */
@RequiresXfsprogs
class ForeignImageTest {
  private static final long SIZE = 512L << 20;

  @Test
  void freshMinimalImage() throws Exception {
    Path img = TestDirs.unique("foreign-minimal").resolve("img");
    MkfsXfs.formatMinimal(img, 64L << 20);
    assertJxfsAgreesWithXfsDb(img, "mkfs.xfs minimal 64m");
  }

  @Test
  void freshDefaultImage() throws Exception {
    Path img = TestDirs.unique("foreign-defaults").resolve("img");
    MkfsXfs.format(img, SIZE);
    assertThat(DbFields.print(img, "sb 0").get("features_ro_compat")).as("finobt|reflink|inobtcount")
        .isEqualTo("13");
    assertJxfsAgreesWithXfsDb(img, "mkfs.xfs defaults 512m");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"minimal", "defaults"})
  @RequiresKernel
  void imageWrittenByTheKernel(String features) throws Exception {
    Path dir = TestDirs.unique("foreign-kernel-" + features);
    Path img = dir.resolve("img");
    if (features.equals("minimal")) {
      MkfsXfs.formatMinimal(img, SIZE);
    } else {
      MkfsXfs.format(img, SIZE);
    }
    KernelRoundTrip.manyFiles(img, dir.resolve("mnt"), 300, 12 * 1024);
    XfsRepair.assertClean(img);
    assertThat(DbFields.print(img, "sb 0").get("lsn")).isNotEqualTo("0");
    assertThat(DbFields.print(img, "agi 0").get("count")).as("the kernel allocated more inodes").isNotEqualTo("64");
    assertJxfsAgreesWithXfsDb(img, "kernel-written " + features);
    TestDirs.delete(dir);
  }

  static void assertJxfsAgreesWithXfsDb(Path img, String what) throws Exception {
    Map<String, String> db = DbFields.print(img, "sb 0");
    try (Mount mp = Mount.open(img, true)) {
      assertThat(DbFields.diffOnLeft(JxfsSbFields.of(mp), db)).as("%s: jxfs geometry vs xfs_db sb 0", what)
          .isEmpty();
      List<String> problems = FsCheck.run(mp);
      assertThat(problems).as("%s: FsCheck", what).isEmpty();
    }
  }
}
