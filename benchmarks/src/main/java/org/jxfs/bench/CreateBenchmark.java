// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jxfs.core.XfsException;
import org.jxfs.fs.Xfs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * File creation through the namespace (inode allocation plus the directory entry), the jxfs side of the kernel's
 * file-creation rate on a loop mount in docs/performance.md. Directories of {@link #FILES_PER_DIR} files (one
 * directory block each; {@link DirectoryBenchmark} measures large directories): each thread makes a new directory
 * every 100 files under a top directory of its own that holds 100 of them; a new directory goes to the next AG by the rotor, as in the
 * kernel. The directory creations are counted in the time but not as operations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CreateBenchmark {
    static final int FILES_PER_DIR = 100;

    ScratchImage image;
    Xfs fs;
    final AtomicInteger threadIds = new AtomicInteger();

    @Setup(Level.Iteration)
    public void freshImage() throws IOException, XfsException {
        image = new ScratchImage("create-bench");
        fs = Xfs.open(image.format(4L << 30));
        threadIds.set(0);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException, XfsException {
        fs.close();
        image.delete();
    }

    /** A thread's own directory series. */
    @State(Scope.Thread)
    public static class PerThread {
        int id;
        long n;
        String cur;

        @Setup(Level.Iteration)
        public void init(CreateBenchmark b) {
            id = b.threadIds.getAndIncrement();
            n = 0;
            cur = null;
        }
    }

    long create(PerThread t) throws XfsException {
        if (t.n % FILES_PER_DIR == 0) {
            long d = t.n / FILES_PER_DIR;
            String top = "/t" + t.id + "a" + d / FILES_PER_DIR;
            if (d % FILES_PER_DIR == 0) {
                fs.mkdir(top, 0755);
            }
            t.cur = top + "/d" + d % FILES_PER_DIR;
            fs.mkdir(t.cur, 0755);
        }
        return fs.create(t.cur + "/f" + (t.n++), 0644);
    }

    @Benchmark
    @Threads(1)
    public long create1Thread(PerThread t) throws XfsException {
        return create(t);
    }

    @Benchmark
    @Threads(2)
    public long create2Threads(PerThread t) throws XfsException {
        return create(t);
    }
}
