// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Geometry;

/**
 * The free-space part of xfs_repair's phase 2 (scan.c scan_allocbt, scan_freelist): walks the bnobt and the cntbt
 * of an AG, claims each free extent, checks record order and that both trees hold the same extents, then compares
 * what was counted with the AGF (agf_freeblks, agf_longest, agf_btreeblks, agf_flcount and the AGFL's blocks).
 */
final class FreeSpaceCheck {
    private static final String AGF = AgfOps.INSTANCE.name();

    /** A free extent: start agbno and length. */
    record Extent(long agbno, long len) {
    }

    /** What the AG's free space adds up to. */
    record Counted(long freeblks, long longest, long flcount, long btreeblks) {
    }

    private FreeSpaceCheck() {
    }

    static Counted check(CheckContext c, int agno, Agf agf, byte[] agflSector) {
        String agfWhere = c.agHeaderWhere(agno, Agf.SECTOR);
        List<Extent> bno = new ArrayList<>();
        BtreeScan bnoScan = BtreeScan.ag(c, BtreeBlockOps.BNOBT, Owner.BNOBT, agno,
                (b, off, where) -> bnoRecord(c, agno, bno, b, off, where), true);
        bnoScan.fromRoot(agf.roots(Agf.BTNUM_BNO), (int) agf.levels(Agf.BTNUM_BNO), AGF, agfWhere);
        List<Extent> cnt = new ArrayList<>();
        BtreeScan cntScan = BtreeScan.ag(c, BtreeBlockOps.CNTBT, Owner.CNTBT, agno,
                (b, off, where) -> cntRecord(c, agno, cnt, b, off, where), true);
        cntScan.fromRoot(agf.roots(Agf.BTNUM_CNT), (int) agf.levels(Agf.BTNUM_CNT), AGF, agfWhere);

        compareTrees(c, agfWhere, bno, cnt);
        long free = bno.stream().mapToLong(Extent::len).sum();
        long longest = cnt.isEmpty() ? 0 : cnt.get(cnt.size() - 1).len();
        long flcount = checkAgfl(c, agno, agf, agflSector);
        long btreeblks = Math.max(0, bnoScan.blocks() - 1) + Math.max(0, cntScan.blocks() - 1);
        if (agf.freeblks() != free) {
            c.findings.add(AGF, agfWhere, "agf_freeblks " + agf.freeblks() + ", counted " + free);
        }
        if (agf.longest() != longest) {
            c.findings.add(AGF, agfWhere, "agf_longest " + agf.longest() + ", counted " + longest);
        }
        return new Counted(free, longest, flcount, btreeblks);
    }

    private static void bnoRecord(CheckContext c, int agno, List<Extent> out, byte[] b, int off, String where) {
        Extent e = new Extent(BigEndian.u32(b, off), BigEndian.u32(b, off + 4));
        if (!checkExtent(c, agno, e, BtreeBlockOps.BNOBT.name(), where)) {
            return;
        }
        if (!out.isEmpty()) {
            Extent prev = out.get(out.size() - 1);
            if (e.agbno() < prev.agbno() + prev.len()) {
                c.findings.add(BtreeBlockOps.BNOBT.name(), where, "record [" + e.agbno() + ", " + e.len()
                        + "] out of order or overlapping [" + prev.agbno() + ", " + prev.len() + "]");
                return;
            }
        }
        out.add(e);
        c.blocks.claim(agno, e.agbno(), e.len(), Owner.FREE, BtreeBlockOps.BNOBT.name(), where);
    }

    private static void cntRecord(CheckContext c, int agno, List<Extent> out, byte[] b, int off, String where) {
        Extent e = new Extent(BigEndian.u32(b, off), BigEndian.u32(b, off + 4));
        if (!checkExtent(c, agno, e, BtreeBlockOps.CNTBT.name(), where)) {
            return;
        }
        if (!out.isEmpty()) {
            Extent prev = out.get(out.size() - 1);
            if (e.len() < prev.len() || e.len() == prev.len() && e.agbno() <= prev.agbno()) {
                c.findings.add(BtreeBlockOps.CNTBT.name(), where, "record [" + e.agbno() + ", " + e.len()
                        + "] out of order after [" + prev.agbno() + ", " + prev.len() + "]");
                return;
            }
        }
        out.add(e);
    }

    private static boolean checkExtent(CheckContext c, int agno, Extent e, String structure, String where) {
        if (e.len() == 0 || !c.blocks.inAg(agno, e.agbno(), e.len())) {
            c.findings.add(structure, where, "record [" + e.agbno() + ", " + e.len() + "] is not inside the AG");
            return false;
        }
        return true;
    }

    /** Both trees must index the same set of extents (xfs_repair: "only seen by one free space btree"). */
    private static void compareTrees(CheckContext c, String agfWhere, List<Extent> bno, List<Extent> cnt) {
        List<Extent> byCnt = new ArrayList<>(bno);
        byCnt.sort(Comparator.comparingLong(Extent::len).thenComparingLong(Extent::agbno));
        int i = 0;
        int j = 0;
        int reported = 0;
        while ((i < byCnt.size() || j < cnt.size()) && reported < 4) {
            Extent a = i < byCnt.size() ? byCnt.get(i) : null;
            Extent k = j < cnt.size() ? cnt.get(j) : null;
            int cmp = a == null ? 1 : k == null ? -1 : a.len() != k.len() ? Long.compare(a.len(), k.len())
                    : Long.compare(a.agbno(), k.agbno());
            if (cmp == 0) {
                i++;
                j++;
                continue;
            }
            Extent only = cmp < 0 ? a : k;
            c.findings.add(AGF, agfWhere, "free space [" + only.agbno() + ", " + only.len() + "] only in the "
                    + (cmp < 0 ? "bnobt" : "cntbt"));
            reported++;
            if (cmp < 0) {
                i++;
            } else {
                j++;
            }
        }
    }

    /** Ports scan_freelist: the AGFL's live slots (flfirst..fllast, wrapping) hold distinct blocks inside the AG. */
    private static long checkAgfl(CheckContext c, int agno, Agf agf, byte[] agflSector) {
        String agfWhere = c.agHeaderWhere(agno, Agf.SECTOR);
        int size = Agfl.size(c.geo.sectsize);
        long n = agf.flcount();
        if (n == 0) {
            return 0;
        }
        long first = agf.flfirst();
        long last = agf.fllast();
        long expect = last >= first ? last - first + 1 : size - first + last + 1;
        if (expect != n) {
            c.findings.add(AGF, agfWhere, "agf_flcount " + n + " does not match agf_flfirst " + first
                    + " / agf_fllast " + last);
        }
        if (agflSector == null) {
            return n;
        }
        Agfl agfl = new Agfl(agflSector);
        String agflWhere = c.agHeaderWhere(agno, Agfl.SECTOR);
        if (first >= size || last >= size) {
            return n;
        }
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (long i = 0, slot = first; i < Math.min(expect, size); i++, slot = (slot + 1) % size) {
            long bno = agfl.bno((int) slot);
            if (bno == Geometry.NULLAGBLOCK || bno == 0 || !c.blocks.inAg(agno, bno, 1)) {
                c.findings.add("xfs_agfl", agflWhere, "slot " + slot + " holds bad block " + bno);
                continue;
            }
            if (!seen.add(bno)) {
                // scan_freelist does not look for repeats; the kernel would hand the block out twice
                c.findings.warn("xfs_agfl", agflWhere, "slot " + slot + " repeats block " + bno);
                continue;
            }
            c.blocks.claim(agno, bno, 1, Owner.AGFL, "xfs_agfl", agflWhere);
        }
        return n;
    }
}
