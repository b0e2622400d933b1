// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.junit.jupiter.api.Test;

/**
 * Collapse range and insert range ({@link XfsFile#collapseRange}, {@link XfsFile#insertRange}) on real images,
 * against a model of the file's blocks: for every file block, the disk block it maps (or none) and whether it is
 * unwritten. Every case the ports keep apart is run: splitting an extent at the insert point, inserting at an
 * extent boundary, collapse merging two records back into one, shifts through a BTREE-format fork (and the fork
 * going back to EXTENTS format), every refusal with its errno leaving the file as it was. Each image then passes
 * FsCheck, reads back the same after a remount, and passes xfs_repair -n.
 */
class ShiftFileSpaceTest {
    private static final int BS = 4096;

    private static Path image(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "shift-tests"));
        Path img = dir.resolve(name + ".img");
        Files.deleteIfExists(img);
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).quiet(true).force(true).build());
        return img;
    }

    /** File block -> {disk block or -1, unwritten 0/1}, as the data fork says. */
    private static long[][] map(XfsFile f, long blocks) throws XfsException {
        long[][] m = new long[(int) blocks][];
        for (int i = 0; i < blocks; i++) {
            m[i] = new long[] {-1, 0};
        }
        for (BmbtIrec r : f.extents()) {
            for (long b = 0; b < r.blockcount(); b++) {
                long fb = r.startoff() + b;
                if (fb < blocks) {
                    m[(int) fb] = new long[] {r.startblock() + b, r.isUnwritten() ? 1 : 0};
                }
            }
        }
        return m;
    }

    /** The model's collapse: blocks [off, off+len) go, the rest move down. */
    private static long[][] collapse(long[][] m, int off, int len) {
        long[][] out = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            int src = i < off ? i : i + len;
            out[i] = src < m.length ? m[src] : new long[] {-1, 0};
        }
        return out;
    }

    /** The model's insert: a hole of len blocks at off, the rest move up. */
    private static long[][] insert(long[][] m, int off, int len) {
        long[][] out = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            if (i < off) {
                out[i] = m[i];
            } else if (i < off + len) {
                out[i] = new long[] {-1, 0};
            } else {
                out[i] = m[i - len];
            }
        }
        return out;
    }

    private static void assertMap(XfsFile f, long[][] want, String what) throws XfsException {
        long[][] got = map(f, want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("%s: file block %d", what, i).containsExactly(want[i]);
        }
    }

    private static void assertErrno(ThrowingCall c, int errno) {
        assertThatThrownBy(c::run).isInstanceOfSatisfying(XfsException.class,
                e -> assertThat(e.errno()).as(e.getMessage()).isEqualTo(errno));
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    private static byte[] pattern(int len, int seed) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void collapseOfTheMiddleOfAnExtentMergesTheHalvesBack() throws Exception {
        Path img = image("collapse-merge");
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false, true)) {
            f.fallocate(0, 64 * BS);
            f.pwrite(0, pattern(16 * BS, 1), 0, 16 * BS);
            long[][] before = map(f, 64);
            f.collapseRange(8 * BS, 4 * BS);
            assertThat(f.size()).isEqualTo(60 * BS);
            // the tail's blocks follow the head's on disk only if the punched blocks were between them: they were
            long[][] want = collapse(before, 8, 4);
            assertMap(f, want, "after collapse");
            // written [0,8) + written [8,12) (was 12..16) then unwritten: the written records do not merge across
            // the punched blocks, so the written head, the moved written part and the unwritten tail remain
            assertThat(f.inode().nextents).isEqualTo(f.extents().size());
            byte[] back = new byte[12 * BS];
            f.pread(0, back, 0, back.length);
            byte[] src = pattern(16 * BS, 1);
            assertThat(Arrays.copyOfRange(back, 0, 8 * BS)).isEqualTo(Arrays.copyOfRange(src, 0, 8 * BS));
            assertThat(Arrays.copyOfRange(back, 8 * BS, 12 * BS)).isEqualTo(Arrays.copyOfRange(src, 12 * BS,
                    16 * BS));
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
        RepairCheck.assertClean(img);
    }

    @Test
    void insertSplitsTheExtentAndCollapseOfTheSameRangeMergesItBack() throws Exception {
        Path img = image("insert-split");
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false, true)) {
            f.fallocate(0, 32 * BS);
            assertThat(f.extents()).hasSize(1);
            long[][] m0 = map(f, 40);
            f.insertRange(10 * BS, 8 * BS);
            assertThat(f.size()).isEqualTo(40 * BS);
            assertThat(f.extents()).hasSize(2);
            assertMap(f, insert(m0, 10, 8), "after insert");
            f.collapseRange(10 * BS, 8 * BS);
            assertThat(f.size()).isEqualTo(32 * BS);
            assertThat(f.extents()).as("collapse merged the split halves").hasSize(1);
            assertMap(f, m0, "after collapse");
            // insert at an extent boundary splits nothing
            f.insertRange(0, 4 * BS);
            assertThat(f.extents()).hasSize(1);
            assertThat(f.extents().get(0).startoff()).isEqualTo(4);
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
        RepairCheck.assertClean(img);
    }

    @Test
    void refusalsCarryTheKernelsErrnoAndChangeNothing() throws Exception {
        Path img = image("refusals");
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false, true)) {
            f.fallocate(0, 16 * BS);
            f.fallocate(FallocMode.KEEP_SIZE, 16 * BS, 4 * BS);
            List<BmbtIrec> ext = f.extents();
            long size = f.size();
            assertErrno(() -> f.collapseRange(100, BS), XfsException.EINVAL);        // offset not aligned
            assertErrno(() -> f.collapseRange(0, BS + 512), XfsException.EINVAL);    // length not aligned
            assertErrno(() -> f.collapseRange(8 * BS, 8 * BS), XfsException.EINVAL); // reaches EOF
            assertErrno(() -> f.collapseRange(20 * BS, BS), XfsException.EINVAL);    // past EOF
            assertErrno(() -> f.collapseRange(0, 0), XfsException.EINVAL);
            assertErrno(() -> f.insertRange(512, BS), XfsException.EINVAL);
            assertErrno(() -> f.insertRange(16 * BS, BS), XfsException.EINVAL);      // at EOF
            assertErrno(() -> f.insertRange(0, Long.MAX_VALUE - 8 * BS + 1), XfsException.EFBIG);
            assertErrno(() -> f.fallocate(FallocMode.INSERT_RANGE | FallocMode.KEEP_SIZE, 0, BS),
                    XfsException.EOPNOTSUPP);
            assertThat(f.extents()).isEqualTo(ext);
            assertThat(f.size()).isEqualTo(size);
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
        try (Xfs fs = Xfs.open(img); XfsFile ro = fs.openFile("/f", false, true)) {
            assertErrno(() -> ro.collapseRange(0, BS), XfsException.EBADF);
            assertErrno(() -> ro.insertRange(0, BS), XfsException.EBADF);
        }
        RepairCheck.assertClean(img);
    }

    @Test
    void collapseShiftsPostEofPreallocationAndTruncatesWhatPassesTheNewEof() throws Exception {
        Path img = image("post-eof");
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false, true)) {
            f.fallocate(0, 8 * BS);
            f.fallocate(FallocMode.KEEP_SIZE, 8 * BS, 8 * BS);
            f.collapseRange(0, 4 * BS);
            assertThat(f.size()).isEqualTo(4 * BS);
            // xfs_falloc_setsize shrinks the file, and truncation frees every block from the new EOF on
            long last = 0;
            for (BmbtIrec r : f.extents()) {
                last = Math.max(last, r.endoff());
            }
            assertThat(last).isEqualTo(4);
        }
        RepairCheck.assertClean(img);
    }

    /**
     * Buffered data, still in the page cache as delayed allocations, moves with the shift: xfs_prepare_shift writes
     * it back (turning the delayed allocations into extents) and drops it before the extents move, so reads after
     * the collapse and the insert see the bytes where the shift put them, and the image holds them after a remount.
     */
    @Test
    void cachedDataIsWrittenBackAndShiftedWithTheExtents() throws Exception {
        Path img = image("buffered");
        byte[] data = pattern(64 * BS, 3);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false, false)) {
            f.pwrite(0, data, 0, data.length);
            assertThat(f.delayedBlocks()).isPositive();
            f.collapseRange(8 * BS, 8 * BS);
            f.insertRange(40 * BS, 4 * BS);
            assertThat(f.delayedBlocks()).isZero();
            assertThat(f.size()).isEqualTo(60 * BS);
        }
        byte[] want = new byte[60 * BS];
        System.arraycopy(data, 0, want, 0, 8 * BS);
        System.arraycopy(data, 16 * BS, want, 8 * BS, 32 * BS);       // file [8,40) was [16,48)
        System.arraycopy(data, 48 * BS, want, 44 * BS, 16 * BS);      // [40,44) the inserted hole, then [48,64)
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", false, true, false)) {
            byte[] got = new byte[want.length];
            assertThat(f.pread(0, got, 0, got.length)).isEqualTo(got.length);
            assertThat(got).isEqualTo(want);
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
        RepairCheck.assertClean(img);
    }

    /**
     * SEEK_DATA and SEEK_HOLE: written extents and delayed allocations are data, holes are holes, and an unwritten
     * extent is data only where the page cache holds blocks over it.
     */
    @Test
    void seekSeesWrittenDelayedAndCachedUnwrittenBlocksAsData() throws Exception {
        Path img = image("seek");
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false, false)) {
            f.fallocate(0, 16 * BS);
            f.truncate(64 * BS);
            assertErrno(() -> f.seekData(0), XfsException.ENXIO);          // unwritten and uncached: all hole
            assertThat(f.seekHole(0)).isEqualTo(0);
            assertThat(f.seekHole(40 * BS + 7)).isEqualTo(40 * BS + 7);
            assertErrno(() -> f.seekData(64 * BS), XfsException.ENXIO);
            assertErrno(() -> f.seekHole(64 * BS), XfsException.ENXIO);
            f.pwrite(4 * BS, pattern(BS, 4), 0, BS);                        // a cached block over unwritten
            f.pwrite(32 * BS, pattern(BS, 5), 0, BS);                       // a delayed allocation in the hole
            assertThat(f.seekData(0)).isEqualTo(4 * BS);
            assertThat(f.seekHole(4 * BS + 100)).isEqualTo(5 * BS);
            assertThat(f.seekData(5 * BS)).isEqualTo(32 * BS);
            assertThat(f.seekHole(32 * BS)).isEqualTo(33 * BS);
            f.fsync();                                                      // now written extents
            assertThat(f.seekData(1)).isEqualTo(4 * BS);
            assertErrno(() -> f.seekData(33 * BS), XfsException.ENXIO);     // nothing after the last data
        }
        RepairCheck.assertClean(img);
    }

    /**
     * A file of hundreds of records (BTREE format) made by inserting holes into one extent, then a random mix of
     * collapses and inserts checked against the model after each one, then the holes collapsed away until the
     * records merge back into the inode (EXTENTS format).
     */
    @Test
    void shiftsThroughABtreeForkAgreeWithTheModel() throws Exception {
        Path img = image("btree");
        Random rnd = new Random(14);
        int blocks = 2048;
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", true, false, true)) {
            f.fallocate(0, 512L * BS);
            f.pwrite(0, pattern(128 * BS, 2), 0, 128 * BS);
            long[][] model = map(f, blocks);
            // one-block holes every 2 blocks from the end backwards: each insert splits the extent it lands in
            for (int off = 510; off > 0; off -= 2) {
                f.insertRange((long) off * BS, BS);
                model = insert(model, off, 1);
            }
            assertThat(f.inode().format).isEqualTo(Dinode.FMT_BTREE);
            assertMap(f, model, "after the inserts");
            for (int op = 0; op < 120; op++) {
                long sizeBlocks = f.size() / BS;
                int off = rnd.nextInt((int) sizeBlocks - 1);
                if (rnd.nextBoolean() && sizeBlocks + 8 < blocks) {
                    int len = 1 + rnd.nextInt(4);
                    f.insertRange((long) off * BS, (long) len * BS);
                    model = insert(model, off, len);
                } else {
                    int len = 1 + rnd.nextInt(Math.min(4, (int) sizeBlocks - off - 1));
                    f.collapseRange((long) off * BS, (long) len * BS);
                    model = collapse(model, off, len);
                }
                assertMap(f, model, "op " + op);
                assertThat(f.inode().nextents).isEqualTo(f.extents().size());
            }
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
        try (Xfs fs = Xfs.open(img); XfsFile g = fs.openFile("/g", true, false, true)) {
            // holes inserted into one extent, then collapsed away: the split halves touch on disk, so every
            // collapse is a merge, and the fork comes back from BTREE format into the inode
            g.fallocate(0, 400L * BS);
            for (int off = 398; off > 0; off -= 2) {
                g.insertRange((long) off * BS, BS);
            }
            assertThat(g.inode().format).isEqualTo(Dinode.FMT_BTREE);
            assertThat(g.extents()).hasSize(200);
            for (int k = 1; k < 200; k++) {         // the k-th hole, once those before it are gone
                g.collapseRange(2L * k * BS, BS);
            }
            assertThat(g.extents()).hasSize(1);
            assertThat(g.extents().get(0).blockcount()).isEqualTo(400);
            assertThat(g.inode().format).isEqualTo(Dinode.FMT_EXTENTS);
            assertThat(g.inode().nblocks).isEqualTo(400);
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.openFile("/f", false, true)) {
            assertThat(f.inode().nextents).isEqualTo(f.extents().size());
        }
        RepairCheck.assertClean(img);
    }
}
