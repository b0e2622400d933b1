// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jxfs.core.XfsException;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * fsync'd 4 KiB O_DIRECT writes, the jxfs side of the kernel's `xfs_io -d -c 'pwrite -V 1 -D -b 4k 0 N'` (RWF_DSYNC:
 * a data sync after every write) on a loop mount, in docs/performance.md. {@link #append} extends the file with every
 * write, so each one allocates, logs the inode's new size and forces the log; {@link #overwrite} rewrites written
 * blocks, which changes no metadata, so the sync is a device flush alone (xfs_fsync_flush_log finds the inode not
 * pinned).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC", "--add-opens",
        "java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "-Ddisable.perf.info=true",
        "-Dchronicle.analytics.disable=true"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FsyncBenchmark {
    static final int BLOCK = 4096;
    static final long OVERWRITE_SPAN = 1024L * BLOCK;

    ScratchImage image;
    Xfs fs;
    XfsFile appendFile;
    XfsFile overwriteFile;
    long appendAt;
    long overwriteAt;
    final byte[] data = new byte[BLOCK];

    @Setup(Level.Iteration)
    public void freshImage() throws IOException, XfsException {
        image = new ScratchImage("fsync-bench");
        fs = Xfs.open(image.format(1L << 30));
        appendFile = fs.openFile("/append", true, false, true);
        overwriteFile = fs.openFile("/overwrite", true, false, true);
        byte[] span = new byte[(int) OVERWRITE_SPAN];
        overwriteFile.pwrite(0, span, 0, span.length);
        overwriteFile.fsync();
        appendAt = 0;
        overwriteAt = 0;
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException, XfsException {
        appendFile.close();
        overwriteFile.close();
        fs.close();
        image.delete();
    }

    @Benchmark
    public long append() throws XfsException {
        data[0]++;
        appendFile.pwrite(appendAt, data, 0, BLOCK);
        appendAt += BLOCK;
        appendFile.fdatasync();
        return appendAt;
    }

    @Benchmark
    public long overwrite() throws XfsException {
        data[0]++;
        overwriteFile.pwrite(overwriteAt, data, 0, BLOCK);
        overwriteAt = (overwriteAt + BLOCK) % OVERWRITE_SPAN;
        overwriteFile.fdatasync();
        return overwriteAt;
    }
}
