// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u64;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.btree.Btree;
import org.jxfs.core.btree.BtreeCheck;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.btree.InodeRoot;
import org.jxfs.core.btree.Lookup;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bmbt on a real image (1024-byte blocks, so a few thousand extents make a three-level tree) with its root in
 * a test inode fork, against a TreeMap of extents: random inserts, deletes and updates, each in its own
 * transaction, with the whole tree checked (BtreeCheck, record walk, block accounting, the root as the inode would
 * store it) along the way. Each cycle grows the tree until the root has moved down into a block (new_iroot) and
 * shrinks it until the level under the root has been pulled back up into the inode (kill_iroot).
 */
class BmbtModelTest {
    private static final int BLOCKSIZE = 1024;
    private static final long IMAGE_BYTES = 64L << 20;
    private static final long INO = 133;
    /** Blocks reserved per transaction, as a bmap change reserves for a worst-case split. */
    private static final long RESBLKS = 8;
    /** File offsets (in blocks) the random extents are drawn from. */
    private static final long OFFSET_SPACE = 1L << 22;
    private static final int MAX_EXTENT_LEN = 16;
    /** Startblocks are not checked by the tree: any 52-bit value does, 40 bits keep them readable. */
    private static final long STARTBLOCK_SPACE = 1L << 40;
    private static final int VALIDATE_EVERY = 1000;
    private static final int CYCLES = 4;
    /** Extents at the top of a cycle: enough for three levels with a 20- or 11-entry root over 59-entry blocks. */
    private static final int HIGH = 3000;
    /** Counter-weights for growing and shrinking phases: insert, delete, update out of 10. */
    private static final int[] GROW = {6, 2, 2};
    private static final int[] SHRINK = {2, 6, 2};

    private Mount mp;
    private Geometry geo;
    private TestFork fork;
    private TestBmbtAllocator alloc;
    private final TreeMap<Long, long[]> model = new TreeMap<>();
    private int minExtents;

    private void setUp(String name, int forkoff) throws Exception {
        Path dir = Path.of("target", "bmbt-tests");
        Files.createDirectories(dir);
        Path image = dir.resolve(name + ".img");
        Files.deleteIfExists(image);
        Mkfs.format(image, MkfsOptions.builder().blockSize(BLOCKSIZE).dataSize(IMAGE_BYTES).quiet(true).build());
        mp = Mount.open(image, false);
        geo = mp.geometry();
        fork = new TestFork(INO, forkoff);
        // A region the fresh filesystem leaves free: the upper half of an AG other than 0 that has no log.
        int agno = 1;
        while (geo.logblocks > 0 && geo.fsbToAgno(geo.logstart) == agno) {
            agno++;
        }
        assertThat(agno).isLessThan(geo.agcount);
        long agblocks = geo.agBlockCount(agno);
        alloc = new TestBmbtAllocator(geo, agno, agblocks / 2, agblocks);
        // The kernel keeps a fork in BTREE format only while it has more extents than EXTENTS format holds.
        minExtents = fork.extentsCapacity() + 1;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (mp != null) {
            assertThat(mp.isShutdown()).isFalse();
            mp.close();
        }
    }

    // ---- records (to switch to BmbtRec once it lands) ----

    /** Packs an extent as the 128-bit on-disk record (format-notes: "Extent records and forks"). */
    static void pack(byte[] b, int off, long startoff, long startblock, long count, boolean unwritten) {
        long hi = (unwritten ? 1L << 63 : 0) | startoff << 9 | startblock >>> 43;
        long lo = (startblock & ((1L << 43) - 1)) << 21 | count;
        putU64(b, off, hi);
        putU64(b, off + 8, lo);
    }

    static long[] unpack(byte[] b, int off) {
        long hi = u64(b, off);
        long lo = u64(b, off + 8);
        long startoff = (hi >>> 9) & ((1L << 54) - 1);
        long startblock = (hi & ((1L << 9) - 1)) << 43 | lo >>> 21;
        return new long[] {startoff, startblock, lo & ((1L << 21) - 1), hi >>> 63};
    }

    // ---- the tree ----

    private BtreeCursor cursor(Trans tp) {
        return BmbtOps.DATA.initCursor(tp, geo, mp.metaUuid(), INO, fork, alloc);
    }

    private Trans trans() throws XfsException {
        return Trans.alloc(mp, TransResv.WRITE, RESBLKS);
    }

    private int depth() {
        return BtreeBlock.level(fork.broot()) + 1;
    }

    /**
     * What xfs_bmap_extents_to_btree does when a fork outgrows EXTENTS format: one leaf with every extent, under a
     * root in the inode at level 1 with a single entry.
     */
    private void createTree(Random rnd) throws XfsException {
        while (model.size() < minExtents) {
            randomInsertInModelOnly(rnd);
        }
        try (Trans tp = trans()) {
            long leaf = alloc.allocBlock(null, 0);
            XfsBuf bp = tp.getBuf(geo.fsbToDaddr(leaf), geo.blockBb(), BtreeBlockOps.BMBT);
            BtreeBlock.initLong(bp.data(), BtreeBlock.BMAP_CRC_MAGIC, 0, model.size(), bp.daddr(), mp.metaUuid(),
                    INO);
            int i = 0;
            for (Map.Entry<Long, long[]> e : model.entrySet()) {
                long[] v = e.getValue();
                pack(bp.data(), BtreeBlock.LONG_HDR_LEN + i++ * BmbtOps.REC_LEN, e.getKey(), v[0], v[1], v[2] != 0);
            }
            tp.logBuf(bp, 0, bp.length() - 1);
            byte[] root = new byte[BmdrRoot.brootSpaceCalc(1)];
            BtreeBlock.initLong(root, BtreeBlock.BMAP_CRC_MAGIC, 1, 1, XfsBuf.DADDR_NULL, mp.metaUuid(), INO);
            putU64(root, BmdrRoot.brootKeyOff(1), model.firstKey());
            putU64(root, BmdrRoot.brootPtrOff(1, root.length), leaf);
            fork.setBroot(root);
            fork.log(tp, InodeRoot.LOG_CORE | InodeRoot.LOG_BROOT);
            tp.commit();
        }
        alloc.commit();
    }

    private boolean randomInsertInModelOnly(Random rnd) {
        long[] e = pickFreeExtent(rnd);
        if (e == null) {
            return false;
        }
        model.put(e[0], new long[] {e[1], e[2], e[3]});
        return true;
    }

    /** A random extent that overlaps none in the model: {startoff, startblock, count, unwritten}. */
    private long[] pickFreeExtent(Random rnd) {
        for (int tries = 0; tries < 100; tries++) {
            long startoff = (long) (rnd.nextDouble() * OFFSET_SPACE);
            long count = 1 + rnd.nextInt(MAX_EXTENT_LEN);
            Map.Entry<Long, long[]> before = model.floorEntry(startoff);
            Map.Entry<Long, long[]> after = model.ceilingEntry(startoff);
            if (before != null && before.getKey() + before.getValue()[1] > startoff) {
                continue;
            }
            if (after != null && after.getKey() < startoff + count) {
                continue;
            }
            return new long[] {startoff, (long) (rnd.nextDouble() * STARTBLOCK_SPACE), count, rnd.nextInt(2)};
        }
        return null;
    }

    private long randomKey(Random rnd) {
        Long k = model.ceilingKey((long) (rnd.nextDouble() * OFFSET_SPACE));
        return k != null ? k : model.firstKey();
    }

    private void insert(long[] e) throws XfsException {
        try (Trans tp = trans()) {
            BtreeCursor cur = cursor(tp);
            pack(cur.rec(), 0, e[0], e[1], e[2], e[3] != 0);
            assertThat(Btree.lookup(cur, Lookup.EQ)).as("lookup of new extent at %d", e[0]).isZero();
            assertThat(Btree.insert(cur)).isEqualTo(1);
            tp.commit();
        }
        alloc.commit();
        model.put(e[0], new long[] {e[1], e[2], e[3]});
    }

    private void delete(long startoff) throws XfsException {
        try (Trans tp = trans()) {
            BtreeCursor cur = cursor(tp);
            pack(cur.rec(), 0, startoff, 0, 0, false);
            assertThat(Btree.lookup(cur, Lookup.EQ)).as("lookup of extent at %d", startoff).isEqualTo(1);
            assertThat(Btree.delete(cur)).isEqualTo(1);
            tp.commit();
        }
        alloc.commit();
        model.remove(startoff);
    }

    /** Changes an extent's block, length (without reaching the next one) and state, keeping its startoff. */
    private void update(long startoff, Random rnd) throws XfsException {
        Long next = model.higherKey(startoff);
        long room = next == null ? MAX_EXTENT_LEN : Math.min(MAX_EXTENT_LEN, next - startoff);
        long[] v = {(long) (rnd.nextDouble() * STARTBLOCK_SPACE), 1 + rnd.nextInt((int) room),
            1 - model.get(startoff)[2]};
        byte[] rec = new byte[BmbtOps.REC_LEN];
        pack(rec, 0, startoff, v[0], v[1], v[2] != 0);
        try (Trans tp = trans()) {
            BtreeCursor cur = cursor(tp);
            System.arraycopy(rec, 0, cur.rec(), 0, rec.length);
            assertThat(Btree.lookup(cur, Lookup.EQ)).isEqualTo(1);
            Btree.update(cur, rec);
            tp.commit();
        }
        alloc.commit();
        model.put(startoff, v);
    }

    /** LE and GE lookups land where the model's floor and ceiling are. */
    private void checkLookups(Random rnd) throws XfsException {
        try (Trans tp = trans()) {
            for (int i = 0; i < 20; i++) {
                long off = (long) (rnd.nextDouble() * OFFSET_SPACE);
                BtreeCursor cur = cursor(tp);
                pack(cur.rec(), 0, off, 0, 0, false);
                Long floor = model.floorKey(off);
                assertThat(Btree.lookup(cur, Lookup.LE)).isEqualTo(floor == null ? 0 : 1);
                if (floor != null) {
                    assertThat(unpack(cur.buf(0).data(), Btree.getRec(cur))[0]).isEqualTo(floor);
                }
                Long ceil = model.ceilingKey(off);
                assertThat(Btree.lookup(cur, Lookup.GE)).isEqualTo(ceil == null ? 0 : 1);
                if (ceil != null) {
                    assertThat(unpack(cur.buf(0).data(), Btree.getRec(cur))[0]).isEqualTo(ceil);
                }
            }
        }
    }

    /**
     * The whole tree against the model: structure, every record in order, one block held per block counted, and
     * the root as the inode stores it decoding back to the in-core root.
     */
    private void validate() throws XfsException {
        mp.bufCache().purgeClean();
        try (Trans tp = trans()) {
            BtreeCursor cur = cursor(tp);
            assertThat(BtreeCheck.check(cur)).isEmpty();
            List<long[]> recs = new ArrayList<>();
            Btree.visitRecords(cur, (b, off) -> recs.add(unpack(b, off)));
            assertThat(recs).hasSize(model.size());
            int i = 0;
            for (Map.Entry<Long, long[]> e : model.entrySet()) {
                long[] r = recs.get(i++);
                long[] v = e.getValue();
                assertThat(r).as("record %d", i).containsExactly(e.getKey(), v[0], v[1], v[2]);
            }
            // xfs_bmap_count_blocks: the count includes the root in the inode, which is no disk block.
            assertThat(Btree.countBlocks(cur) - 1).isEqualTo(alloc.nblocks());
        }
        byte[] broot = fork.broot();
        int n = BmdrRoot.numrecs(fork.literal, 0);
        assertThat(BmdrRoot.verify(fork.literal, 0, fork.literal.length, BmbtOps.DATA.maxLevels(geo))).isNull();
        assertThat(n).isEqualTo(BtreeBlock.numrecs(broot)).isEqualTo(fork.maxRecs());
        byte[] back = new byte[BmdrRoot.brootSpaceCalc(n)];
        BmdrRoot.bmdrToBmbt(fork.literal, 0, fork.literal.length, back, back.length, INO, mp.metaUuid());
        assertThat(back).isEqualTo(broot);
    }

    private void runModel(String name, int forkoff, long seed) throws Exception {
        setUp(name, forkoff);
        Random rnd = new Random(seed);
        createTree(rnd);
        validate();
        int ops = 0;
        int maxDepth = depth();
        int grewRoot = 0;
        int killedRoot = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            for (int[] weights : new int[][] {GROW, SHRINK}) {
                boolean growing = weights == GROW;
                while (growing ? model.size() < HIGH : model.size() > minExtents) {
                    int before = depth();
                    int r = rnd.nextInt(10);
                    if (r < weights[0]) {
                        long[] e = pickFreeExtent(rnd);
                        if (e != null) {
                            insert(e);
                        }
                    } else if (r < weights[0] + weights[1]) {
                        if (model.size() > minExtents) {
                            delete(randomKey(rnd));
                        }
                    } else {
                        update(randomKey(rnd), rnd);
                    }
                    int after = depth();
                    grewRoot += after > before ? 1 : 0;
                    killedRoot += after < before ? 1 : 0;
                    maxDepth = Math.max(maxDepth, after);
                    if (++ops % VALIDATE_EVERY == 0) {
                        validate();
                        checkLookups(rnd);
                    }
                }
                validate();
            }
            // Back at the bottom: the root in the inode over one leaf, every other block given back.
            assertThat(depth()).as("depth after shrinking, cycle %d", cycle).isEqualTo(2);
            assertThat(alloc.nblocks()).isEqualTo(1);
        }
        assertThat(ops).isGreaterThanOrEqualTo(50_000);
        assertThat(maxDepth).isGreaterThanOrEqualTo(3);
        assertThat(grewRoot).isGreaterThanOrEqualTo(CYCLES);
        assertThat(killedRoot).isGreaterThanOrEqualTo(CYCLES);
        assertThat(alloc.allocs - alloc.frees).isEqualTo(1);
        System.out.printf("%s: %d ops, max depth %d, new_iroot %d, kill_iroot %d, blocks allocated %d freed %d%n",
                name, ops, maxDepth, grewRoot, killedRoot, alloc.allocs, alloc.frees);
    }

    @Test
    void rootGrowsInTheInodeUntilTheForkIsFullThenMovesIntoABlock() throws Exception {
        setUp("new-iroot", 24);
        Random rnd = new Random(7);
        createTree(rnd);
        int coreLogs = fork.coreLogCount;
        int widest = 0;
        long next = model.lastKey() + MAX_EXTENT_LEN;
        while (depth() == 2) {
            widest = Math.max(widest, BtreeBlock.numrecs(fork.broot()));
            insert(new long[] {next, next, 1, 0});
            next += 2;
        }
        // 192-byte fork: 11 entries; the root never outgrew it, and moving it down logged the inode core.
        assertThat(widest).isEqualTo(fork.forkMaxRecs()).isEqualTo(11);
        assertThat(BtreeBlock.numrecs(fork.broot())).isEqualTo(1);
        assertThat(fork.maxRecs()).isEqualTo(1);
        assertThat(fork.coreLogCount).isGreaterThan(coreLogs);
        validate();
    }

    @Test
    void blockOfAnotherOwnerIsCorruption() throws Exception {
        setUp("owner", 0);
        createTree(new Random(11));
        long leaf = alloc.blocksInUse().iterator().next();
        try (Trans tp = trans()) {
            XfsBuf bp = tp.readBuf(geo.fsbToDaddr(leaf), geo.blockBb(), BtreeBlockOps.BMBT);
            putU64(bp.data(), BtreeBlock.OFF_L_OWNER, INO + 1);
            tp.logBuf(bp, BtreeBlock.OFF_L_OWNER, BtreeBlock.OFF_L_OWNER + 7);
            tp.commit();
        }
        mp.bufCache().purgeClean();
        try (Trans tp = trans()) {
            BtreeCursor cur = cursor(tp);
            pack(cur.rec(), 0, model.firstKey(), 0, 0, false);
            assertThatThrownBy(() -> Btree.lookup(cur, Lookup.EQ)).isInstanceOf(FsCorruptedException.class)
                    .hasMessageContaining("expected inode " + INO);
            assertThat(BtreeCheck.check(cursor(tp))).anySatisfy(p -> assertThat(p).contains("bb_owner"));
        }
    }

    @Test
    void modelWithDataForkOnly() throws Exception {
        runModel("model-forkoff0", 0, 0xb3b7L);
    }

    @Test
    void modelWithAttrFork() throws Exception {
        runModel("model-forkoff24", 24, 0xa77fL);
    }
}
