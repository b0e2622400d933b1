// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.AgflOps;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.AgiOps;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Geometry;

/**
 * A read-only consistency check in the spirit of xfs_repair -n's phases 2 and 5: walks every AG's free-space and
 * inode btrees and compares what they hold with the AG headers and the superblock counters. Returns one line per
 * problem; an empty list means clean.
 */
public final class FsCheck {
    private FsCheck() {
    }

    public static List<String> run(Mount mp) throws XfsException {
        List<String> problems = new ArrayList<>();
        Geometry geo = mp.geometry();
        long fdblocks = 0;
        long icount = 0;
        long ifree = 0;
        for (int agno = 0; agno < geo.agcount; agno++) {
            AgSummary s = checkAg(mp, agno, problems);
            fdblocks += s.freeblks + s.flcount + s.btreeblks;
            icount += s.icount;
            ifree += s.ifree;
        }
        if (mp.icount() != icount) {
            problems.add("sb_icount " + mp.icount() + ", counted " + icount);
        }
        if (mp.ifree() != ifree) {
            problems.add("sb_ifree " + mp.ifree() + ", counted " + ifree);
        }
        if (mp.fdblocks() != fdblocks) {
            problems.add("sb_fdblocks " + mp.fdblocks() + ", counted " + fdblocks);
        }
        return problems;
    }

    private record AgSummary(long freeblks, long flcount, long btreeblks, long icount, long ifree) {
    }

    private static AgSummary checkAg(Mount mp, int agno, List<String> problems) throws XfsException {
        Geometry geo = mp.geometry();
        int sect = geo.sectorBb();
        Agf agf = new Agf(mp.bufCache().read(geo.agHeaderDaddr(agno, Agf.SECTOR), sect, AgfOps.INSTANCE).data());
        Agi agi = new Agi(mp.bufCache().read(geo.agHeaderDaddr(agno, Agi.SECTOR), sect, AgiOps.INSTANCE).data());
        Agfl agfl = new Agfl(mp.bufCache().read(geo.agHeaderDaddr(agno, Agfl.SECTOR), sect, AgflOps.INSTANCE).data());
        String ag = "AG " + agno + ": ";

        ShortBtreeWalk bno = ShortBtreeWalk.walk(mp, agno, agf.roots(Agf.BTNUM_BNO), BtreeBlockOps.BNOBT, problems);
        ShortBtreeWalk cnt = ShortBtreeWalk.walk(mp, agno, agf.roots(Agf.BTNUM_CNT), BtreeBlockOps.CNTBT, problems);
        long free = 0;
        long longest = 0;
        long prevEnd = -1;
        for (long[] r : bno.records()) {
            if (r[0] <= prevEnd) {
                problems.add(ag + "bnobt extent [" + r[0] + ", " + r[1] + "] overlaps or is out of order");
            }
            if (r[1] == 0 || r[0] + r[1] > geo.agBlockCount(agno)) {
                problems.add(ag + "bnobt extent [" + r[0] + ", " + r[1] + "] is outside the AG");
            }
            prevEnd = r[0] + r[1] - 1;
            free += r[1];
            longest = Math.max(longest, r[1]);
        }
        List<long[]> byCnt = new ArrayList<>(bno.records());
        byCnt.sort((a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[0], b[0]));
        if (byCnt.size() != cnt.records().size()) {
            problems.add(ag + "bnobt has " + byCnt.size() + " extents, cntbt " + cnt.records().size());
        } else {
            for (int i = 0; i < byCnt.size(); i++) {
                long[] a = byCnt.get(i);
                long[] c = cnt.records().get(i);
                if (a[0] != c[0] || a[1] != c[1]) {
                    problems.add(ag + "cntbt record " + i + " [" + c[0] + ", " + c[1] + "] does not match bnobt ["
                            + a[0] + ", " + a[1] + "]");
                    break;
                }
            }
        }
        if (agf.freeblks() != free) {
            problems.add(ag + "agf_freeblks " + agf.freeblks() + ", counted " + free);
        }
        if (agf.longest() != longest) {
            problems.add(ag + "agf_longest " + agf.longest() + ", counted " + longest);
        }
        long btreeblks = bno.blocks() - 1 + cnt.blocks() - 1;
        if (agf.btreeblks() != btreeblks) {
            problems.add(ag + "agf_btreeblks " + agf.btreeblks() + ", counted " + btreeblks);
        }
        if (agf.levels(Agf.BTNUM_BNO) != bno.levels() || agf.levels(Agf.BTNUM_CNT) != cnt.levels()) {
            problems.add(ag + "agf btree levels do not match the trees");
        }
        long flcount = countAgfl(agf, agfl, geo, ag, problems);

        ShortBtreeWalk ino = ShortBtreeWalk.walk(mp, agno, agi.root(), BtreeBlockOps.INOBT, problems);
        long count = 0;
        long freecount = 0;
        for (long[] r : ino.records()) {
            count += r[1];
            freecount += r[2];
        }
        if (agi.count() != count) {
            problems.add(ag + "agi_count " + agi.count() + ", counted " + count);
        }
        if (agi.freecount() != freecount) {
            problems.add(ag + "agi_freecount " + agi.freecount() + ", counted " + freecount);
        }
        if (mp.features().finobt()) {
            ShortBtreeWalk fino = ShortBtreeWalk.walk(mp, agno, agi.freeRoot(), BtreeBlockOps.FINOBT, problems);
            long withFree = ino.records().stream().filter(r -> r[2] > 0).count();
            if (fino.records().size() != withFree) {
                problems.add(ag + "finobt has " + fino.records().size() + " records, inobt has " + withFree
                        + " chunks with free inodes");
            }
            if (mp.features().inobtcount() && (agi.iblocks() != ino.blocks() || agi.fblocks() != fino.blocks())) {
                problems.add(ag + "agi_iblocks/fblocks " + agi.iblocks() + "/" + agi.fblocks() + ", counted "
                        + ino.blocks() + "/" + fino.blocks());
            }
        }
        return new AgSummary(agf.freeblks(), flcount, agf.btreeblks(), agi.count(), agi.freecount());
    }

    private static long countAgfl(Agf agf, Agfl agfl, Geometry geo, String ag, List<String> problems) {
        int size = Agfl.size(geo.sectsize);
        long n = agf.flcount();
        if (n == 0) {
            return 0;
        }
        long first = agf.flfirst();
        long last = agf.fllast();
        long expect = last >= first ? last - first + 1 : size - first + last + 1;
        if (expect != n) {
            problems.add(ag + "agf_flcount " + n + " does not match flfirst " + first + " / fllast " + last);
        }
        for (long i = 0, slot = first; i < Math.min(n, size); i++, slot = (slot + 1) % size) {
            long b = agfl.bno((int) slot);
            if (b == Geometry.NULLAGBLOCK || b >= geo.agblocks) {
                problems.add(ag + "AGFL slot " + slot + " holds bad block " + b);
            }
        }
        return n;
    }
}
