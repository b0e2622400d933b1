// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.jxfs.core.NoSpaceException;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.api.Test;

/**
 * Random allocations and frees of every strategy against a model: per AG, a TreeMap of the extents handed out.
 * After every operation the extent is checked against the model (inside its AG, overlapping nothing handed out or
 * used by mkfs, honouring minlen/maxlen/alignment/exact) and sb_fdblocks is checked exactly; every
 * {@link #FULL_CHECK_EVERY} operations and at the end the whole image is checked: every block of every AG is
 * exactly one of free (bnobt), on the AGFL, a free-space btree block, handed out, or mkfs's, both trees pass
 * BtreeCheck and agree, the AGF counters match, and FsCheck is clean. Finally xfs_repair -n must accept the image
 * and xfs_db's freesp -s histogram must equal jxfs's.
 * 20,000 operations by default, 200,000 with -Pstress (jxfs.stress=true).
 */
class AllocModelTest {
    private static final int DEFAULT_OPS = 20_000;
    private static final int STRESS_OPS = 200_000;
    private static final int FULL_CHECK_EVERY = 1_000;
    private static final long SEED = 0x5eed_a110cL;
    /** Above this share of the filesystem handed out, frees become more likely than allocations. */
    private static final double HIGH_WATER = 0.6;
    /** Share of AG 0 laid out as a checkerboard before the random phase. */
    private static final double CHECKERBOARD_SHARE = 0.9;
    private static final AllocType[] TYPES = AllocType.values();
    private static final long[] ALIGNMENTS = {1, 1, 1, 1, 2, 4, 8, 16};

    private AllocImage img;
    private Geometry geo;
    private final List<TreeMap<Long, Long>> handedOut = new ArrayList<>();
    private final List<BitSet> mkfsUsed = new ArrayList<>();
    private long initialFdblocks;
    private long handedOutBlocks;
    private int maxLevels;

    @Test
    void randomAllocAndFreeAgainstModel() throws Exception {
        int ops = Boolean.getBoolean("jxfs.stress") ? STRESS_OPS : DEFAULT_OPS;
        long t0 = System.nanoTime();
        img = AllocImage.create("model", 64L << 20, 2);
        try {
            geo = img.geo;
            for (int agno = 0; agno < geo.agcount; agno++) {
                handedOut.add(new TreeMap<>());
                mkfsUsed.add(mkfsUsed(agno));
            }
            initialFdblocks = img.mp.fdblocks();
            Random rnd = new Random(SEED);
            int allocs = 0;
            int frees = 0;
            int misses = 0;
            // Checkerboard AG 0 first: a free-space tree of ~12,000 one-block extents is three levels deep.
            int checkerboard = Math.min(ops * 3 / 5, (int) (geo.agBlockCount(0) * CHECKERBOARD_SHARE) / 2);
            long next = 0;
            for (int op = 1; op <= checkerboard; op++, next += 2) {
                if (allocAt(0, next)) {
                    allocs++;
                } else {
                    misses++;
                }
                assertThat(img.mp.fdblocks()).isEqualTo(initialFdblocks - handedOutBlocks);
                if (op % FULL_CHECK_EVERY == 0) {
                    fullCheck();
                }
            }
            AllocImage.AgState cb = img.state(0);
            System.out.printf("checkerboard: %d allocs %d misses, AG 0 %d free extents, levels %d/%d%n", allocs,
                    misses, cb.bno().size(), cb.bnoLevels(), cb.cntLevels());
            for (int op = checkerboard + 1; op <= ops; op++) {
                double used = (double) handedOutBlocks / (geo.dblocks);
                boolean doAlloc = handedOutBlocks == 0 || rnd.nextDouble() < (used < HIGH_WATER ? 0.85 : 0.3);
                if (doAlloc) {
                    if (allocOne(rnd)) {
                        allocs++;
                    } else {
                        misses++;
                    }
                } else {
                    freeOne(rnd);
                    frees++;
                }
                assertThat(img.mp.fdblocks()).as("sb_fdblocks after op %d", op)
                        .isEqualTo(initialFdblocks - handedOutBlocks);
                if (op % FULL_CHECK_EVERY == 0) {
                    fullCheck();
                }
            }
            fullCheck();
            img.remount();
            fullCheck();
            img.mp.close();
            img.mp = null;
            AllocImage.repairCheck(img.path);
            AllocImage.freespCheck(img.path);
            System.out.printf("alloc model: %d ops (%d allocations, %d misses, %d frees), %d extents / %d blocks"
                    + " handed out at the end, max btree depth %d, %.1f s%n", ops, allocs, misses, frees,
                    handedOut.stream().mapToInt(Map::size).sum(), handedOutBlocks, maxLevels,
                    (System.nanoTime() - t0) / 1e9);
            assertThat(maxLevels).as("btree depth reached").isGreaterThanOrEqualTo(3);
        } finally {
            img.close();
        }
    }

    /** What mkfs uses in the AG: everything that is not free, on the AGFL or a free-space btree block. */
    private BitSet mkfsUsed(int agno) throws Exception {
        AllocImage.AgState s = img.state(agno);
        BitSet b = new BitSet();
        b.set(0, (int) geo.agBlockCount(agno));
        s.bno().forEach((start, len) -> b.clear((int) (long) start, (int) (start + len)));
        s.agfl().forEach(x -> b.clear((int) (long) x));
        s.btreeBlocks().forEach(x -> b.clear((int) (long) x));
        return b;
    }

    /** One block exactly at {@code agbno} of {@code agno}. */
    private boolean allocAt(int agno, long agbno) throws Exception {
        try (Trans tp = Trans.alloc(img.mp, TransResv.WRITE, 1)) {
            AllocArg a = new AllocArg(tp, img.mp);
            a.type = AllocType.THIS_BNO;
            a.fsbno = geo.agbToFsb(agno, agbno);
            Alloc.vextent(a);
            tp.commit();
            if (a.fsbno == Geometry.NULLFSBLOCK) {
                return false;
            }
            check(a, AllocType.THIS_BNO, agno, agbno, 1, 1, 1);
            return true;
        }
    }

    private boolean allocOne(Random rnd) throws Exception {
        AllocType type = TYPES[rnd.nextInt(TYPES.length)];
        int agno = rnd.nextInt(geo.agcount);
        long target = rnd.nextInt((int) geo.agBlockCount(agno));
        int sizeClass = rnd.nextInt(100);
        long maxlen = sizeClass < 85 ? 1 : 1 + rnd.nextInt(sizeClass < 99 ? 16 : 200);
        long minlen = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt((int) maxlen) : maxlen;
        long alignment = type == AllocType.THIS_BNO ? 1 : ALIGNMENTS[rnd.nextInt(ALIGNMENTS.length)];
        long prod = rnd.nextInt(8) == 0 ? 2 + rnd.nextInt(4) : 1;
        long mod = prod > 1 ? rnd.nextInt((int) prod) : 0;
        long minleft = rnd.nextInt(8) == 0 ? rnd.nextInt(8) : 0;
        if (minlen > maxlen) {
            minlen = maxlen;
        }
        try (Trans tp = Trans.alloc(img.mp, TransResv.WRITE, maxlen)) {
            AllocArg a = new AllocArg(tp, img.mp);
            a.type = type;
            a.fsbno = geo.agbToFsb(agno, target);
            a.minlen = minlen;
            a.maxlen = maxlen;
            a.alignment = alignment;
            a.prod = prod;
            a.mod = mod;
            a.minleft = minleft;
            a.userdata = rnd.nextBoolean();
            Alloc.vextent(a);
            tp.commit();
            if (a.fsbno == Geometry.NULLFSBLOCK) {
                return false;
            }
            check(a, type, agno, target, minlen, maxlen, alignment);
            return true;
        } catch (NoSpaceException e) {
            return false;
        }
    }

    private void check(AllocArg a, AllocType type, int agno, long target, long minlen, long maxlen, long align) {
        int gotAg = geo.fsbToAgno(a.fsbno);
        long bno = geo.fsbToAgbno(a.fsbno);
        String what = a.toString();
        if (type == AllocType.THIS_AG || type == AllocType.NEAR_BNO || type == AllocType.THIS_BNO) {
            assertThat(gotAg).as(what).isEqualTo(agno);
        }
        if (type == AllocType.THIS_BNO) {
            assertThat(bno).as(what).isEqualTo(target);
        }
        assertThat(a.len).as(what).isBetween(minlen, maxlen);
        assertThat(bno % align).as(what).isZero();
        assertThat(bno + a.len).as(what).isLessThanOrEqualTo(geo.agBlockCount(gotAg));
        TreeMap<Long, Long> out = handedOut.get(gotAg);
        Map.Entry<Long, Long> lo = out.floorEntry(bno);
        assertThat(lo == null || lo.getKey() + lo.getValue() <= bno).as("%s overlaps %s", what, lo).isTrue();
        Map.Entry<Long, Long> hi = out.ceilingEntry(bno);
        assertThat(hi == null || hi.getKey() >= bno + a.len).as("%s overlaps %s", what, hi).isTrue();
        int used = mkfsUsed.get(gotAg).nextSetBit((int) bno);
        assertThat(used < 0 || used >= bno + a.len).as("%s overlaps mkfs metadata", what).isTrue();
        out.put(bno, a.len);
        handedOutBlocks += a.len;
    }

    /** Frees a random handed-out extent, or a random piece of it. */
    private void freeOne(Random rnd) throws Exception {
        int agno = rnd.nextInt(geo.agcount);
        if (handedOut.get(agno).isEmpty()) {
            agno = 1 - agno % 2;
            if (agno >= geo.agcount || handedOut.get(agno).isEmpty()) {
                return;
            }
        }
        TreeMap<Long, Long> out = handedOut.get(agno);
        Map.Entry<Long, Long> e = out.ceilingEntry((long) rnd.nextInt((int) geo.agBlockCount(agno)));
        if (e == null) {
            e = out.firstEntry();
        }
        long start = e.getKey();
        long len = e.getValue();
        long fstart = start;
        long flen = len;
        if (len > 1 && rnd.nextInt(4) == 0) {
            fstart = start + rnd.nextInt((int) len);
            flen = 1 + rnd.nextInt((int) (start + len - fstart));
        }
        img.free(geo.agbToFsb(agno, fstart), flen);
        out.remove(start);
        if (fstart > start) {
            out.put(start, fstart - start);
        }
        if (fstart + flen < start + len) {
            out.put(fstart + flen, start + len - fstart - flen);
        }
        handedOutBlocks -= flen;
    }

    /** Every block of every AG is exactly one of: free, AGFL, btree block, handed out, mkfs's. */
    private void fullCheck() throws Exception {
        img.checkAll();
        long fd = 0;
        for (int agno = 0; agno < geo.agcount; agno++) {
            AllocImage.AgState s = img.state(agno);
            maxLevels = Math.max(maxLevels, Math.max(s.bnoLevels(), s.cntLevels()));
            int n = (int) geo.agBlockCount(agno);
            BitSet seen = (BitSet) mkfsUsed.get(agno).clone();
            String ag = "AG " + agno;
            for (Map.Entry<Long, Long> e : s.bno().entrySet()) {
                claim(seen, e.getKey(), e.getValue(), ag + " free extent " + e);
            }
            for (long b : s.agfl()) {
                claim(seen, b, 1, ag + " AGFL block " + b);
            }
            for (long b : s.btreeBlocks()) {
                claim(seen, b, 1, ag + " btree block " + b);
            }
            for (Map.Entry<Long, Long> e : handedOut.get(agno).entrySet()) {
                claim(seen, e.getKey(), e.getValue(), ag + " handed-out extent " + e);
            }
            assertThat(seen.cardinality()).as("%s: blocks accounted for (first missing %d)", ag,
                    seen.nextClearBit(0)).isEqualTo(n);
            assertThat(s.flcount()).as(ag + " flcount").isBetween(0L, (long) Agfl.size(geo.sectsize));
            // The list is trimmed to min_freelist before each operation; blocks a free's btree joins give back
            // (at most one per level of each tree) wait there until the AG's next operation.
            int maxlev = AllocCursor.BNO_OPS.maxLevels(geo);
            long need = Math.min(s.bnoLevels() + 1, maxlev) + Math.min(s.cntLevels() + 1, maxlev);
            assertThat(s.flcount()).as(ag + " flcount near min_freelist").isLessThanOrEqualTo(need + 2L * maxlev);
            fd += s.freeblks() + s.flcount() + s.btreeblks();
        }
        assertThat(img.mp.fdblocks()).isEqualTo(fd).isEqualTo(initialFdblocks - handedOutBlocks);
    }

    private static void claim(BitSet seen, long start, long len, String what) {
        int next = seen.nextSetBit((int) start);
        assertThat(next < 0 || next >= start + len).as("%s overlaps block %d accounted for already", what, next)
                .isTrue();
        seen.set((int) start, (int) (start + len));
    }
}
