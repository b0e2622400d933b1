// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.time.Duration;
import java.util.List;

/**
 * What an external command did: its exit code and everything it printed. {@code timedOut} means the harness
 * killed it (the exit code is then whatever the kill produced, usually 137, or -1 if the process would not die).
 */
public record ProcessResult(List<String> command, int exitCode, String stdout, String stderr, Duration elapsed,
                            boolean timedOut) {

  public ProcessResult {
    command = List.copyOf(command);
  }

  /** Exit code 0 and not killed. */
  public boolean ok() {
    return exitCode == 0 && !timedOut;
  }

  /** stdout followed by stderr, as a terminal would have shown them (for tools that use both, like xfs_repair). */
  public String output() {
    if (stderr.isEmpty()) {
      return stdout;
    }
    if (stdout.isEmpty() || stdout.endsWith("\n")) {
      return stdout + stderr;
    }
    return stdout + "\n" + stderr;
  }

  /** The command line in shell-ish quoting, for messages. */
  public String commandLine() {
    StringBuilder sb = new StringBuilder();
    for (String arg : command) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(arg.isEmpty() || arg.matches(".*[\\s'\"$\\\\*?;&|<>()].*")
          ? "'" + arg.replace("'", "'\\''") + "'" : arg);
    }
    return sb.toString();
  }

  /** A multi-line description for failure messages: command, exit code, timing, both streams. */
  public String describe() {
    return "$ " + commandLine() + "\n"
        + (timedOut ? "TIMED OUT after " + elapsed.toMillis() + " ms (killed)" : "exit " + exitCode
        + " after " + elapsed.toMillis() + " ms") + "\n"
        + (stdout.isEmpty() ? "" : "--- stdout\n" + stdout + (stdout.endsWith("\n") ? "" : "\n"))
        + (stderr.isEmpty() ? "" : "--- stderr\n" + stderr + (stderr.endsWith("\n") ? "" : "\n"));
  }

  /** Returns this result if {@link #ok()}, else throws {@link IllegalStateException} with {@link #describe()}. */
  public ProcessResult requireSuccess() {
    if (!ok()) {
      throw new IllegalStateException("command failed:\n" + describe());
    }
    return this;
  }
}
