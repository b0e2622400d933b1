// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

  @Test
  void capturesBothStreamsAndExitCode() {
    ProcessResult r = ProcessRunner.run("sh", "-c", "echo out; echo err >&2; exit 3");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.ok()).isFalse();
    assertThat(r.timedOut()).isFalse();
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(r.output()).isEqualTo("out\nerr\n");
    assertThat(r.describe()).contains("$ sh -c 'echo out; echo err >&2; exit 3'", "exit 3", "out", "err");
    assertThatThrownBy(r::requireSuccess).isInstanceOf(IllegalStateException.class).hasMessageContaining("exit 3");
  }

  @Test
  void addsEnvironmentAndFeedsStdin() {
    ProcessResult r = ProcessRunner.of("sh", "-c", "echo $JXFS_X; cat").withEnv("JXFS_X", "42")
        .withStdin("line1\nline2\n").run();
    assertThat(r.ok()).isTrue();
    assertThat(r.stdout()).isEqualTo("42\nline1\nline2\n");
  }

  @Test
  void stdinIsDevNullByDefault() {
    ProcessResult r = ProcessRunner.of("cat").withTimeout(Duration.ofSeconds(10)).run();
    assertThat(r.ok()).isTrue();
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void largeOutputDoesNotBlock() {
    ProcessResult r = ProcessRunner.run("sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' a; head -c 300000 /dev/zero >&2");
    assertThat(r.ok()).isTrue();
    assertThat(r.stdout()).hasSize(3_000_000);
    assertThat(r.stderr()).hasSize(300_000);
  }

  @Test
  void missingProgramIsExit127() {
    ProcessResult r = ProcessRunner.run("/nonexistent/jxfs-no-such-tool");
    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.stderr()).contains("cannot run");
  }

  @Test
  void timeoutKillsTheWholeTree() throws Exception {
    Path pidFile = Files.createTempFile("jxfs-pr", ".pid");
    try {
      long t0 = System.nanoTime();
      // the grandchild holds stdout open: without the tree kill the readers would wait 60 s for it
      ProcessResult r = ProcessRunner.of("sh", "-c", "sleep 60 & echo $! > " + pidFile + "; echo started; wait")
          .withTimeout(Duration.ofMillis(500)).run();
      long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
      assertThat(r.timedOut()).isTrue();
      assertThat(r.ok()).isFalse();
      assertThat(r.stdout()).isEqualTo("started\n");
      assertThat(ms).isLessThan(10_000);
      long grandchild = Long.parseLong(Files.readString(pidFile).trim());
      for (int i = 0; i < 50 && running(grandchild); i++) {
        Thread.sleep(20);
      }
      assertThat(running(grandchild)).as("grandchild %d still running", grandchild).isFalse();
    } finally {
      Files.deleteIfExists(pidFile);
    }
  }

  /**
   * Alive and not a zombie. ProcessHandle.isAlive counts zombies as alive, and a container's PID 1 may never
   * reap the orphans it inherits, so read the state letter from /proc.
   */
  private static boolean running(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    if (!Files.exists(stat)) {
      return false;
    }
    String s;
    try {
      s = Files.readString(stat);
    } catch (java.io.IOException gone) {
      return false;
    }
    char state = s.substring(s.lastIndexOf(')') + 2).charAt(0);
    return state != 'Z' && state != 'X';
  }
}
