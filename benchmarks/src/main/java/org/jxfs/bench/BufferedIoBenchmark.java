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
 * Buffered writes through {@code XfsFile.pwrite}, the workloads {@code benchmarks/kernel-buffered-rate.sh} measures
 * on the kernel (xfs_io on a loop mount):
 * <ul>
 * <li>{@link #buffered4k}: 20,000 sequential 4 KiB buffered writes into a new file (each a delalloc reservation or
 * a hit in the one the last write's preallocation made, and a copy into the page cache), as
 * {@code xfs_io -c 'pwrite -q OFF 4k'} per write;</li>
 * <li>{@link #sequential}: 256 MiB in 1 MiB buffered writes followed by fsync (the writeback, delalloc conversion
 * and unwritten conversion included), per MiB, as {@code xfs_io -c 'pwrite -q -b 1m 0 256m' -c fsync}.</li>
 * </ul>
 * Each invocation starts on a freshly made 1 GiB image (mkfs, mount and open not timed).
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BufferedIoBenchmark -f 1 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC",
        "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "-Ddisable.perf.info=true",
        "-Dchronicle.analytics.disable=true", "-Djxfs.pagecache.dirty.bytes=536870912"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BufferedIoBenchmark {
    static final int WRITES = 20_000;
    static final int MIB = 1 << 20;
    static final int SEQ_MIBS = 256;

    /** A fresh image per invocation with an empty file open for buffered I/O. */
    @State(Scope.Thread)
    public static class EmptyFile {
        final byte[] block = DioWorkload.buffer();
        final byte[] mib = new byte[MIB];
        private ScratchImage image;
        Xfs fs;
        XfsFile file;

        @Setup(Level.Trial)
        public void directory() throws IOException {
            image = new ScratchImage("buffered-bench");
            java.util.Arrays.fill(mib, (byte) 0x5a);
        }

        @Setup(Level.Invocation)
        public void freshFile() throws IOException, XfsException {
            fs = Xfs.open(image.format(DioWorkload.IMAGE_BYTES));
            file = fs.openFile("/f", true, false);
            CpuWarmup.spin();
        }

        @TearDown(Level.Invocation)
        public void unmount() throws XfsException {
            file.close();
            fs.close();
        }

        @TearDown(Level.Trial)
        public void cleanUp() throws IOException {
            image.delete();
        }
    }

    /** 20,000 sequential 4 KiB buffered writes. */
    @Benchmark
    @OperationsPerInvocation(WRITES)
    public long buffered4k(EmptyFile s) throws XfsException {
        long n = 0;
        for (int i = 0; i < WRITES; i++) {
            n += s.file.pwrite((long) i * DioWorkload.BLOCK, s.block, 0, DioWorkload.BLOCK);
        }
        return n;
    }

    /** 256 MiB in 1 MiB buffered writes, then fsync: per MiB. */
    @Benchmark
    @OperationsPerInvocation(SEQ_MIBS)
    public long sequential(EmptyFile s) throws XfsException {
        long n = 0;
        for (int i = 0; i < SEQ_MIBS; i++) {
            n += s.file.pwrite((long) i * MIB, s.mib, 0, MIB);
        }
        s.file.fsync();
        return n;
    }
}
