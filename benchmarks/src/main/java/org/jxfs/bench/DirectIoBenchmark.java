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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 4 KiB writes through {@code XfsFile.pwrite}, the workloads the kernel is measured on by
 * {@code benchmarks/kernel-dio-rate.sh} (xfs_io -d on a loop mount; the pairs are {@code benchmarks/dio-ratio.sh},
 * docs/performance.md "Direct I/O and DAX writes"). The workloads are {@link DioWorkload}'s:
 * <ul>
 * <li>{@link #dioIntoUnwritten}: 20,000 O_DIRECT writes into a preallocated unwritten extent, each a mapping,
 * the copy and the conversion transaction (xfs_iomap_write_unwritten); {@code stride} 1 writes the next block
 * each time, 2 every other block (the fork then splits into 40,000 extents).</li>
 * <li>{@link #daxAllocatingWrite}: 20,000 writes into holes at every other block of a DAX file, each an
 * allocation that zeroes its block inside the transaction (xfs_iomap_write_direct with CONVERT | ZERO), the
 * commit and the copy.</li>
 * </ul>
 * Their halves show where the time goes: {@link #unwrittenMapConvert} and {@link #daxAllocZeroCommit} are the same
 * writes without the copy of the data (the file system's part: get_block, allocation, zeroing, conversion,
 * commits), {@link #unwrittenCopy} the data writes alone ({@code BlockDevice.writeData}) at the same device
 * addresses (the device's part: its write cache merges contiguous writes into pwrites of the image file, and each
 * write fills a page of the image for the first time).
 * <p>As in {@link BmapBenchmark}: each invocation starts on a freshly made 1 GiB image (mkfs, mount, open and the
 * preallocation or ftruncate not timed), the fork pre-touches a 1 GiB heap under the throughput collector with
 * transparent huge pages, and the set-up ends with {@link CpuWarmup#spin} so the timed part does not start on a
 * vCPU slowed by the set-up's fsyncs. Throughput is per write.
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DirectIoBenchmark -f 1 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC",
        "-XX:+UseTransparentHugePages", "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports",
        "java.base/jdk.internal.ref=ALL-UNNAMED", "-Ddisable.perf.info=true", "-Dchronicle.analytics.disable=true"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DirectIoBenchmark {

    /** A fresh image per invocation with an O_DIRECT file preallocated as unwritten. */
    @State(Scope.Thread)
    public static class UnwrittenFile {
        /** 1: the next block each write; 2: every other block. */
        @Param({"1", "2"})
        public int stride;
        final byte[] buf = DioWorkload.buffer();
        private ScratchImage image;
        Xfs fs;
        XfsFile file;
        long[] offsets;

        @Setup(Level.Trial)
        public void directory() throws IOException {
            image = new ScratchImage("dio-bench");
        }

        @Setup(Level.Invocation)
        public void freshFile() throws IOException, XfsException {
            fs = Xfs.open(image.format(DioWorkload.IMAGE_BYTES));
            file = DioWorkload.unwrittenFile(fs, stride);
            offsets = DioWorkload.deviceOffsets(fs, file, stride);
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

    /** A fresh image per invocation with an empty DAX file sized by ftruncate. */
    @State(Scope.Thread)
    public static class DaxFile {
        final byte[] buf = DioWorkload.buffer();
        private ScratchImage image;
        Xfs fs;
        XfsFile file;

        @Setup(Level.Trial)
        public void directory() throws IOException {
            image = new ScratchImage("dax-bench");
        }

        @Setup(Level.Invocation)
        public void freshFile() throws IOException, XfsException {
            fs = Xfs.open(image.format(DioWorkload.IMAGE_BYTES));
            file = DioWorkload.daxFile(fs);
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

    /** 20,000 O_DIRECT 4 KiB writes into unwritten blocks: `xfs_io -d -c 'pwrite -q 4k*stride*i 4k'`. */
    @Benchmark
    @OperationsPerInvocation(DioWorkload.WRITES)
    public long dioIntoUnwritten(UnwrittenFile s) throws XfsException {
        return DioWorkload.writes(s.file, s.buf, s.stride);
    }

    /** The file system's part of {@link #dioIntoUnwritten}: get_block and the conversion, no data copied. */
    @Benchmark
    @OperationsPerInvocation(DioWorkload.WRITES)
    public long unwrittenMapConvert(UnwrittenFile s) throws XfsException {
        return DioWorkload.mapAndComplete(s.fs, s.file, s.stride, false);
    }

    /** The device's part of {@link #dioIntoUnwritten}: the 4 KiB copies into the image at the same addresses. */
    @Benchmark
    @OperationsPerInvocation(DioWorkload.WRITES)
    public long unwrittenCopy(UnwrittenFile s) throws XfsException {
        return DioWorkload.copies(s.fs.mount().device(), s.offsets, s.buf);
    }

    /** The file system's part of {@link #daxAllocatingWrite}: allocation, zeroing and commit, no data copied. */
    @Benchmark
    @OperationsPerInvocation(DioWorkload.WRITES)
    public long daxAllocZeroCommit(DaxFile s) throws XfsException {
        return DioWorkload.mapAndComplete(s.fs, s.file, DioWorkload.DAX_STRIDE, true);
    }

    /** 20,000 allocating 4 KiB DAX writes into holes at every other block: allocation + zeroing + commit + copy. */
    @Benchmark
    @OperationsPerInvocation(DioWorkload.WRITES)
    public long daxAllocatingWrite(DaxFile s) throws XfsException {
        return DioWorkload.writes(s.file, s.buf, DioWorkload.DAX_STRIDE);
    }
}
