// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jxfs.core.btree.Btree;
import org.jxfs.core.btree.BtreeCheck;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.api.Test;

/**
 * The bmap model test: random preallocate / unmap / convert operations on one file against a per-block reference
 * (hole, unwritten or written, and the physical block), compared after every operation over the touched range and
 * in full every {@link #FULL_EVERY} operations, with the kernel's merge rule checked on the extent records and the
 * fork flipping between EXTENTS and BTREE format. 1024-byte blocks make the bmbt grow past two levels. Ends with
 * the image re-read from disk, FsCheck and xfs_repair -n.
 */
class BmapModelTest {
    private static final int BLOCKSIZE = 1024;
    private static final long IMAGE_BYTES = 64L << 20;
    /** File blocks the operations touch. */
    private static final int SPACE = 30_000;
    private static final int MAX_LEN = 24;
    private static final int FULL_EVERY = 1000;
    private static final int HOLE = 0, UNWRITTEN = 1, WRITTEN = 2;
    private static final int OPS = Boolean.getBoolean("jxfs.stress") ? 100_000 : 15_000;

    private final int[] state = new int[SPACE];
    private final long[] phys = new long[SPACE];
    private Mount mp;
    private Inode ip;
    private long dataBlocks;
    private int flips;
    private int maxLevel;

    @Test
    void randomMapUnmapConvert() throws Exception {
        Path dir = Path.of("target", "bmap-tests");
        Files.createDirectories(dir);
        Path image = dir.resolve("bmap-model.img");
        Files.deleteIfExists(image);
        Mkfs.format(image, MkfsOptions.builder().blockSize(BLOCKSIZE).dataSize(IMAGE_BYTES).quiet(true).build());
        mp = Mount.open(image, false);
        ip = BmapFile.create(mp, "model");
        Random rnd = new Random(42);
        long t0 = System.nanoTime();
        int lastFormat = ip.format;
        // Phases: a window that grows the extent count, then a sweep that shrinks it, so the fork keeps crossing
        // the EXTENTS capacity.
        for (int op = 1; op <= OPS; op++) {
            boolean small = (op / 2000) % 2 == 0 && op <= OPS - 2000;
            int window = small ? 400 : SPACE;
            long off = rnd.nextInt(window - 1);
            long len = 1 + rnd.nextInt((int) Math.min(MAX_LEN, window - off));
            int kind = rnd.nextInt(10);
            if (small && op % 250 == 0) {
                off = 0;
                len = SPACE;
                kind = 9;
            }
            if (kind < 4) {
                write(off, len, BmapiFlags.PREALLOC);
            } else if (kind < 6) {
                write(off, len, BmapiFlags.CONVERT);
            } else if (kind < 7) {
                write(off, len, BmapiFlags.PREALLOC | BmapiFlags.CONVERT);
            } else {
                unmap(off, len);
            }
            checkRange(off, len);
            if (ip.format != lastFormat) {
                flips++;
                lastFormat = ip.format;
            }
            if (ip.format == Dinode.FMT_BTREE) {
                maxLevel = Math.max(maxLevel, org.jxfs.core.format.BtreeBlock.level(Ifork.get(mp, ip).broot()));
            }
            if (op % FULL_EVERY == 0) {
                fullCheck();
            }
        }
        fullCheck();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf("bmap model: %d ops, %d EXTENTS<->BTREE flips, max root level %d, %d extents, %d ms%n",
                OPS, flips, maxLevel, ip.nextents, ms);
        assertThat(flips).isGreaterThan(10);
        assertThat(FsCheck.run(mp)).isEmpty();
        mp.close();
        // Read back from disk: the fork as the kernel would load it.
        mp = Mount.open(image, false);
        ip = mp.inodeCache().iget(null, ip.ino);
        fullCheck();
        mp.close();
        mp = null;
        RepairCheck.assertClean(image);
        System.out.println("bmap model: xfs_repair -n exit 0");
    }

    private void write(long off, long len, int flags) throws Exception {
        long bno = off;
        long end = off + len;
        BmbtIrec[] maps = new BmbtIrec[1];
        while (bno < end) {
            int n;
            long res = BmapUtil.diostratSpaceRes(mp, end - bno) * 2;
            try (Trans tp = Trans.alloc(mp, TransResv.WRITE, res)) {
                ip.ilock.writeLock().lock();
                try {
                    n = Bmapi.write(tp, ip, bno, end - bno, flags, maps);
                    tp.commit();
                } finally {
                    ip.ilock.writeLock().unlock();
                }
            }
            assertThat(n).isEqualTo(1);
            BmbtIrec m = maps[0];
            assertThat(m.startoff()).isEqualTo(bno);
            assertThat(m.endoff()).isLessThanOrEqualTo(end);
            for (long b = m.startoff(); b < m.endoff(); b++) {
                int i = (int) b;
                long pb = m.startblock() + (b - m.startoff());
                if (state[i] == HOLE) {
                    dataBlocks++;
                } else {
                    assertThat(phys[i]).as("block %d moved", b).isEqualTo(pb);
                }
                phys[i] = pb;
                if ((flags & BmapiFlags.PREALLOC) != 0) {
                    state[i] = state[i] == HOLE || (flags & BmapiFlags.CONVERT) != 0 ? UNWRITTEN : state[i];
                } else {
                    state[i] = WRITTEN;
                }
                assertThat(m.state()).isEqualTo(state[i] == WRITTEN ? ExtState.NORM : ExtState.UNWRITTEN);
            }
            bno = m.endoff();
        }
    }

    private void unmap(long off, long len) throws Exception {
        boolean done = false;
        while (!done) {
            try (Trans tp = Trans.alloc(mp, TransResv.WRITE, BmapUtil.diostratSpaceRes(mp, 0))) {
                ip.ilock.writeLock().lock();
                try {
                    done = Bunmapi.unmap(tp, ip, off, len, 0, Bunmapi.ITRUNC_MAX_EXTENTS);
                    tp.commit();
                } finally {
                    ip.ilock.writeLock().unlock();
                }
            }
        }
        for (long b = off; b < off + len && b < SPACE; b++) {
            if (state[(int) b] != HOLE) {
                dataBlocks--;
            }
            state[(int) b] = HOLE;
        }
    }

    private void checkRange(long off, long len) throws Exception {
        BmbtIrec[] maps = new BmbtIrec[(int) len + 2];
        int n = Bmapi.read(mp, ip, off, len, 0, maps);
        long b = off;
        for (int k = 0; k < n; k++) {
            BmbtIrec m = maps[k];
            assertThat(m.startoff()).isEqualTo(b);
            for (long x = m.startoff(); x < m.endoff(); x++) {
                int i = (int) x;
                if (m.isHole()) {
                    assertThat(state[i]).as("block %d", x).isEqualTo(HOLE);
                } else {
                    assertThat(state[i]).as("block %d", x).isEqualTo(m.isUnwritten() ? UNWRITTEN : WRITTEN);
                    assertThat(m.startblock() + (x - m.startoff())).as("phys of %d", x).isEqualTo(phys[i]);
                }
            }
            b = m.endoff();
        }
        assertThat(b).isEqualTo(off + len);
    }

    /** The whole map against the model, the merge rule, the counts and (in BTREE format) the tree. */
    private void fullCheck() throws Exception {
        checkRange(0, SPACE);
        Ifork ifp = Ifork.get(mp, ip);
        IextTree iext = ifp.iext();
        assertThat(iext.count()).isEqualTo(ip.nextents);
        IextCursor c = new IextCursor();
        iext.first(c);
        BmbtIrec prev = null;
        for (BmbtIrec r = iext.getExtent(c); r != null; r = iext.nextExtent(c)) {
            if (prev != null) {
                boolean mergeable = prev.endoff() == r.startoff()
                        && prev.startblock() + prev.blockcount() == r.startblock() && prev.state() == r.state()
                        && prev.blockcount() + r.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN;
                assertThat(mergeable).as("unmerged %s %s", prev, r).isFalse();
            }
            prev = r;
        }
        long bmbtBlocks = 0;
        if (ifp.isBtree()) {
            assertThat(ip.nextents).isGreaterThan(ifp.maxExtents());
            try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
                BtreeCursor cur = ifp.cursor(tp, new BmbtAlloc(new Bmalloca(tp, ifp)));
                assertThat(BtreeCheck.check(cur)).isEmpty();
                bmbtBlocks = Btree.countBlocks(cur) - 1;
            }
        } else {
            assertThat(ip.nextents).isLessThanOrEqualTo(ifp.maxExtents());
        }
        assertThat(ip.nblocks).isEqualTo(dataBlocks + bmbtBlocks);
    }
}
