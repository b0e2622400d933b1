// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/** The two listings of bmap_f (io/bmap.c): plain and verbose (-v), byte for byte. */
final class BmapFormat {
    private static final int MINRANGE_WIDTH = 16;
    private static final int MINAG_WIDTH = 2;
    private static final int MINTOT_WIDTH = 5;
    private static final int NFLG = 6;
    private static final int FLG_NULL = 0;
    private static final int FLG_SHARED = 0100000;
    private static final int FLG_PRE = 0010000;
    private static final int FLG_BSU = 0001000;
    private static final int FLG_ESU = 0000100;
    private static final int FLG_BSW = 0000010;
    private static final int FLG_ESW = 0000001;

    private BmapFormat() {
    }

    /** Ports bmap_f's default listing: "\tN: [start..end]: block..block[ N blocks]". */
    static void plain(StringBuilder o, List<Getbmap.Entry> map, int egcnt, boolean lflag) {
        for (int i = 0; i < egcnt; i++) {
            Getbmap.Entry e = map.get(i);
            o.append('\t').append(i).append(": [").append(e.offset).append("..")
                    .append(e.offset + e.length - 1).append("]: ");
            if (e.block == -1) {
                o.append("hole");
            } else if (e.block == -2) {
                o.append("delalloc");
            } else {
                o.append(e.block).append("..").append(e.block + e.length - 1);
            }
            if (lflag) {
                o.append(' ').append(e.length).append(" blocks");
            }
            o.append('\n');
        }
    }

    /** Ports bmap_f's verbose listing, with its column widths computed over all the entries first. */
    static void verbose(StringBuilder o, List<Getbmap.Entry> map, int egcnt, IoGeometry geo, boolean isRt,
                        boolean pflag, int vflag) {
        int foffW = MINRANGE_WIDTH;
        int boffW = MINRANGE_WIDTH;
        int aoffW = MINRANGE_WIDTH;
        int totW = MINTOT_WIDTH;
        long bbperag = 0;
        long sunit = 0;
        long swidth = 0;
        if (!isRt) {
            bbperag = geo.agblocks() * geo.blocksize() / 512;
            sunit = (int) (geo.sunit() * geo.blocksize()) / 512;
            swidth = (int) (geo.swidth() * geo.blocksize()) / 512;
        }
        int flg = (int) sunit | (pflag ? 1 : 0);
        for (int i = 0; i < egcnt; i++) {
            Getbmap.Entry e = map.get(i);
            String rbuf = "[" + e.offset + ".." + (e.offset + e.length - 1) + "]:";
            if ((e.oflags & Getbmap.BMV_OF_PREALLOC) != 0) {
                flg = 1;
            }
            if (e.block == -1) {
                foffW = Math.max(foffW, rbuf.length());
                totW = Math.max(totW, numlen(e.length));
            } else {
                String bbuf = e.block + ".." + (e.block + e.length - 1);
                boffW = Math.max(boffW, bbuf.length());
                if (!isRt) {
                    long agno = e.block / bbperag;
                    long agoff = e.block - agno * bbperag;
                    String abuf = "(" + agoff + ".." + (agoff + e.length - 1) + ")";
                    aoffW = Math.max(aoffW, abuf.length());
                } else {
                    aoffW = 0;
                }
                foffW = Math.max(foffW, rbuf.length());
                totW = Math.max(totW, numlen(e.length));
            }
        }
        int agnoW = isRt ? 0 : Math.max(MINAG_WIDTH, numlen(geo.agcount()));
        o.append(String.format("%4s: ", "EXT")).append(left("FILE-OFFSET", foffW)).append(' ')
                .append(left(isRt ? "RT-BLOCK-RANGE" : "BLOCK-RANGE", boffW)).append(' ')
                .append(right(isRt ? "" : "AG", agnoW)).append(' ')
                .append(left(isRt ? "" : "AG-OFFSET", aoffW)).append(' ')
                .append(right("TOTAL", totW)).append(flg != 0 ? " FLAGS" : "").append('\n');
        for (int i = 0; i < egcnt; i++) {
            Getbmap.Entry e = map.get(i);
            flg = FLG_NULL;
            if ((e.oflags & Getbmap.BMV_OF_PREALLOC) != 0) {
                flg |= FLG_PRE;
            }
            if ((e.oflags & Getbmap.BMV_OF_SHARED) != 0) {
                flg |= FLG_SHARED;
            }
            if ((e.oflags & Getbmap.BMV_OF_DELALLOC) != 0) {
                e.block = -2;
            }
            if (sunit != 0) {
                flg |= e.block % sunit != 0 ? FLG_BSU : 0;
                flg |= (e.block + e.length) % sunit != 0 ? FLG_ESU : 0;
                flg |= e.block % swidth != 0 ? FLG_BSW : 0;
                flg |= (e.block + e.length) % swidth != 0 ? FLG_ESW : 0;
            }
            String rbuf = "[" + e.offset + ".." + (e.offset + e.length - 1) + "]:";
            if (e.block == -1 || e.block == -2) {
                o.append(String.format("%4d: ", i)).append(left(rbuf, foffW)).append(' ')
                        .append(left(e.block == -1 ? "hole" : "delalloc", boffW)).append(' ')
                        .append(right("", agnoW)).append(' ').append(left("", aoffW)).append(' ')
                        .append(right(Long.toString(e.length), totW)).append('\n');
                continue;
            }
            String bbuf = e.block + ".." + (e.block + e.length - 1);
            o.append(String.format("%4d: ", i)).append(left(rbuf, foffW)).append(' ').append(left(bbuf, boffW));
            if (!isRt) {
                long agno = e.block / bbperag;
                long agoff = e.block - agno * bbperag;
                String abuf = "(" + agoff + ".." + (agoff + e.length - 1) + ")";
                o.append(' ').append(right(Long.toString(agno), agnoW)).append(' ').append(left(abuf, aoffW));
            } else {
                o.append("  ");
            }
            o.append(' ').append(right(Long.toString(e.length), totW));
            if (flg == FLG_NULL && !pflag) {
                o.append('\n');
            } else {
                o.append(' ').append(left(octal(flg, NFLG), NFLG)).append('\n');
            }
        }
        if ((flg != 0 || pflag) && vflag > 1) {
            o.append(" FLAG Values:\n");
            o.append("    ").append(octal(FLG_SHARED, NFLG + 1)).append(" Shared extent\n");
            o.append("    ").append(octal(FLG_PRE, NFLG + 1)).append(" Unwritten preallocated extent\n");
            o.append("    ").append(octal(FLG_BSU, NFLG + 1)).append(" Doesn't begin on stripe unit\n");
            o.append("    ").append(octal(FLG_ESU, NFLG + 1)).append(" Doesn't end   on stripe unit\n");
            o.append("    ").append(octal(FLG_BSW, NFLG + 1)).append(" Doesn't begin on stripe width\n");
            o.append("    ").append(octal(FLG_ESW, NFLG + 1)).append(" Doesn't end   on stripe width\n");
        }
    }

    /** Ports numlen(val, 10) (libfrog/convert.c): the number of decimal digits, 1 for 0. */
    static int numlen(long val) {
        int len = 0;
        for (long tmp = val; Long.compareUnsigned(tmp, 0) > 0; tmp = Long.divideUnsigned(tmp, 10)) {
            len++;
        }
        return len == 0 ? 1 : len;
    }

    /** printf("%-*s"). */
    private static String left(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    /** printf("%*s"). */
    private static String right(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }

    /** printf("%.*o"): octal with at least {@code digits} digits. */
    private static String octal(int v, int digits) {
        String s = Integer.toOctalString(v);
        return s.length() >= digits ? s : "0".repeat(digits - s.length()) + s;
    }
}
