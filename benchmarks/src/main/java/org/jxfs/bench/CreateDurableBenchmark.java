// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.io.IOException;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * File creation until it is on disk: {@link #FILES} creates as {@link CreateBenchmark} makes them (directories of
 * 100 files), then the unmount that writes every change in place, timed together on a fresh 4 GiB image. Unlike
 * {@link CreateBenchmark}, whose iterations end before the unmount, a build that defers its metadata writes to the
 * unmount pays for them here too, so builds with and without a write-ahead log do the same work: the same
 * metadata written in place, plus the log in one of them. Reported as time per create (us/op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "-Ddisable.perf.info=true", "-Dchronicle.analytics.disable=true"})
public class CreateDurableBenchmark {
    static final int FILES = 50_000;
    static final int FILES_PER_DIR = 100;

    ScratchImage image;
    Xfs fs;

    @Setup(Level.Invocation)
    public void freshImage() throws IOException, XfsException {
        image = new ScratchImage("create-durable-bench");
        fs = Xfs.open(image.format(4L << 30));
    }

    @TearDown(Level.Invocation)
    public void delete() throws IOException {
        image.delete();
    }

    @Benchmark
    @OperationsPerInvocation(FILES)
    public long createThenUnmount() throws XfsException {
        long last = 0;
        String cur = null;
        for (int n = 0; n < FILES; n++) {
            if (n % FILES_PER_DIR == 0) {
                int d = n / FILES_PER_DIR;
                String top = "/a" + d / FILES_PER_DIR;
                if (d % FILES_PER_DIR == 0) {
                    fs.mkdir(top, 0755);
                }
                cur = top + "/d" + d % FILES_PER_DIR;
                fs.mkdir(cur, 0755);
            }
            last = fs.create(cur + "/f" + n, 0644);
        }
        fs.close();
        return last;
    }
}
