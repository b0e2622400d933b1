// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jxfs.core.XfsException;
import org.jxfs.core.mount.AgMetadataMap;
import org.jxfs.core.mount.AgMetadataScan;
import org.jxfs.core.mount.Mount;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
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
 * What the AG metadata map costs a mount: {@code Mount.open} and close of the same image read-only, read-only with
 * the scan a read-write mount makes to build the map ({@link AgMetadataScan}: every AG header, AGFL slot,
 * free-space, inode and refcount btree block and allocated inode chunk claimed once, free space checked against
 * them), and read-write (the scan, the unlinked-list and refcount checks, the log and superblock work of a
 * read-write close). The second less the first is the map's cost. The image is a 4 GiB one of mkfs's defaults (4 AGs) with {@code files} files in
 * 100 directories, each file two 4 KiB extents with a hole between, so the free-space and inode btrees have several
 * levels; the teardown prints the map's size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MountBenchmark {
    static final long IMAGE_BYTES = 4L << 30;
    static final int DIRS = 100;

    @Param({"0", "20000"})
    public int files;

    ScratchImage image;

    @Setup(Level.Trial)
    public void populate() throws IOException, XfsException {
        image = new ScratchImage("mount-bench");
        image.format(IMAGE_BYTES);
        try (Xfs fs = Xfs.open(image.path())) {
            for (int d = 0; d < DIRS; d++) {
                fs.mkdir("/d" + d, 0755);
            }
            for (int i = 0; i < files; i++) {
                try (XfsFile f = fs.openFile("/d" + (i % DIRS) + "/f" + i, true, false)) {
                    f.fallocate(0, 12 << 10);
                    f.punchHole(4 << 10, 4 << 10);
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void report() throws IOException, XfsException {
        try (Mount mp = Mount.open(image.path(), false)) {
            AgMetadataMap map = mp.metadataMap();
            long blocks = 0;
            for (int agno = 0; agno < mp.geometry().agcount; agno++) {
                blocks += map.blocks(agno);
            }
            System.out.printf("%n[MountBenchmark] files=%d: metadata map of %,d extents over %,d blocks%n", files,
                    map.extents(), blocks);
        }
        image.delete();
    }

    @Benchmark
    public long mountReadWrite() throws XfsException {
        try (Mount mp = Mount.open(image.path(), false)) {
            return mp.metadataMap().extents();
        }
    }

    /** A read-only mount that also builds the map, as a read-write mount does: less mountReadOnly, the map's cost. */
    @Benchmark
    public long mountReadOnlyAndScan() throws XfsException {
        try (Mount mp = Mount.open(image.path(), true)) {
            return AgMetadataScan.build(mp).extents();
        }
    }

    @Benchmark
    public boolean mountReadOnly() throws XfsException {
        try (Mount mp = Mount.open(image.path(), true)) {
            return mp.readOnly();
        }
    }
}
