// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.IextCursor;
import org.jxfs.bmap.IextTree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-core extent tree at a million extents (extent i at file block 2i, one block long, holes between):
 * lookups at random offsets, and an insert plus a remove in the middle of the file (the tree returns to its
 * starting shape after each, so the numbers are steady state). Setup prints the tree's own bytes per extent and
 * the heap growth measured with Runtime.
 *
 * <p>Run: {@code java -cp ... org.openjdk.jmh.Main IextBenchmark -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class IextBenchmark {
    private static final int OFFSETS = 1 << 16;

    @Param("1000000")
    public int extents;

    private IextTree tree;
    private final IextCursor cur = new IextCursor();
    private long[] offsets;
    private long[] holes;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        long before = usedHeap();
        tree = new IextTree();
        for (int i = 0; i < extents; i++) {
            tree.insert(cur, BmbtIrec.of(2L * i, 1000L + i, 1));
            tree.next(cur);
        }
        long after = usedHeap();
        System.out.printf("%n[iext] %d extents, height %d: %.2f bytes/extent by the tree's accounting, "
                + "%.2f bytes/extent by heap delta%n", tree.count(), tree.height(),
                tree.retainedBytes() / (double) extents, (after - before) / (double) extents);
        SplittableRandom rnd = new SplittableRandom(1);
        offsets = new long[OFFSETS];
        holes = new long[OFFSETS];
        for (int i = 0; i < OFFSETS; i++) {
            offsets[i] = rnd.nextLong(2L * extents);
            holes[i] = 2 * rnd.nextLong(extents) + 1;
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private int nextIndex() {
        next = (next + 1) & (OFFSETS - 1);
        return next;
    }

    /** xfs_iext_lookup_extent at a random offset, reading the fields through the cursor (no allocation). */
    @Benchmark
    public long lookupRandom() {
        return tree.seek(offsets[nextIndex()], cur) ? tree.startblock(cur) : -1;
    }

    /** The same lookup returning a BmbtIrec, as bmapi callers use it. */
    @Benchmark
    public BmbtIrec lookupRandomIrec() {
        return tree.lookupExtent(offsets[nextIndex()], cur);
    }

    /** Fill the hole in the middle of the file, then punch it again: one insert plus one remove. */
    @Benchmark
    public long insertRemoveMiddle() {
        long off = extents | 1L;
        tree.lookupExtent(off, cur);
        tree.insert(cur, BmbtIrec.of(off, 5, 1));
        tree.remove(cur);
        return tree.count();
    }

    /** Insert plus remove at random holes: every leaf of the tree, not one hot leaf. */
    @Benchmark
    public long insertRemoveRandom() {
        long off = holes[nextIndex()];
        tree.lookupExtent(off, cur);
        tree.insert(cur, BmbtIrec.of(off, 5, 1));
        tree.remove(cur);
        return tree.count();
    }
}
