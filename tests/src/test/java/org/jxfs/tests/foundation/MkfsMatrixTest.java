// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jxfs.core.mount.Mount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance of {@code jxfs mkfs} across the geometry matrix ({@link MatrixRows}): every image passes
 * {@code xfs_repair -n}, survives a kernel mount with a directory and a file written, read and deleted, passes
 * repair again, and jxfs's mount then reports exactly the superblock xfs_db prints (the kernel has left non-zero
 * LSNs behind, which jxfs must accept).
 */
@RequiresKernel
class MkfsMatrixTest {

  static Stream<MatrixRow> rows() {
    return MatrixRows.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void jxfsImageIsAcceptedByRepairAndTheKernel(MatrixRow row) throws Exception {
    Path dir = TestDirs.unique("matrix-" + row.name());
    Path img = dir.resolve("jxfs.img");
    MkfsXfs.sparseFile(img, row.size());
    List<String> args = new ArrayList<>(List.of("mkfs", "-q", "-f"));
    args.addAll(row.jxfsArgs());
    args.add(img.toString());
    JxfsCli.Result mk = JxfsCli.run(args.toArray(String[]::new));
    assertThat(mk.exitCode()).as("jxfs %s:\n%s", args, mk.describe()).isZero();

    XfsRepair.assertClean(img);
    KernelRoundTrip.smallFile(img, dir.resolve("mnt"));
    XfsRepair.assertClean(img);

    Map<String, String> db = DbFields.print(img, "sb 0");
    assertThat(db.get("lsn")).as("the kernel should have logged the superblock").isNotEqualTo("0");
    try (Mount mp = Mount.open(img, true)) {
      assertThat(DbFields.diffOnLeft(JxfsSbFields.of(mp), db)).as("row %s: jxfs geometry vs xfs_db sb 0", row)
          .isEmpty();
    }
    TestDirs.delete(dir);
  }
}
