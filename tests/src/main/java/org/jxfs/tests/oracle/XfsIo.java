// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * xfsprogs' xfs_io on a file, usually one inside a {@link LoopMount}: the kernel side of the differential tests
 * (the same commands go to jxfs's own io tool). {@code -c} commands run in order in one process.
 */
public final class XfsIo {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private XfsIo() {
  }

  /** {@code xfs_io -c CMD... FILE}; the file must exist (use {@link #run(List, Path, String...)} with -f). */
  public static ProcessResult run(Path file, String... commands) {
    return run(List.of(), file, commands);
  }

  /** {@code xfs_io OPTIONS -c CMD... FILE}, options such as {@code -f} (create) or {@code -d} (O_DIRECT). */
  public static ProcessResult run(List<String> options, Path file, String... commands) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Binaries.path("xfs_io"));
    cmd.addAll(options);
    for (String c : commands) {
      cmd.add("-c");
      cmd.add(c);
    }
    cmd.add(file.toString());
    return ProcessRunner.of(cmd).withTimeout(TIMEOUT).run();
  }

  /** {@code xfs_io OPTIONS FILE < script}: commands one per line on stdin, as kernel_xio.sh ran them. */
  public static ProcessResult runScript(List<String> options, Path file, String script) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Binaries.path("xfs_io"));
    cmd.addAll(options);
    cmd.add(file.toString());
    return ProcessRunner.of(cmd).withStdin(script).withTimeout(TIMEOUT).run();
  }

  /**
   * {@code xfs_io OPTIONS NAME < script} run in {@code dir}: the file is named as typed, so the names xfs_io prints
   * (fiemap, bmap, file) are {@code name} itself rather than the mount's path.
   */
  public static ProcessResult runScriptIn(Path dir, List<String> options, String name, String script) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Binaries.path("xfs_io"));
    cmd.addAll(options);
    cmd.add(name);
    return ProcessRunner.of(cmd).inDirectory(dir).withStdin(script).withTimeout(TIMEOUT).run();
  }

  /** {@code bmap -vp} of the file, throwing if xfs_io fails. */
  public static String bmap(Path file) {
    ProcessResult r = run(file, "bmap -vp");
    if (!r.ok() || !r.stderr().isBlank()) {
      throw new IllegalStateException("xfs_io bmap -vp failed:\n" + r.describe());
    }
    return r.stdout();
  }

  /** Parses {@code bmap -vp} text into a per-block state map; see {@link StateMap}. */
  public static StateMap bmapStateMap(String bmapText, long fileSize, int blockSize) {
    return StateMap.parse(bmapText, fileSize, blockSize);
  }

  /** The live file's state map: {@code bmap -vp} and its current size. Sync first for settled extents. */
  public static StateMap bmapStateMap(Path file, int blockSize) {
    try {
      String text = bmap(file);
      return StateMap.parse(text, Files.size(file), blockSize);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + file, e);
    }
  }
}
