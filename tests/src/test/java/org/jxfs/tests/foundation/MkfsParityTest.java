// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jxfs.tests.oracle.Binaries;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.ProcessRunner;
import org.jxfs.tests.oracle.RequiresXfsprogs;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsDb;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jxfs mkfs and mkfs.xfs 6.1 make the same filesystem: for each matrix row mkfs.xfs accepts, xfs_db prints the
 * same superblock, AG headers (every AG, or first/middle/last for many AGs), AGFL, root inode and free-space
 * histogram, apart from uuids, CRCs, LSNs and timestamps.
 */
@RequiresXfsprogs
class MkfsParityTest {
  /** Fields that legitimately differ between two formats of the same geometry. */
  private static final Pattern IGNORED = Pattern.compile(
      "(.*\\.)?(uuid|meta_uuid|crc|lsn)|.*time\\.(sec|nsec)");
  private static final Predicate<String> IGNORE = n -> IGNORED.matcher(n).matches();

  static Stream<MatrixRow> rows() {
    return MatrixRows.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void jxfsMkfsMatchesMkfsXfs(MatrixRow row) {
    Path dir = TestDirs.unique("parity-" + row.name());
    Path jx = dir.resolve("jxfs.img");
    Path ref = dir.resolve("mkfs.xfs.img");
    MkfsXfs.sparseFile(ref, row.size());
    ProcessResult mk = mkfsXfs(ref, row.mkfsXfsArgs());
    Assumptions.assumeTrue(mk.ok(), () -> "mkfs.xfs 6.1 refuses row " + row + ": "
        + mk.stderr().lines().findFirst().orElse(""));

    MkfsXfs.sparseFile(jx, row.size());
    List<String> args = new ArrayList<>(List.of("mkfs", "-q", "-f"));
    args.addAll(row.jxfsArgs());
    args.add(jx.toString());
    JxfsCli.Result r = JxfsCli.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as("jxfs %s:\n%s", args, r.describe()).isZero();

    Map<String, String> sb = DbFields.print(ref, "sb 0");
    int agcount = Integer.parseInt(sb.get("agcount"));
    List<String> targets = new ArrayList<>(List.of("sb 0"));
    for (int agno : agsToCompare(agcount)) {
      targets.addAll(List.of("agf " + agno, "agi " + agno, "agfl " + agno));
    }
    targets.add("inode " + sb.get("rootino"));
    List<String> diffs = new ArrayList<>();
    for (String t : targets) {
      for (String d : DbFields.diff(DbFields.print(jx, t), DbFields.print(ref, t), IGNORE)) {
        diffs.add(t + ": " + d);
      }
    }
    if (!XfsDb.freesp(jx).equals(XfsDb.freesp(ref))) {
      diffs.add("freesp -s: jxfs " + XfsDb.freesp(jx) + " vs mkfs.xfs " + XfsDb.freesp(ref));
    }
    assertThat(diffs).as("row %s: jxfs %s vs mkfs.xfs %s (field: jxfs vs mkfs.xfs)", row, row.jxfsArgs(),
        row.mkfsXfsArgs()).isEmpty();
    TestDirs.delete(dir);
  }

  /** Every AG up to 16, else first, middle (the log's AG) and last. */
  static TreeSet<Integer> agsToCompare(int agcount) {
    TreeSet<Integer> ags = new TreeSet<>();
    if (agcount <= 16) {
      for (int a = 0; a < agcount; a++) {
        ags.add(a);
      }
    } else {
      ags.addAll(List.of(0, 1, agcount / 2, agcount - 1));
    }
    return ags;
  }

  private static ProcessResult mkfsXfs(Path img, List<String> options) {
    List<String> cmd = new ArrayList<>(List.of(Binaries.path("mkfs.xfs"), "-q", "-f"));
    cmd.addAll(options);
    cmd.add(img.toString());
    return ProcessRunner.of(cmd).withEnv(MkfsXfs.TEST_ENV).withTimeout(Duration.ofMinutes(2)).run();
  }
}
