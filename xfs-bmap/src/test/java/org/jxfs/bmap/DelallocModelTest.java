// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.jxfs.core.btree.Btree;
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
 * Delayed allocation against a per-block model (hole, delalloc, unwritten, written, and the physical block of the
 * real ones) and the free-block counter: random reserve (with and without speculative preallocation), punch and
 * convert operations on one file, checked after every operation. The counter must equal its starting value less
 * the file's blocks and m_delalloc_blks at every step, the delalloc records must hold exactly what
 * m_delalloc_blks and i_delayed_blks say, and once everything is punched the counter is back where it started.
 * A second run converts everything instead, then checks the image (FsCheck, the fork read back from disk holds
 * only real extents, xfs_repair -n).
 */
class DelallocModelTest {
    private static final int BLOCKSIZE = 1024;
    private static final long IMAGE_BYTES = 32L << 20;
    private static final int SPACE = 6000;
    private static final int MAX_LEN = 40;
    private static final int OPS = Boolean.getBoolean("jxfs.stress") ? 60_000 : 4_000;
    private static final int HOLE = 0, DELAY = 1, UNWRITTEN = 2, WRITTEN = 3;

    private final int[] state = new int[SPACE];
    private final long[] phys = new long[SPACE];
    private Mount mp;
    private Inode ip;
    private long fd0;
    private long nblocks0;
    private int conversions;
    private int btreeOps;

    private Path image(String name) throws Exception {
        Path dir = Path.of("target", "bmap-tests");
        Files.createDirectories(dir);
        Path image = dir.resolve(name);
        Files.deleteIfExists(image);
        Mkfs.format(image, MkfsOptions.builder().blockSize(BLOCKSIZE).dataSize(IMAGE_BYTES).quiet(true).build());
        return image;
    }

    @Test
    void randomReservePunchConvertBalancesTheFreeCounter() throws Exception {
        Path image = image("delalloc-model.img");
        mp = Mount.open(image, false);
        ip = BmapFile.create(mp, "delalloc");
        fd0 = mp.fdblocks();
        nblocks0 = ip.nblocks;
        Random rnd = new Random(7);
        for (int op = 1; op <= OPS; op++) {
            long off = rnd.nextInt(SPACE - 1);
            long len = 1 + rnd.nextInt((int) Math.min(MAX_LEN, SPACE - 1 - off));
            int kind = rnd.nextInt(10);
            if (kind < 4) {
                long prealloc = rnd.nextInt(4) == 0 ? Math.min(rnd.nextInt(64), SPACE - off - len) : 0;
                reserve(off, len, prealloc);
            } else if (kind < 7) {
                punch(off, len);
            } else {
                convertSomewhere(rnd, off);
            }
            check(off, len);
            if (op % 500 == 0) {
                check(0, SPACE);
            }
        }
        // Punch everything: every reservation comes back exactly.
        punch(0, SPACE);
        check(0, SPACE);
        assertThat(mp.delallocBlks()).isZero();
        assertThat(Ifork.get(mp, ip).delayedBlks()).isZero();
        assertThat(ip.nblocks).isEqualTo(nblocks0);
        assertThat(mp.fdblocks()).isEqualTo(fd0);
        System.out.printf("delalloc model: %d ops, %d conversions, %d ops in BTREE format%n", OPS, conversions,
                btreeOps);
        assertThat(conversions).isGreaterThan(100);
        assertThat(btreeOps).isGreaterThan(0);
        assertThat(FsCheck.run(mp)).isEmpty();
        mp.close();
    }

    @Test
    void convertEverythingLeavesOnlyRealExtentsOnDisk() throws Exception {
        Path image = image("delalloc-convert.img");
        mp = Mount.open(image, false);
        ip = BmapFile.create(mp, "delalloc");
        fd0 = mp.fdblocks();
        nblocks0 = ip.nblocks;
        Random rnd = new Random(11);
        for (int op = 0; op < 1500; op++) {
            long off = rnd.nextInt(SPACE - 1);
            long len = 1 + rnd.nextInt((int) Math.min(MAX_LEN, SPACE - 1 - off));
            if (rnd.nextInt(3) == 0) {
                punch(off, len);
            } else {
                reserve(off, len, 0);
            }
            if (op % 5 == 0) {
                convertSomewhere(rnd, rnd.nextInt(SPACE));
            }
            check(off, len);
        }
        // The inode is flushed with delalloc records still in core: they must not reach the disk.
        mp.sync();
        for (long b = 0; b < SPACE; b++) {
            if (state[(int) b] == DELAY) {
                convert(b, rnd.nextBoolean() ? BmapiFlags.PREALLOC : 0);
            }
        }
        check(0, SPACE);
        assertThat(mp.delallocBlks()).isZero();
        assertThat(ip.format).isEqualTo(Dinode.FMT_BTREE);
        assertThat(FsCheck.run(mp)).isEmpty();
        long ino = ip.ino;
        mp.close();
        mp = Mount.open(image, false);
        ip = mp.inodeCache().iget(null, ino);
        fd0 = mp.fdblocks() + ip.nblocks - nblocks0;
        check(0, SPACE);
        assertThat(FsCheck.run(mp)).isEmpty();
        mp.close();
        mp = null;
        RepairCheck.assertClean(image);
    }

    /**
     * Two threads reserving, punching and converting on one file each, and a third converting the first file's
     * records under them (the unlocked window of convert_delalloc): the free counter still comes back exactly.
     */
    @Test
    void concurrentReservePunchConvertBalance() throws Exception {
        Path image = image("delalloc-concurrent.img");
        mp = Mount.open(image, false);
        Inode a = BmapFile.create(mp, "a");
        Inode b = BmapFile.create(mp, "b");
        long fd = mp.fdblocks();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] ts = new Thread[3];
        for (int t = 0; t < ts.length; t++) {
            Inode f = t == 1 ? b : a;
            long seed = t;
            boolean converterOnly = t == 2;
            ts[t] = new Thread(() -> {
                Random rnd = new Random(seed);
                try {
                    for (int op = 0; op < 600; op++) {
                        long off = rnd.nextInt(2000);
                        long len = 1 + rnd.nextInt(30);
                        int kind = converterOnly ? 9 : rnd.nextInt(10);
                        if (kind < 5) {
                            f.ilock.writeLock().lock();
                            try {
                                BmapDelalloc.reserve(mp, f, off, len, rnd.nextInt(4) == 0 ? 16 : 0);
                            } finally {
                                f.ilock.writeLock().unlock();
                            }
                        } else if (kind < 8) {
                            unmapAll(f, off, len);
                        } else {
                            BmapDelalloc.convertDelalloc(mp, f, off, BmapiFlags.PREALLOC);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        unmapAll(a, 0, 4000);
        unmapAll(b, 0, 4000);
        assertThat(mp.delallocBlks()).isZero();
        assertThat(a.nblocks + b.nblocks).isZero();
        assertThat(mp.fdblocks()).isEqualTo(fd);
        assertThat(FsCheck.run(mp)).isEmpty();
        mp.close();
        mp = null;
    }

    private void unmapAll(Inode f, long off, long len) throws Exception {
        boolean done = false;
        while (!done) {
            try (Trans tp = Trans.alloc(mp, TransResv.WRITE, BmapUtil.diostratSpaceRes(mp, 0))) {
                f.ilock.writeLock().lock();
                try {
                    done = Bunmapi.unmap(tp, f, off, len, 0, Bunmapi.ITRUNC_MAX_EXTENTS);
                    tp.commit();
                } finally {
                    f.ilock.writeLock().unlock();
                }
            }
        }
    }

    private void reserve(long off, long len, long prealloc) throws Exception {
        ip.ilock.writeLock().lock();
        try {
            BmapDelalloc.reserve(mp, ip, off, len, prealloc);
        } finally {
            ip.ilock.writeLock().unlock();
        }
        long end = off + len;
        for (long b = off; b < end; b++) {
            if (state[(int) b] != HOLE) {
                continue;
            }
            boolean eof = true;
            for (int x = (int) b; x < SPACE && eof; x++) {
                eof = state[x] == HOLE;
            }
            long stop = eof ? end + prealloc : end;
            for (long x = b; x < stop && state[(int) x] == HOLE; x++) {
                state[(int) x] = DELAY;
            }
        }
    }

    private void punch(long off, long len) throws Exception {
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
        for (long b = off; b < off + len; b++) {
            state[(int) b] = HOLE;
        }
    }

    /** Converts at a delalloc block near {@code from}, if there is one. */
    private void convertSomewhere(Random rnd, long from) throws Exception {
        for (long b = from; b < SPACE; b++) {
            if (state[(int) b] == DELAY) {
                convert(b, rnd.nextInt(3) == 0 ? 0 : BmapiFlags.PREALLOC);
                return;
            }
        }
    }

    /**
     * xfs_bmapi_convert_delalloc at {@code b}. The model cannot know how the allocator splits the run, so it takes
     * what the fork says and checks it is possible: from the start of b's delalloc run, a prefix reaching past b
     * became real in the asked state on blocks nobody else holds, and the rest of the run is still delalloc.
     */
    private void convert(long b, int flags) throws Exception {
        long start = b;
        while (start > 0 && state[(int) start - 1] == DELAY) {
            start--;
        }
        long end = b;
        while (end < SPACE && state[(int) end] == DELAY) {
            end++;
        }
        BmbtIrec m = BmapDelalloc.convertDelalloc(mp, ip, b, flags);
        conversions++;
        assertThat(m).isNotNull();
        assertThat(m.contains(b)).as("%s covers %d", m, b).isTrue();
        int want = flags == BmapiFlags.PREALLOC ? UNWRITTEN : WRITTEN;
        BitSet used = new BitSet();
        for (int x = 0; x < SPACE; x++) {
            if (state[x] >= UNWRITTEN) {
                used.set((int) phys[x]);
            }
        }
        BmbtIrec[] maps = new BmbtIrec[(int) (end - start) + 1];
        int n = Bmapi.read(mp, ip, start, end - start, 0, maps);
        boolean realPart = true;
        for (int k = 0; k < n; k++) {
            BmbtIrec r = maps[k];
            for (long x = r.startoff(); x < r.endoff(); x++) {
                if (r.startblock() == BmbtIrec.DELAYSTARTBLOCK) {
                    realPart = false;
                    assertThat(x).isGreaterThan(b);
                    continue;
                }
                assertThat(realPart).as("real block %d after delalloc in the run", x).isTrue();
                assertThat(r.isRealExtent()).as("%s", r).isTrue();
                assertThat(r.isUnwritten() ? UNWRITTEN : WRITTEN).isEqualTo(want);
                long p = r.startblock() + (x - r.startoff());
                assertThat(used.get((int) p)).as("block %d mapped twice", p).isFalse();
                used.set((int) p);
                state[(int) x] = want;
                phys[(int) x] = p;
            }
        }
    }

    /** The range against the model, then the counters and the record invariants over the whole fork. */
    private void check(long off, long len) throws Exception {
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
                } else if (m.startblock() == BmbtIrec.DELAYSTARTBLOCK) {
                    assertThat(state[i]).as("block %d", x).isEqualTo(DELAY);
                } else {
                    assertThat(state[i]).as("block %d", x).isEqualTo(m.isUnwritten() ? UNWRITTEN : WRITTEN);
                    assertThat(m.startblock() + (x - m.startoff())).as("phys of %d", x).isEqualTo(phys[i]);
                }
            }
            b = m.endoff();
        }
        assertThat(b).isEqualTo(off + len);

        Ifork ifp = Ifork.get(mp, ip);
        IextCursor c = new IextCursor();
        ifp.iext().first(c);
        long real = 0, delayData = 0, delayAll = 0;
        BmbtIrec prev = null;
        for (BmbtIrec r = ifp.iext().getExtent(c); r != null; r = ifp.iext().nextExtent(c)) {
            if (r.isDelay()) {
                delayData += r.blockcount();
                delayAll += r.blockcount() + BmapDelalloc.indlen(r);
                // Plain checks: this loop runs over the whole fork after every operation.
                long ind = BmapDelalloc.indlen(r);
                if (ind <= 0 || ind > BmapDelalloc.worstIndlen(mp.geometry(), r.blockcount())) {
                    throw new AssertionError("indlen of " + r + ": " + ind);
                }
                // hole_delay merges touching delalloc records; nothing leaves two side by side.
                if (prev != null && prev.isDelay() && prev.endoff() == r.startoff()) {
                    throw new AssertionError("unmerged delalloc " + prev + " " + r);
                }
            } else {
                real++;
            }
            prev = r;
        }
        long modelDelay = 0, modelReal = 0;
        for (int x = 0; x < SPACE; x++) {
            modelDelay += state[x] == DELAY ? 1 : 0;
            modelReal += state[x] >= UNWRITTEN ? 1 : 0;
        }
        assertThat(ip.nextents).isEqualTo(real);
        assertThat(ifp.delayedBlks()).isEqualTo(delayData).isEqualTo(modelDelay);
        assertThat(mp.delallocBlks()).isEqualTo(delayAll);
        long bmbt = 0;
        if (ifp.isBtree()) {
            btreeOps++;
            try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
                BtreeCursor cur = ifp.cursor(tp, new BmbtAlloc(new Bmalloca(tp, ifp)));
                bmbt = Btree.countBlocks(cur) - 1;
            }
        }
        assertThat(ip.nblocks - nblocks0).isEqualTo(modelReal + bmbt);
        assertThat(mp.fdblocks()).as("free counter").isEqualTo(fd0 - (ip.nblocks - nblocks0) - mp.delallocBlks());
    }
}
