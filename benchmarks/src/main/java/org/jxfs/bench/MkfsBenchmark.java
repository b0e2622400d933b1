// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jxfs.core.XfsException;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mkfs.MkfsPlan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * In-process {@code Mkfs.format} of a sparse image, the jxfs side of the mkfs.xfs comparison in
 * docs/performance.md. Each invocation starts from an all-hole file of the given size, as mkfs.xfs would see a
 * fresh sparse file; the teardown prints the bytes the format actually allocated (st_blocks * 512).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MkfsBenchmark {
  /** 1 GiB and 16 TiB - 1 MiB (the largest sparse file ext4 holds; mkfs.xfs was measured at the same size). */
  @Param({"1073741824", "17592184995840"})
  public long size;

  private Path dir;
  private Path img;
  private MkfsOptions opts;

  @Setup(Level.Trial)
  public void createDir() throws IOException {
    dir = Files.createTempDirectory(Path.of(System.getProperty("jxfs.bench.dir", "/tmp")), "mkfs-bench");
    img = dir.resolve("img");
    opts = MkfsOptions.builder().dataSize(size).force(true).quiet(true).build();
  }

  @Setup(Level.Invocation)
  public void emptyImage() throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
      f.setLength(0);
      f.setLength(size);
    }
  }

  @Benchmark
  public MkfsPlan format() throws XfsException {
    return Mkfs.format(img, opts);
  }

  @TearDown(Level.Trial)
  public void report() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("stat", "-c", "%b", img.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    p.waitFor();
    long written = Long.parseLong(out) * 512;
    System.out.printf("%n[MkfsBenchmark] size=%d: bytes written (st_blocks*512) = %,d%n", size, written);
    Files.deleteIfExists(img);
    Files.deleteIfExists(dir);
  }
}
