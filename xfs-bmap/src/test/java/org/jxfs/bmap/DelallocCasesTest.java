// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.NoSpaceException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every case of xfs_bmap_add_extent_delay_real by name, and the pieces around it: worst_indlen, split_indlen, the
 * merges of add_extent_hole_delay, the four cases of del_extent_delay, ENOSPC at reservation time, and the fork
 * encoder leaving delalloc records out. Each case starts from a delalloc record PREV = [10, 30) made by a real
 * reservation, with real neighbours put into the fork by hand at chosen blocks, so contiguity is exact. Those
 * blocks are not taken from the free-space trees: this image is scratch, checked for in-core results and counters.
 * {@link DelallocCasesBtreeTest} runs the same cases with the fork in BTREE format, checking the bmbt after each.
 */
class DelallocCasesTest {
    private static final long P0 = 10, P1 = 30;
    /** Where the BTREE variant puts the records that push the fork out of the inode, far from every case. */
    private static final long FILLER_OFF = 100_000;
    private static Mount mp;
    private static Geometry geo;
    private static int files;
    private Inode ip;
    private Ifork ifp;
    /** The free counter and m_delalloc_blks when the test's file was made (other tests leave reservations). */
    private long fd0, dl0;
    /** Blocks of the hand-made extents (in di_nblocks, never taken from the free counter), and filler records. */
    private long handBlocks;
    private int fillers;

    /** Whether {@link #convert} runs with the fork in BTREE format. */
    boolean btree() {
        return false;
    }

    /** Real records, not counting the BTREE variant's fillers. */
    private long nextents() {
        return ip.nextents - fillers;
    }

    @BeforeAll
    static void mount() throws Exception {
        Path dir = Path.of("target", "bmap-tests");
        Files.createDirectories(dir);
        Path image = dir.resolve("delalloc-cases.img");
        Files.deleteIfExists(image);
        // The records the cases make up lie in AG blocks 4000..6030, past the log and the inode chunks: a data fork
        // read back from disk is checked against the AG's metadata map, which would refuse one over the log.
        Mkfs.format(image, MkfsOptions.builder().blockSize(1024).dataSize(16L << 20).quiet(true).build());
        mp = Mount.open(image, false);
        geo = mp.geometry();
    }

    @AfterAll
    static void unmount() throws Exception {
        mp.close();
    }

    private void newFile() throws Exception {
        ip = BmapFile.create(mp, "f" + files++);
        ifp = Ifork.get(mp, ip);
        fd0 = mp.fdblocks();
        dl0 = mp.delallocBlks();
        handBlocks = 0;
        fillers = 0;
    }

    /** This test's delalloc blocks (data and indirect), from m_delalloc_blks. */
    private long delalloc() {
        return mp.delallocBlks() - dl0;
    }

    /** The free counter gave exactly what this file holds: its real blocks and its delalloc reservations. */
    private void balanced() {
        long held = 0;
        for (BmbtIrec r : records()) {
            held += r.isDelay() ? r.blockcount() + BmapDelalloc.indlen(r) : 0;
        }
        assertThat(delalloc()).isEqualTo(held);
        assertThat(mp.fdblocks()).as("free counter").isEqualTo(fd0 - (ip.nblocks - handBlocks) - held);
    }

    private void reserve(long off, long len) throws Exception {
        ip.ilock.writeLock().lock();
        try {
            BmapDelalloc.reserve(mp, ip, off, len, 0);
        } finally {
            ip.ilock.writeLock().unlock();
        }
    }

    /** A real extent put into the fork by hand (its blocks are not allocated: see the class comment). */
    private void real(long off, long phys, long len, ExtState st) {
        IextCursor c = new IextCursor();
        ifp.iext().lookupExtent(off, c);
        ifp.iext().insert(c, new BmbtIrec(off, phys, len, st));
        ip.nextents++;
        ip.nblocks += len;
        handBlocks += len;
    }

    /** The BTREE variant: enough far-away records that the fork leaves the inode, then the bmbt built from all. */
    private void toBtree() throws Exception {
        for (int i = 0; i < ifp.maxExtents(); i++) {
            real(FILLER_OFF + 2L * i, 7000 + 2L * i, 1, ExtState.NORM);
            fillers++;
        }
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 1)) {
            ip.ilock.writeLock().lock();
            try {
                Bmalloca bma = new Bmalloca(tp, ifp);
                IforkConvert.extentsToBtree(bma);
                bma.finish();
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
        assertThat(ip.format).isEqualTo(Dinode.FMT_BTREE);
    }

    /** The bmbt holds exactly the real records of the in-core fork: the fork read again from the tree agrees. */
    private void verifyBmbt() throws Exception {
        List<BmbtIrec> real = new ArrayList<>();
        IextCursor c = new IextCursor();
        ifp.iext().first(c);
        for (BmbtIrec r = ifp.iext().getExtent(c); r != null; r = ifp.iext().nextExtent(c)) {
            if (!r.isDelay()) {
                real.add(r);
            }
        }
        ifp.flush(ip);
        Object incore = ip.dataForkIncore;
        ip.dataForkIncore = null;
        try {
            Ifork reread = Ifork.get(mp, ip);
            List<BmbtIrec> disk = new ArrayList<>();
            reread.iext().first(c);
            for (BmbtIrec r = reread.iext().getExtent(c); r != null; r = reread.iext().nextExtent(c)) {
                disk.add(r);
            }
            assertThat(disk).isEqualTo(real);
        } finally {
            ip.dataForkIncore = incore;
        }
    }

    private List<BmbtIrec> records() {
        List<BmbtIrec> out = new ArrayList<>();
        IextCursor c = new IextCursor();
        ifp.iext().first(c);
        for (BmbtIrec r = ifp.iext().getExtent(c); r != null; r = ifp.iext().nextExtent(c)) {
            if (r.startoff() < FILLER_OFF) {
                out.add(r);
            }
        }
        return out;
    }

    private static BmbtIrec rec(long off, long phys, long len) {
        return BmbtIrec.of(off, phys, len);
    }

    private static BmbtIrec del(long off, long len, long indlen) {
        return BmapDelalloc.delay(off, len, indlen);
    }

    private long worst(long len) {
        return BmapDelalloc.worstIndlen(geo, len);
    }

    /**
     * Converts PREV's part {@code nw} as xfs_bmapi_allocate does around add_extent_delay_real (the data blocks leave
     * the delalloc counters), checking that the free counter moves by exactly what m_delalloc_blks gives up.
     */
    private int convert(BmbtIrec nw) throws Exception {
        if (btree() && ip.format == Dinode.FMT_EXTENTS) {
            toBtree();
        }
        long fd = mp.fdblocks(), dl = mp.delallocBlks(), ib = ifp.delayedBlks();
        int c;
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
            ip.ilock.writeLock().lock();
            try {
                Bmalloca bma = new Bmalloca(tp, ifp);
                bma.got = ifp.iext().lookupExtent(nw.startoff(), bma.icur);
                assertThat(bma.got.isDelay()).isTrue();
                bma.wasdel = true;
                ifp.delayedBlks -= nw.blockcount();
                BmapDelalloc.modDelalloc(mp, -nw.blockcount(), 0);
                BmapDelalloc.release(bma, nw.blockcount());
                bma.ensureCursor();
                c = BmapDelayReal.add(bma, nw);
                assertThat(ifp.iext().getExtent(bma.icur).contains(nw.startoff())).isTrue();
                bma.finish();
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
        assertThat(ifp.delayedBlks()).isEqualTo(ib - nw.blockcount());
        assertThat(mp.fdblocks() - fd).as("free counter vs m_delalloc_blks").isEqualTo(dl - mp.delallocBlks());
        if (btree()) {
            assertThat(ip.format).isEqualTo(Dinode.FMT_BTREE);
            verifyBmbt();
        }
        return c;
    }

    private static final int LF = BmapAddExtent.LEFT_FILLING, RF = BmapAddExtent.RIGHT_FILLING,
            LC = BmapAddExtent.LEFT_CONTIG, RC = BmapAddExtent.RIGHT_CONTIG;

    // ---- xfs_bmap_add_extent_delay_real, case by case ----

    @Test
    void leftFillingLeftContigRightFillingRightContig() throws Exception {
        newFile();
        real(4, 4000, 6, ExtState.NORM);
        reserve(P0, P1 - P0);
        real(30, 4026, 4, ExtState.NORM);
        assertThat(convert(rec(10, 4006, 20))).isEqualTo(LF | LC | RF | RC);
        assertThat(records()).containsExactly(rec(4, 4000, 30));
        assertThat(nextents()).isEqualTo(1);
    }

    @Test
    void leftFillingRightFillingLeftContig() throws Exception {
        newFile();
        real(4, 4000, 6, ExtState.NORM);
        reserve(P0, P1 - P0);
        real(30, 6000, 4, ExtState.NORM);
        assertThat(convert(rec(10, 4006, 20))).isEqualTo(LF | RF | LC);
        assertThat(records()).containsExactly(rec(4, 4000, 26), rec(30, 6000, 4));
        assertThat(nextents()).isEqualTo(2);
    }

    @Test
    void leftFillingRightFillingRightContigTakesTheNewState() throws Exception {
        newFile();
        reserve(P0, P1 - P0);
        real(30, 4026, 4, ExtState.UNWRITTEN);
        assertThat(convert(new BmbtIrec(10, 4006, 20, ExtState.UNWRITTEN))).isEqualTo(LF | RF | RC);
        assertThat(records()).containsExactly(new BmbtIrec(10, 4006, 24, ExtState.UNWRITTEN));
        assertThat(nextents()).isEqualTo(1);
    }

    @Test
    void leftFillingRightFilling() throws Exception {
        newFile();
        real(4, 4000, 6, ExtState.UNWRITTEN); // contiguous on disk but in the other state
        reserve(P0, P1 - P0);
        assertThat(convert(rec(10, 4006, 20))).isEqualTo(LF | RF);
        assertThat(records()).containsExactly(new BmbtIrec(4, 4000, 6, ExtState.UNWRITTEN), rec(10, 4006, 20));
        assertThat(nextents()).isEqualTo(2);
        assertThat(delalloc()).isZero();
    }

    @Test
    void leftFillingLeftContig() throws Exception {
        newFile();
        real(4, 4000, 6, ExtState.NORM);
        reserve(P0, P1 - P0);
        long daOld = BmapDelalloc.indlen(records().get(1));
        assertThat(convert(rec(10, 4006, 5))).isEqualTo(LF | LC);
        assertThat(records()).containsExactly(rec(4, 4000, 11), del(15, 15, Math.min(worst(15), daOld)));
        assertThat(nextents()).isEqualTo(1);
    }

    @Test
    void leftFilling() throws Exception {
        newFile();
        reserve(P0, P1 - P0);
        long daOld = BmapDelalloc.indlen(records().get(0));
        assertThat(convert(rec(10, 5000, 5))).isEqualTo(LF);
        assertThat(records()).containsExactly(rec(10, 5000, 5), del(15, 15, Math.min(worst(15), daOld)));
        assertThat(nextents()).isEqualTo(1);
    }

    @Test
    void rightFillingRightContig() throws Exception {
        newFile();
        reserve(P0, P1 - P0);
        real(30, 4026, 4, ExtState.NORM);
        long daOld = BmapDelalloc.indlen(records().get(0));
        assertThat(convert(rec(25, 4021, 5))).isEqualTo(RF | RC);
        assertThat(records()).containsExactly(del(10, 15, Math.min(worst(15), daOld)), rec(25, 4021, 9));
        assertThat(nextents()).isEqualTo(1);
    }

    @Test
    void rightFilling() throws Exception {
        newFile();
        reserve(P0, P1 - P0);
        long daOld = BmapDelalloc.indlen(records().get(0));
        assertThat(convert(rec(25, 5000, 5))).isEqualTo(RF);
        assertThat(records()).containsExactly(del(10, 15, Math.min(worst(15), daOld)), rec(25, 5000, 5));
        assertThat(nextents()).isEqualTo(1);
    }

    @Test
    void middleSplitsTheRecordAndRecomputesBothIndlens() throws Exception {
        newFile();
        reserve(P0, P1 - P0);
        assertThat(convert(rec(15, 5000, 5))).isZero();
        assertThat(records()).containsExactly(del(10, 5, worst(5)), rec(15, 5000, 5), del(20, 10, worst(10)));
        assertThat(nextents()).isEqualTo(1);
    }

    @Test
    void extentsToBtreeWhenTheNewRecordDoesNotFit() throws Exception {
        newFile();
        // A full EXTENTS fork of real records, then one more from a delalloc record.
        int max = ifp.maxExtents();
        for (int i = 0; i < max; i++) {
            real(100 + 2L * i, 4000 + 2L * i, 1, ExtState.NORM);
        }
        reserve(P0, P1 - P0);
        long nblocks = ip.nblocks;
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 4)) {
            ip.ilock.writeLock().lock();
            try {
                Bmalloca bma = new Bmalloca(tp, ifp);
                bma.got = ifp.iext().lookupExtent(P0, bma.icur);
                bma.wasdel = true;
                ifp.delayedBlks -= 5;
                BmapDelalloc.modDelalloc(mp, -5, 0);
                BmapDelalloc.release(bma, 5);
                assertThat(BmapDelayReal.add(bma, rec(10, 5000, 5))).isEqualTo(LF);
                bma.finish();
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
        assertThat(ip.format).isEqualTo(Dinode.FMT_BTREE);
        assertThat(ip.nblocks).isEqualTo(nblocks + 1);
        BmbtIrec rest = records().get(1);
        assertThat(rest.isDelay()).isTrue();
        // The bmbt block came out of what the record held: its remainder has at most da_old - 1.
        assertThat(BmapDelalloc.indlen(rest)).isLessThanOrEqualTo(worst(20) - 1);
    }

    // ---- bmapi_write and convert_delalloc over delalloc records ----

    private BmbtIrec write(long off, long len, int flags, long resblks) throws Exception {
        BmbtIrec[] maps = new BmbtIrec[1];
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, BmapUtil.diostratSpaceRes(mp, resblks))) {
            ip.ilock.writeLock().lock();
            try {
                assertThat(Bmapi.write(tp, ip, off, len, flags, maps)).isEqualTo(1);
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
        return maps[0];
    }

    /**
     * 6.18's xfs_bmapi_write converts only the part of a delalloc record it is asked to map (writeback's
     * xfs_bmapi_convert_delalloc converts whole records): the record is split around the new real extent, and
     * each remaining delalloc piece keeps an indirect-block reservation of its own.
     */
    @Test
    void bmapiWriteAllocatesOnlyTheAskedPartOfADelallocRecord() throws Exception {
        newFile();
        reserve(0, 8);
        BmbtIrec m = write(2, 4, 0, 8);
        assertThat(m.startoff()).isEqualTo(2);
        assertThat(m.blockcount()).isEqualTo(4);
        assertThat(m.isWrittenExtent()).isTrue();
        List<BmbtIrec> r = records();
        assertThat(r).hasSize(3);
        assertThat(r.get(0).isDelay()).isTrue();
        assertThat(r.get(0).startoff()).isZero();
        assertThat(r.get(0).blockcount()).isEqualTo(2);
        assertThat(r.get(1)).isEqualTo(m);
        assertThat(r.get(2).isDelay()).isTrue();
        assertThat(r.get(2).startoff()).isEqualTo(6);
        assertThat(r.get(2).blockcount()).isEqualTo(2);
        assertThat(ifp.delayedBlks()).isEqualTo(4);
        balanced();
        punch(0, 8);
        assertThat(mp.fdblocks()).isEqualTo(fd0);
    }

    @Test
    void bmapiWriteInsideABigDelallocRecordAllocatesWhatItsTransactionReserved() throws Exception {
        newFile();
        reserve(0, 50);
        BmbtIrec m = write(20, 10, BmapiFlags.PREALLOC, 10);
        assertThat(m.startoff()).isEqualTo(20);
        assertThat(m.blockcount()).isEqualTo(10);
        assertThat(m.isUnwritten()).isTrue();
        List<BmbtIrec> r = records();
        assertThat(r).hasSize(3);
        assertThat(r.get(0).isDelay()).isTrue();
        assertThat(r.get(1)).isEqualTo(m);
        assertThat(r.get(2).isDelay()).isTrue();
        assertThat(ifp.delayedBlks()).isEqualTo(40);
        balanced();
        punch(0, 50);
        assertThat(mp.fdblocks()).isEqualTo(fd0);
        assertThat(delalloc()).isZero();
    }

    @Test
    void convertDelallocNextToARealExtentMergesAndBalances() throws Exception {
        newFile();
        BmbtIrec left = write(0, 4, 0, 4);
        reserve(4, 6);
        BmbtIrec m = BmapDelalloc.convertDelalloc(mp, ip, 9, 0);
        assertThat(m.contains(9)).isTrue();
        assertThat(records()).noneMatch(BmbtIrec::isDelay);
        if (m.startblock() == left.startblock()) {
            assertThat(records()).containsExactly(rec(0, left.startblock(), 10));
        }
        balanced();
        punch(0, 10);
        assertThat(mp.fdblocks()).isEqualTo(fd0);
    }

    // ---- worst_indlen, split_indlen ----

    @Test
    void worstIndlenCountsOneBlockPerLevelForSmallExtents() {
        int levels = BmbtOps.DATA.maxLevels(geo);
        int leafRecs = BmdrRoot.bmbtMaxrecs(geo.blocksize, true);
        assertThat(worst(1)).isEqualTo(levels);
        assertThat(worst(leafRecs)).isEqualTo(levels);
        assertThat(worst(leafRecs + 1)).isEqualTo(2 + levels - 1);
        assertThat(worst(0)).isZero();
    }

    @Test
    void splitIndlenSharesAShortReservationFairly() {
        long[] ind = {4, 4};
        BmapDelalloc.splitIndlen(8, ind);
        assertThat(ind).containsExactly(4, 4);
        ind = new long[] {4, 4};
        BmapDelalloc.splitIndlen(5, ind);
        assertThat(ind[0] + ind[1]).isEqualTo(5);
        assertThat(ind[0]).isEqualTo(3);
        ind = new long[] {4, 4};
        BmapDelalloc.splitIndlen(1, ind);
        // With one block, the second side (left with nothing by the proportional share) gets it first.
        assertThat(ind).containsExactly(0, 1);
    }

    // ---- add_extent_hole_delay ----

    @Test
    void holeDelayMergesLeftRightAndBothGivingBackIndlen() throws Exception {
        newFile();
        reserve(0, 10);
        reserve(20, 10);
        assertThat(records()).containsExactly(del(0, 10, worst(10)), del(20, 10, worst(10)));
        reserve(10, 10); // both sides: one record, the worst case for 30 blocks
        assertThat(records()).containsExactly(del(0, 30, worst(30)));
        reserve(30, 5); // left
        assertThat(records()).containsExactly(del(0, 35, worst(35)));
        assertThat(delalloc()).isEqualTo(35 + worst(35));
        assertThat(ifp.delayedBlks()).isEqualTo(35);
        assertThat(mp.fdblocks()).isEqualTo(fd0 - 35 - worst(35));
        newFile();
        reserve(50, 10);
        reserve(45, 5); // right
        assertThat(records()).containsExactly(del(45, 15, worst(15)));
    }

    @Test
    void holeDelayDoesNotMergeWithRealExtents() throws Exception {
        newFile();
        real(0, 4000, 10, ExtState.NORM);
        reserve(0, 20);
        assertThat(records()).containsExactly(rec(0, 4000, 10), del(10, 10, worst(10)));
        assertThat(nextents()).isEqualTo(1);
    }

    // ---- del_extent_delay ----

    private void punch(long off, long len) throws Exception {
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
            ip.ilock.writeLock().lock();
            try {
                assertThat(Bunmapi.unmap(tp, ip, off, len, 0, 0)).isTrue();
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
    }

    @Test
    void delExtentDelayFourCasesReturnEveryBlock() throws Exception {
        newFile();
        reserve(0, 100);
        punch(0, 10); // LEFT_FILLING
        assertThat(records()).containsExactly(del(10, 90, Math.min(worst(90), worst(100))));
        punch(90, 10); // RIGHT_FILLING
        assertThat(records()).containsExactly(del(10, 80, worst(80)));
        punch(40, 10); // the middle: both sides keep their worst case, which the record can pay
        assertThat(records()).containsExactly(del(10, 30, worst(30)), del(50, 40, worst(40)));
        balanced();
        punch(0, 100); // both whole records
        assertThat(records()).isEmpty();
        assertThat(delalloc()).isZero();
        assertThat(ifp.delayedBlks()).isZero();
        assertThat(mp.fdblocks()).isEqualTo(fd0);
    }

    @Test
    void delExtentDelayStealsFromThePunchedBlocksForTheSplit() throws Exception {
        newFile();
        reserve(0, 3);
        long held = worst(3);
        punch(1, 1); // two 1-block sides each want worst(1): more than worst(3) held
        List<BmbtIrec> r = records();
        assertThat(r).hasSize(2);
        long ind = BmapDelalloc.indlen(r.get(0)) + BmapDelalloc.indlen(r.get(1));
        // One block stolen from the punched data block: it stays reserved as indirect blocks.
        assertThat(ind).isEqualTo(held + 1);
        balanced();
        punch(0, 3);
        assertThat(mp.fdblocks()).isEqualTo(fd0);
        assertThat(delalloc()).isZero();
    }

    @Test
    void punchDelallocRangeLeavesRealExtents() throws Exception {
        newFile();
        reserve(10, 20);
        real(30, 4026, 4, ExtState.NORM);
        reserve(40, 20);
        BmapDelalloc.punchDelallocRange(mp, ip, 15, 50);
        assertThat(records()).containsExactly(del(10, 5, worst(5)), rec(30, 4026, 4), del(50, 10, worst(10)));
        balanced();
        BmapDelalloc.punchDelallocRange(mp, ip, 0, 100);
        assertThat(records()).containsExactly(rec(30, 4026, 4));
        assertThat(delalloc()).isZero();
        assertThat(ifp.delayedBlks()).isZero();
        assertThat(mp.fdblocks()).isEqualTo(fd0);
    }

    // ---- ENOSPC at reservation, never later ----

    @Test
    void reservationFailsUpFrontAndPreallocationIsDroppedFirst() throws Exception {
        newFile();
        long fd = fd0;
        long avail = fd - mp.setAside();
        assertThatThrownBy(() -> reserve(0, avail)).isInstanceOf(NoSpaceException.class);
        assertThat(records()).isEmpty();
        assertThat(mp.fdblocks()).isEqualTo(fd);
        // A write that fits, with a preallocation that does not: the preallocation goes.
        ip.ilock.writeLock().lock();
        try {
            BmapDelalloc.reserve(mp, ip, 0, 100, avail);
        } finally {
            ip.ilock.writeLock().unlock();
        }
        assertThat(records()).containsExactly(del(0, 100, worst(100)));
        // Everything reserved converts, with the free counter taking nothing more than it gave.
        BmbtIrec m = BmapDelalloc.convertDelalloc(mp, ip, 99, 0);
        assertThat(m.isRealExtent()).isTrue();
        while (records().stream().anyMatch(BmbtIrec::isDelay)) {
            BmapDelalloc.convertDelalloc(mp, ip, records().stream().filter(BmbtIrec::isDelay).findFirst()
                    .orElseThrow().startoff(), 0);
        }
        assertThat(delalloc()).isZero();
        balanced();
        punch(0, 100);
        assertThat(mp.fdblocks()).isEqualTo(fd);
    }

    // ---- the fork on disk ----

    @Test
    void flushWritesOnlyRealRecords() throws Exception {
        newFile();
        real(0, 4000, 4, ExtState.NORM);
        reserve(4, 10);
        real(20, 5000, 4, ExtState.UNWRITTEN);
        reserve(30, 5);
        ifp.flush(ip);
        assertThat(BmbtRec.unpack(ip.dataFork, 0)).isEqualTo(rec(0, 4000, 4));
        assertThat(BmbtRec.unpack(ip.dataFork, BmbtRec.SIZE)).isEqualTo(new BmbtIrec(20, 5000, 4,
                ExtState.UNWRITTEN));
        assertThat(BmbtRec.unpack(ip.dataFork, 2 * BmbtRec.SIZE)).isEqualTo(rec(0, 0, 0));
    }
}
