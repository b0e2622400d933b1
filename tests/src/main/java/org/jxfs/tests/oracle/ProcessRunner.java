// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external command and captures its exit code, stdout and stderr. It never hangs: past the timeout the
 * whole process tree is killed (descendants first), and the output readers are abandoned if a stray grandchild
 * keeps the pipes open. Immutable: each {@code with...} returns a new runner.
 * <pre>{@code
 * ProcessResult r = ProcessRunner.of("mkfs.xfs", "-f", img.toString())
 *     .withEnv("TEST_DIR", "1").withTimeout(Duration.ofSeconds(30)).run();
 * }</pre>
 */
public final class ProcessRunner {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);

  private final List<String> command;
  private final Map<String, String> env;
  private final Duration timeout;
  private final byte[] stdin;
  private final Path directory;

  private ProcessRunner(List<String> command, Map<String, String> env, Duration timeout, byte[] stdin,
                        Path directory) {
    this.command = List.copyOf(command);
    this.env = env;
    this.timeout = timeout;
    this.stdin = stdin;
    this.directory = directory;
  }

  public static ProcessRunner of(String program, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(program);
    cmd.addAll(List.of(args));
    return of(cmd);
  }

  public static ProcessRunner of(List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    return new ProcessRunner(command, Map.of(), DEFAULT_TIMEOUT, null, null);
  }

  /** Shorthand for {@code of(program, args).run()} with the default timeout. */
  public static ProcessResult run(String program, String... args) {
    return of(program, args).run();
  }

  /** Adds (or overrides) one environment variable on top of this JVM's environment. */
  public ProcessRunner withEnv(String name, String value) {
    Map<String, String> e = new LinkedHashMap<>(env);
    e.put(name, value);
    return new ProcessRunner(command, Map.copyOf(e), timeout, stdin, directory);
  }

  public ProcessRunner withEnv(Map<String, String> additions) {
    Map<String, String> e = new LinkedHashMap<>(env);
    e.putAll(additions);
    return new ProcessRunner(command, Map.copyOf(e), timeout, stdin, directory);
  }

  public ProcessRunner withTimeout(Duration t) {
    if (t.isNegative() || t.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + t);
    }
    return new ProcessRunner(command, env, t, stdin, directory);
  }

  /** Feeds this text to the command's stdin (otherwise stdin is /dev/null, so nothing waits for a terminal). */
  public ProcessRunner withStdin(String text) {
    return new ProcessRunner(command, env, timeout, text.getBytes(StandardCharsets.UTF_8), directory);
  }

  public ProcessRunner inDirectory(Path dir) {
    return new ProcessRunner(command, env, timeout, stdin, dir);
  }

  public List<String> command() {
    return command;
  }

  /**
   * Starts the command and waits for it, at most the timeout (plus a few seconds to kill it). A command that
   * cannot be started (no such binary) is reported as exit code 127 with the reason on stderr, like a shell.
   */
  public ProcessResult run() {
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    if (directory != null) {
      pb.directory(directory.toFile());
    }
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new ProcessResult(command, 127, "", "cannot run " + command.get(0) + ": " + e.getMessage() + "\n",
          Duration.ofNanos(System.nanoTime() - start), false);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread outReader = pump(p.getInputStream(), out, "stdout");
    Thread errReader = pump(p.getErrorStream(), err, "stderr");
    if (stdin != null) {
      Thread writer = new Thread(() -> {
        try (OutputStream os = p.getOutputStream()) {
          os.write(stdin);
        } catch (IOException ignored) {
          // the command exited without reading all of its input: its exit code tells the story
        }
      }, "stdin of " + command.get(0));
      writer.setDaemon(true);
      writer.start();
    }
    boolean timedOut = false;
    int exit;
    try {
      if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        timedOut = true;
        killTree(p);
      }
      exit = p.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS) ? p.exitValue() : -1;
      // a grandchild that escaped the kill may still hold the pipes: do not wait for it forever
      outReader.join(KILL_GRACE.toMillis());
      errReader.join(KILL_GRACE.toMillis());
    } catch (InterruptedException e) {
      killTree(p);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
    return new ProcessResult(command, exit, text(out), text(err), Duration.ofNanos(System.nanoTime() - start),
        timedOut);
  }

  /** Kills the process and everything it started, children first so none are re-parented and survive. */
  static void killTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static Thread pump(InputStream in, ByteArrayOutputStream sink, String what) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (in) {
        for (int n; (n = in.read(buf)) > 0; ) {
          synchronized (sink) {
            sink.write(buf, 0, n);
          }
        }
      } catch (IOException ignored) {
        // stream closed because the process was killed
      }
    }, what + " reader");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static String text(ByteArrayOutputStream b) {
    synchronized (b) {
      return b.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public String toString() {
    return "ProcessRunner" + command;
  }
}
