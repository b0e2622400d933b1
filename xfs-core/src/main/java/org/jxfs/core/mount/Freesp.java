// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.AgflOps;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Geometry;

/**
 * xfs_db's {@code freesp} (db/freesp.c, xfsprogs 6.1), computed from jxfs's own reading of the free-space btrees
 * and the AGFLs: the free extents of the chosen AGs bucketed into a histogram (power-of-two buckets from 1 up to
 * sb_agblocks unless {@link Options} asks for other bins), AGFL blocks counted as free one-block extents, then with
 * {@code -s} the totals. {@link #report} prints it byte for byte as xfs_db 6.1 does, so the two can be compared.
 */
public final class Freesp {
    /**
     * freesp's options: {@code -a} AGs (all when empty), {@code -A} alignment, {@code -c} walk the cntbt instead of
     * the bnobt, {@code -d} dump each extent, {@code -e} equal-size bins, {@code -m} multiplier bins ({@code -b} is
     * {@code -m 2}), {@code -h} explicit bin starts, {@code -s} summary. At most one of equalSize, multSize and
     * binStarts is set (the command line's default is multSize 2); with none, one bin holds everything.
     */
    public record Options(List<Integer> agnos, long alignment, boolean count, boolean dump, int equalSize,
            int multSize, List<Integer> binStarts, boolean summary) {
        public Options {
            agnos = List.copyOf(agnos);
            binStarts = List.copyOf(binStarts);
        }

        /** {@code freesp -s}. */
        public static Options summaryOnly() {
            return new Options(List.of(), 0, false, false, 0, 2, List.of(), true);
        }
    }

    private final Options opts;
    private final Geometry geo;
    private final long[] low;
    private final long[] high;
    private final long[] count;
    private final long[] blocks;
    private final StringBuilder out = new StringBuilder();
    private long totalExtents;
    private long totalBlocks;

    private Freesp(Geometry geo, Options opts) {
        this.geo = geo;
        this.opts = opts;
        long[] lows = histinit(geo.agblocks, opts);
        int n = lows.length;
        low = lows;
        high = new long[n];
        count = new long[n];
        blocks = new long[n];
        for (int i = 0; i < n; i++) {
            high[i] = i < n - 1 ? lows[i + 1] - 1 : geo.agblocks;
        }
    }

    /**
     * Ports histinit: the bins' lower bounds. Equal-size bins every equalSize blocks, or multiplying by multSize, or
     * the given starts (0 read as 1, a bin of 1 added when missing) sorted.
     */
    private static long[] histinit(long maxlen, Options o) {
        List<Long> lows = new ArrayList<>();
        for (int h : o.binStarts()) {
            lows.add((long) Math.max(h, 1));
        }
        int mult = o.multSize();
        if (o.equalSize() != 0) {
            for (long i = 1; i < maxlen; i += o.equalSize()) {
                lows.add(i);
            }
        } else if (mult != 0) {
            for (long i = 1; i < maxlen; i *= mult) {
                lows.add(i);
            }
        } else {
            if (!lows.contains(1L)) {
                lows.add(1L);
            }
            lows.sort(null);
        }
        return lows.stream().mapToLong(Long::longValue).toArray();
    }

    /** {@code freesp -s} over every AG. */
    public static Freesp of(Mount mp) throws XfsException {
        return of(mp, Options.summaryOnly());
    }

    /** Ports freesp_f: scans each chosen AG's AGFL, then its bnobt (or cntbt with {@code -c}). */
    public static Freesp of(Mount mp, Options opts) throws XfsException {
        if (opts.equalSize() < 0) {
            throw new IllegalArgumentException("-e " + opts.equalSize() + ": the bins would never reach the AG size");
        }
        if (opts.multSize() < 0 || opts.multSize() == 1) {
            throw new IllegalArgumentException("-m " + opts.multSize() + ": the bins would never reach the AG size");
        }
        Geometry geo = mp.geometry();
        Freesp f = new Freesp(geo, opts);
        if (opts.dump()) {
            f.out.append(String.format(Locale.ROOT, "%8s %8s %8s%n", "agno", "agbno", "len"));
        }
        for (int agno = 0; agno < geo.agcount; agno++) {
            if (opts.agnos().isEmpty() || opts.agnos().contains(agno)) {
                f.scanAg(mp, agno);
            }
        }
        return f;
    }

    /** Ports scan_ag. */
    private void scanAg(Mount mp, int agno) throws XfsException {
        Agf agf = new Agf(mp.bufCache().read(geo.agHeaderDaddr(agno, Agf.SECTOR), geo.sectorBb(),
                AgfOps.INSTANCE).data());
        scanFreelist(mp, agno, agf);
        Sink sink = (agbno, len) -> addtohist(agno, agbno, len);
        if (opts.count()) {
            scanSbtree(mp, agno, agf.roots(Agf.BTNUM_CNT), (int) agf.levels(Agf.BTNUM_CNT) - 1, BtreeBlockOps.CNTBT,
                    sink, out);
        } else {
            scanSbtree(mp, agno, agf.roots(Agf.BTNUM_BNO), (int) agf.levels(Agf.BTNUM_BNO) - 1, BtreeBlockOps.BNOBT,
                    sink, out);
        }
    }

    /** Receives one free extent of an AG. */
    public interface Sink {
        void extent(long agbno, long len);
    }

    /** The free extents of AG {@code agno} as its bnobt holds them, in block order (the AGFL's blocks not among them). */
    public static void bnobtExtents(Mount mp, int agno, Sink sink) throws XfsException {
        Geometry geo = mp.geometry();
        Agf agf = new Agf(mp.bufCache().read(geo.agHeaderDaddr(agno, Agf.SECTOR), geo.sectorBb(),
                AgfOps.INSTANCE).data());
        StringBuilder problems = new StringBuilder();
        scanSbtree(mp, agno, agf.roots(Agf.BTNUM_BNO), (int) agf.levels(Agf.BTNUM_BNO) - 1, BtreeBlockOps.BNOBT, sink,
                problems);
        if (problems.length() > 0) {
            throw new FsCorruptedException("Metadata corruption detected: AG " + agno + " bnobt: "
                    + problems.toString().strip());
        }
    }

    /** Ports scan_freelist with libxfs_agfl_walk: every slot from flfirst round to fllast. */
    private void scanFreelist(Mount mp, int agno, Agf agf) throws XfsException {
        if (agf.flcount() == 0) {
            return;
        }
        int size = Agfl.size(geo.sectsize);
        if (agf.flfirst() >= size || agf.fllast() >= size) {
            out.append("agf ").append(agno).append(" freelist blocks bad, skipping freelist scan\n");
            return;
        }
        Agfl agfl = new Agfl(mp.bufCache().read(geo.agHeaderDaddr(agno, Agfl.SECTOR), geo.sectorBb(),
                AgflOps.INSTANCE).data());
        for (int i = (int) agf.flfirst();; ) {
            addtohist(agno, agfl.bno(i), 1);
            if (i == agf.fllast()) {
                break;
            }
            if (++i == size) {
                i = 0;
            }
        }
    }

    /** Ports scan_sbtree with scanfunc_bno / scanfunc_cnt: depth first, records in key order. */
    private static void scanSbtree(Mount mp, int agno, long root, int level, BtreeBlockOps ops, Sink sink,
            StringBuilder out) throws XfsException {
        Geometry geo = mp.geometry();
        if (root == 0 || root >= geo.agBlockCount(agno)) {
            out.append("can't read btree block ").append(agno).append('/').append(root).append('\n');
            return;
        }
        XfsBuf bp = mp.bufCache().read(geo.agbToDaddr(agno, root), geo.blockBb(), ops);
        byte[] b = bp.data();
        int n = BtreeBlock.numrecs(b);
        if (level == 0) {
            for (int i = 0; i < n; i++) {
                int off = BtreeBlock.SHORT_HDR_LEN + i * ops.recLen();
                sink.extent(BigEndian.u32(b, off), BigEndian.u32(b, off + 4));
            }
            return;
        }
        int ptrs = BtreeBlock.SHORT_HDR_LEN + ops.maxRecs(geo.blocksize, false) * ops.keyLen();
        for (int i = 0; i < n; i++) {
            scanSbtree(mp, agno, BigEndian.u32(b, ptrs + i * ops.ptrLen()), level - 1, ops, sink, out);
        }
    }

    /** Ports addtohist. */
    private void addtohist(int agno, long agbno, long len) {
        if (opts.alignment() != 0 && Long.remainderUnsigned(geo.agbToFsb(agno, agbno), opts.alignment()) != 0) {
            return;
        }
        if (opts.dump()) {
            out.append(String.format(Locale.ROOT, "%8d %8d %8d%n", agno, (int) agbno, (int) len));
        }
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

    /** The bins' lower bounds, for tests. */
    long[] binStarts() {
        return Arrays.copyOf(low, low.length);
    }

    /** What xfs_db printed: the dump lines, then printhist, then with -s the totals (as freesp_f does). */
    public String report() {
        StringBuilder sb = new StringBuilder(out);
        if (low.length > 0) {
            sb.append(String.format(Locale.ROOT, "%7s %7s %7s %7s %6s%n", "from", "to", "extents", "blocks", "pct"));
            for (int i = 0; i < low.length; i++) {
                if (count[i] != 0) {
                    sb.append(String.format(Locale.ROOT, "%7d %7d %7d %7d %6.2f%n", low[i], high[i], count[i],
                            blocks[i], blocks[i] * 100.0 / totalBlocks));
                }
            }
        }
        if (opts.summary()) {
            sb.append("total free extents ").append(totalExtents).append('\n');
            sb.append("total free blocks ").append(totalBlocks).append('\n');
            sb.append("average free extent size ").append(cFormatG((double) totalBlocks / (double) totalExtents))
                    .append('\n');
        }
        return sb.toString();
    }

    /** {@link #report} of {@code freesp -s}. */
    public String summary() {
        return report();
    }

    /** printf's %g: six significant digits, trailing zeros dropped, exponent form outside [1e-4, 1e6). */
    public static String cFormatG(double v) {
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
        return bd.stripTrailingZeros().toPlainString();
    }
}
