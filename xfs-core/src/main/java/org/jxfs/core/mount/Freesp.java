// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.AgflOps;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Geometry;

/**
 * The free-space histogram of xfs_db's {@code freesp -s} (db/freesp.c), computed from jxfs's own reading of the
 * bnobt and the AGFL: power-of-two buckets from 1 up to sb_agblocks, AGFL blocks counted as free one-block extents,
 * then the totals. {@link #summary} prints it byte for byte as xfs_db 6.1 does, so the two can be compared.
 */
public final class Freesp {
    private final long[] low;
    private final long[] high;
    private final long[] count;
    private final long[] blocks;
    private long totalExtents;
    private long totalBlocks;

    private Freesp(long agblocks) {
        // Ports histinit with multsize 2: buckets start at 1, 2, 4, ... below agblocks; the last ends at agblocks.
        List<Long> lows = new ArrayList<>();
        for (long i = 1; i < agblocks; i *= 2) {
            lows.add(i);
        }
        int n = lows.size();
        low = new long[n];
        high = new long[n];
        count = new long[n];
        blocks = new long[n];
        for (int i = 0; i < n; i++) {
            low[i] = lows.get(i);
            high[i] = i < n - 1 ? lows.get(i + 1) - 1 : agblocks;
        }
    }

    /** Ports freesp_f over every AG: the bnobt's extents and the AGFL's blocks. */
    public static Freesp of(Mount mp) throws XfsException {
        Geometry geo = mp.geometry();
        Freesp f = new Freesp(geo.agblocks);
        List<String> problems = new ArrayList<>();
        for (int agno = 0; agno < geo.agcount; agno++) {
            Agf agf = new Agf(mp.bufCache().read(geo.agHeaderDaddr(agno, Agf.SECTOR), geo.sectorBb(),
                    AgfOps.INSTANCE).data());
            ShortBtreeWalk bno = ShortBtreeWalk.walk(mp, agno, agf.roots(Agf.BTNUM_BNO), BtreeBlockOps.BNOBT,
                    problems);
            for (long[] r : bno.records()) {
                f.add(r[1]);
            }
            if (agf.flcount() > 0) {
                Agfl agfl = new Agfl(mp.bufCache().read(geo.agHeaderDaddr(agno, Agfl.SECTOR), geo.sectorBb(),
                        AgflOps.INSTANCE).data());
                int size = Agfl.size(geo.sectsize);
                for (long i = 0, slot = agf.flfirst(); i < agf.flcount(); i++, slot = (slot + 1) % size) {
                    if (agfl.bno((int) slot) != Geometry.NULLAGBLOCK) {
                        f.add(1);
                    }
                }
            }
        }
        return f;
    }

    /** Ports addtohist. */
    private void add(long len) {
        totalExtents++;
        totalBlocks += len;
        for (int i = 0; i < low.length; i++) {
            if (high[i] >= len) {
                count[i]++;
                blocks[i] += len;
                return;
            }
        }
    }

    public long totalExtents() {
        return totalExtents;
    }

    public long totalBlocks() {
        return totalBlocks;
    }

    /** Ports printhist and the summary lines of freesp_f. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%7s %7s %7s %7s %6s%n", "from", "to", "extents", "blocks", "pct"));
        for (int i = 0; i < low.length; i++) {
            if (count[i] != 0) {
                sb.append(String.format(Locale.ROOT, "%7d %7d %7d %7d %6.2f%n", low[i], high[i], count[i],
                        blocks[i], blocks[i] * 100.0 / totalBlocks));
            }
        }
        sb.append("total free extents ").append(totalExtents).append('\n');
        sb.append("total free blocks ").append(totalBlocks).append('\n');
        sb.append("average free extent size ").append(cFormatG((double) totalBlocks / (double) totalExtents))
                .append('\n');
        return sb.toString();
    }

    /** printf's %g: six significant digits, trailing zeros dropped, exponent form outside [1e-4, 1e6). */
    static String cFormatG(double v) {
        if (Double.isNaN(v)) {
            return "-nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal bd = new BigDecimal(v).round(new MathContext(6));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 6) {
            String mant = bd.movePointLeft(exp).stripTrailingZeros().toPlainString();
            return String.format(Locale.ROOT, "%se%s%02d", mant, exp < 0 ? "-" : "+", Math.abs(exp));
        }
        String s = bd.stripTrailingZeros().toPlainString();
        return s;
    }
}
