// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.Oracles;
import org.jxfs.tests.oracle.ProcessRunner;
import org.jxfs.tests.oracle.TestDirs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input to {@code jxfs mkfs} (part of the corruption acceptance: a refused mkfs must not damage anything):
 * contradictory or out-of-range options, an existing filesystem without -f, unwritable targets. Each gives a
 * non-zero exit, one line on stderr naming the problem, and leaves an existing image byte-identical.
 */
public class MkfsBadInputTest {
  private Path dir;
  private Path img;
  private String sha;

  @BeforeEach
  void existingImage() throws Exception {
    dir = TestDirs.unique("mkfs-bad-input");
    img = dir.resolve("img");
    JxfsCli.Result mk = JxfsCli.run("mkfs", "-q", "-f", "-d", "size=40m", img.toString());
    assertThat(mk.exitCode()).as(mk.describe()).isZero();
    sha = sha256(img);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "-b size=3000          | 3000",
      "-d agcount=0          | agcount",
      "-i size=100           | -i size",
      "-m crc=0              | crc=0",
      "-m rmapbt=1           | rmapbt",
      "-d size=1m            | -d size",
      "-d agcount=2,agsize=16m | agsize",
      "-l size=1g            | log",
      "-z                    | -z",
      "--bogus               | --bogus"})
  void badOptionIsRefusedAndTheImageUntouched(String options, String named) throws Exception {
    List<String> args = new ArrayList<>(List.of("mkfs", "-f"));
    args.addAll(List.of(options.trim().split("\\s+")));
    args.add(img.toString());
    assertRefused(JxfsCli.run(args.toArray(String[]::new)), named);
  }

  @Test
  void existingFilesystemWithoutForceIsRefused() throws Exception {
    assertRefused(JxfsCli.run("mkfs", "-d", "size=40m", img.toString()), "-f");
  }

  @Test
  void missingDirectoryIsAClearError() {
    Path nowhere = dir.resolve("no-such-dir").resolve("img");
    JxfsCli.Result r = JxfsCli.run("mkfs", "-f", "-d", "size=40m", nowhere.toString());
    assertOneLineError(r, "no-such-dir");
    assertThat(nowhere.getParent()).doesNotExist();
  }

  @Test
  void readOnlyFileIsAClearError() throws Exception {
    Path ro = dir.resolve("ro.img");
    MkfsXfs.sparseFile(ro, 40L << 20);
    String before = sha256(ro);
    assertThat(ro.toFile().setWritable(false, false)).isTrue();
    boolean immutable = Oracles.isRoot()            // root ignores mode bits: make it immutable instead
        && ProcessRunner.run("chattr", "+i", ro.toString()).ok();
    try {
      org.junit.jupiter.api.Assumptions.assumeTrue(!Oracles.isRoot() || immutable, "root and no chattr +i");
      JxfsCli.Result r = JxfsCli.run("mkfs", "-f", ro.toString());
      assertOneLineError(r, ro.getFileName().toString());
      assertThat(sha256(ro)).isEqualTo(before);
    } finally {
      if (immutable) {
        ProcessRunner.run("chattr", "-i", ro.toString());
      }
    }
    TestDirs.delete(dir);
  }

  private void assertRefused(JxfsCli.Result r, String named) throws Exception {
    assertOneLineError(r, named);
    assertThat(sha256(img)).as("existing image must be byte-identical").isEqualTo(sha);
    TestDirs.delete(dir);
  }

  private static void assertOneLineError(JxfsCli.Result r, String named) {
    assertThat(r.exitCode()).as(r.describe()).isNotZero();
    List<String> lines = r.stderr().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as("stderr of a refused mkfs:\n%s", r.describe()).hasSize(1);
    assertThat(lines.get(0)).contains(named);
  }

  public static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
