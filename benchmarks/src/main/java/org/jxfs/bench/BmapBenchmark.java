// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jxfs.bmap.BmapiFlags;
import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.XfsException;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
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
 * The bmap layer under the two workloads the kernel was measured on through xfs_io (docs/performance.md, "bmap"):
 * <ul>
 * <li>{@link #prealloc}: fallocate(0) of 4 KiB at every other block of an empty file, 20,000 calls: each one a
 * transaction that maps a new unwritten extent (xfs_alloc_file_space -> xfs_bmapi_write(PREALLOC)), stamps the
 * times and sets the size, so the fork grows to 20,000 extents (a btree after the 12th).</li>
 * <li>{@link #convert}: xfs_bmapi_write(CONVERT) of every other block of one 160 MiB unwritten extent, one
 * transaction each (xfs_iomap_write_unwritten), splitting it into 40,960 extents.</li>
 * </ul>
 * Each invocation starts on a freshly made 1 GiB image (not timed): made by Mkfs.format rather than copied, because
 * a copy of the sparse template writes the whole gigabyte and the page-cache writeback then competes with the
 * measurement. The heap is pre-touched (-XX:+AlwaysPreTouch): otherwise, after G1 grows the young generation, every
 * iteration pays the kernel's first-touch page faults for hundreds of MB of new eden, which is the operating system
 * at work, not jxfs (it showed as a 5x slower phase until the first GC after the growth). The fork uses the
 * throughput collector and transparent huge pages, the usual settings for a batch job; docs/performance.md also
 * gives the rates under the JVM's defaults (G1, small pages). The set-up ends with {@link CpuWarmup#spin}: the
 * format's and the last unmount's fsyncs leave the vCPU idle, and it then runs slower for longer than half of an
 * invocation. Throughput is per call.
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BmapBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC",
        "-XX:+UseTransparentHugePages", "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports",
        "java.base/jdk.internal.ref=ALL-UNNAMED", "-Ddisable.perf.info=true", "-Dchronicle.analytics.disable=true"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class BmapBenchmark {
    static final int PREALLOC_CALLS = 20_000;
    static final long CONVERT_BYTES = 160L << 20;
    static final int CONVERT_CALLS = (int) (CONVERT_BYTES / 4096 / 2);

    private ScratchImage image;
    Xfs fs;
    XfsFile file;

    @Setup(Level.Trial)
    public void directory() throws IOException, XfsException {
        image = new ScratchImage("bmap-bench");
    }

    @Setup(Level.Invocation)
    public void freshFile() throws IOException, XfsException {
        fs = Xfs.open(image.format(1L << 30));
        file = fs.create("/f");
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

    /** 20,000 fallocate(0, 8 KiB * i, 4 KiB): a new extent each, as `xfs_io -c 'falloc 8k*i 4k'`. */
    @Benchmark
    @OperationsPerInvocation(PREALLOC_CALLS)
    public long prealloc() throws XfsException {
        for (int i = 0; i < PREALLOC_CALLS; i++) {
            file.fallocate(i * 8192L, 4096);
        }
        return file.inode().nextents;
    }

    /** The bmap layer alone: one xfs_bmapi_write(PREALLOC) of one block at every other block, a transaction each. */
    @Benchmark
    @OperationsPerInvocation(PREALLOC_CALLS)
    public long preallocBmapi() throws XfsException {
        Mount mp = fs.mount();
        Inode ip = file.inode();
        BmbtIrec[] maps = new BmbtIrec[1];
        for (int i = 0; i < PREALLOC_CALLS; i++) {
            mapOne(mp, ip, 2L * i, 1, BmapiFlags.PREALLOC, maps);
        }
        return ip.nextents;
    }

    /**
     * xfs_bmapi_write(CONVERT) of every other block of one 160 MiB unwritten extent, each in its own transaction
     * under the ilock, as xfs_iomap_write_unwritten does for an O_DIRECT write completing (the extent is made by
     * the first call, not timed separately: it is one transaction among 20,481).
     */
    @Benchmark
    @OperationsPerInvocation(CONVERT_CALLS)
    public long convert() throws XfsException {
        Mount mp = fs.mount();
        Inode ip = file.inode();
        BmbtIrec[] maps = new BmbtIrec[1];
        mapOne(mp, ip, 0, CONVERT_BYTES / 4096, BmapiFlags.PREALLOC, maps);
        for (int i = 0; i < CONVERT_CALLS; i++) {
            mapOne(mp, ip, 2L * i, 1, BmapiFlags.CONVERT, maps);
        }
        return ip.nextents;
    }

    private static void mapOne(Mount mp, Inode ip, long offsetFsb, long countFsb, int flags, BmbtIrec[] maps)
            throws XfsException {
        long resblks = flags == BmapiFlags.PREALLOC ? countFsb + 8 : 8;  // XFS_DIOSTRAT_SPACE_RES
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, resblks)) {
            ip.ilock.writeLock().lock();
            try {
                Bmapi.write(tp, ip, offsetFsb, countFsb, flags, maps);
                Ifork.logExtents(tp, ip);
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
    }
}
