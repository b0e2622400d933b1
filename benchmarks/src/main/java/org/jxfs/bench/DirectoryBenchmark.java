// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jxfs.core.XfsException;
import org.jxfs.fs.Xfs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Creates and unlinks per second through {@link Xfs}, in one large directory ({@code dirs} 1: it grows through
 * block and leaf into a node directory of {@link #FILES} entries) and spread over 100 directories (each a leaf
 * directory of 200). {@link #create} makes {@link #FILES} empty files on a fresh 1 GiB image; {@link #unlink}
 * removes them again in random order from an image where they were made untimed (each unlink frees the inode and
 * edits the directory, which shrinks back to short form).
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DirectoryBenchmark -f 1 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC", "--add-opens",
        "java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "-Ddisable.perf.info=true",
        "-Dchronicle.analytics.disable=true"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DirectoryBenchmark {
    static final int FILES = 20_000;

    /** A fresh image per invocation with the directories made; for unlink, the files too. */
    @State(Scope.Thread)
    public static class Image {
        @Param({"1", "100"})
        public int dirs;
        private ScratchImage image;
        Xfs fs;
        List<String> paths;

        @Setup(Level.Trial)
        public void directory() throws IOException {
            image = new ScratchImage("dir-bench");
        }

        void fresh(boolean populate) throws IOException, XfsException {
            fs = Xfs.open(image.format(1L << 30));
            for (int d = 0; d < dirs; d++) {
                fs.mkdir("/d" + d, 0755);
            }
            paths = new ArrayList<>(FILES);
            for (int i = 0; i < FILES; i++) {
                paths.add("/d" + (i % dirs) + "/file-" + i);
            }
            if (populate) {
                for (String p : paths) {
                    fs.create(p, 0644);
                }
                Collections.shuffle(paths, new Random(16));
            }
            CpuWarmup.spin();
        }

        @TearDown(Level.Invocation)
        public void unmount() throws XfsException {
            fs.close();
        }

        @TearDown(Level.Trial)
        public void cleanUp() throws IOException {
            image.delete();
        }
    }

    /** An image with the directories, empty. */
    @State(Scope.Thread)
    public static class Empty extends Image {
        @Setup(Level.Invocation)
        public void setUp() throws IOException, XfsException {
            fresh(false);
        }
    }

    /** An image with the directories full. */
    @State(Scope.Thread)
    public static class Full extends Image {
        @Setup(Level.Invocation)
        public void setUp() throws IOException, XfsException {
            fresh(true);
        }
    }

    @Benchmark
    @OperationsPerInvocation(FILES)
    public long create(Empty s) throws XfsException {
        long last = 0;
        for (String p : s.paths) {
            last = s.fs.create(p, 0644);
        }
        return last;
    }

    @Benchmark
    @OperationsPerInvocation(FILES)
    public int unlink(Full s) throws XfsException {
        for (String p : s.paths) {
            s.fs.unlink(p);
        }
        return s.paths.size();
    }
}
