// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jxfs.core.XfsException;
import org.jxfs.core.alloc.Alloc;
import org.jxfs.core.alloc.AllocArg;
import org.jxfs.core.alloc.AllocType;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.ialloc.Ialloc;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Free-space and inode allocation throughput (the allocation issue's benchmark): one extent allocation or one
 * inode allocation per transaction, on one thread and on two threads that each stay in their own AG (each holds
 * only its AG's AGF/AGI, so they run in parallel as in the kernel), and on two threads in one AG, which take turns
 * holding its AGF. Each iteration starts from a freshly made 4 GiB
 * image with 4 AGs, so every iteration sees the same free space. Single-block extents are taken near a random target
 * and freed again every other operation, so the btrees stay busy without the AG filling up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AllocBenchmark {
    static final long IMAGE_BYTES = 4L << 30;

    ScratchImage image;
    Mount mp;
    final AtomicInteger nextAg = new AtomicInteger();

    @Setup(Level.Iteration)
    public void freshImage() throws IOException, XfsException {
        image = new ScratchImage("alloc-bench");
        mp = Mount.open(image.format(IMAGE_BYTES), false);
        nextAg.set(0);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException, XfsException {
        mp.close();
        image.delete();
    }

    /** One thread's AG and its random targets; thread n works in AG n. */
    @State(Scope.Thread)
    public static class PerThread {
        int agno;
        SplittableRandom rnd;
        long held = -1;
        long parentIno;
        /** The thread's own image and mount in the TwoMounts benchmark (else null: the shared one). */
        ScratchImage ownImage;
        Mount mp;

        @Setup(Level.Iteration)
        public void pick(AllocBenchmark b, BenchmarkParams params) throws IOException, XfsException {
            // Thread n works in AG n, except in the OneAg benchmarks, where every thread works in AG 0.
            int n = b.nextAg.getAndIncrement();
            mp = b.mp;
            if (params.getBenchmark().endsWith("TwoMounts")) {
                ownImage = new ScratchImage("alloc-bench");
                mp = Mount.open(ownImage.format(IMAGE_BYTES), false);
            }
            agno = params.getBenchmark().endsWith("OneAg") ? 0 : n % b.mp.geometry().agcount;
            rnd = new SplittableRandom(n * 7919L + 1);
            held = -1;
            Geometry g = b.mp.geometry();
            // A parent inode number in this thread's AG steers dialloc there (xfs_dialloc tries the parent's AG).
            parentIno = g.aginoToIno(agno, g.agbToAgino(g.agblocks / 2));
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException, XfsException {
            if (ownImage != null) {
                mp.close();
                ownImage.delete();
                ownImage = null;
            }
        }
    }

    /** Alternately allocates a single block near a random target in the thread's AG and frees the last one. */
    static long allocOrFree(PerThread t) throws XfsException {
        Mount mp = t.mp;
        Geometry g = mp.geometry();
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, t.held < 0 ? 4 : 0)) {
            long result;
            if (t.held < 0) {
                AllocArg a = new AllocArg(tp, mp);
                a.type = AllocType.NEAR_BNO;
                a.fsbno = g.agbToFsb(t.agno, 1 + t.rnd.nextLong(g.agblocks - 1));
                a.minlen = 1;
                a.maxlen = 1;
                a.total = 1;
                Alloc.vextent(a);
                result = a.fsbno;
                t.held = a.fsbno;
            } else {
                Alloc.freeExtent(tp, t.held, 1);
                result = t.held;
                t.held = -1;
            }
            tp.commit();
            return result;
        }
    }

    long dialloc(PerThread t) throws XfsException {
        try (Trans tp = Trans.alloc(mp, TransResv.CREATE, Ialloc.spaceRes(mp))) {
            long ino = Ialloc.dialloc(tp, mp, t.parentIno, Dinode.S_IFREG | 0644);
            tp.commit();
            return ino;
        }
    }

    @Benchmark
    @Threads(1)
    public long extentAllocFree1Thread(PerThread t) throws XfsException {
        return allocOrFree(t);
    }

    @Benchmark
    @Threads(2)
    public long extentAllocFree2ThreadsTwoAgs(PerThread t) throws XfsException {
        return allocOrFree(t);
    }

    @Benchmark
    @Threads(2)
    public long extentAllocFree2ThreadsOneAg(PerThread t) throws XfsException {
        return allocOrFree(t);
    }

    /**
     * The same work on two threads that share nothing of jxfs: each has its own image and mount. What this reaches
     * over one thread is the machine's own limit (cores, memory, the collector, the disk's flushes) for the TwoAgs
     * benchmark.
     */
    @Benchmark
    @Threads(2)
    public long extentAllocFree2ThreadsTwoMounts(PerThread t) throws XfsException {
        return allocOrFree(t);
    }

    @Benchmark
    @Threads(1)
    public long inodeAlloc1Thread(PerThread t) throws XfsException {
        return dialloc(t);
    }

    @Benchmark
    @Threads(2)
    public long inodeAlloc2ThreadsTwoAgs(PerThread t) throws XfsException {
        return dialloc(t);
    }
}
