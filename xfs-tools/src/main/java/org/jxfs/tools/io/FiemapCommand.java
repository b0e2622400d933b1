// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;
import java.util.Locale;
import org.jxfs.core.libfrog.Convert;

/** The fiemap command of io/fiemap.c: the extent map through FS_IOC_FIEMAP, plain or as a table (-v). */
final class FiemapCommand {
    static final String HELP = "\n"
            + " prints the block mapping for a file's data or attribute forks"
            + "\n"
            + " Example:\n"
            + " 'fiemap -v' - tabular format verbose map\n"
            + "\n"
            + " fiemap prints the map of disk blocks used by the current file.\n"
            + " The map lists each extent used by the file, as well as regions in the\n"
            + " file that do not have any corresponding blocks (holes).\n"
            + " By default, each line of the listing takes the following form:\n"
            + "     extent: [startoffset..endoffset]: startblock..endblock\n"
            + " Holes are marked by replacing the startblock..endblock with 'hole'.\n"
            + " All the file offsets and disk blocks are in units of 512-byte blocks.\n"
            + " -a -- prints the attribute fork map instead of the data fork.\n"
            + " -l -- also displays the length of each extent in 512-byte blocks.\n"
            + " -n -- query n extents.\n"
            + " -v -- Verbose information\n"
            + " offset is the starting offset to map, and is optional.  If offset is\n"
            + " specified, mapping length may (optionally) be specified as well."
            + "\n";
    static final CmdInfo INFO = new CmdInfo("fiemap", null, FiemapCommand::fiemap, 0, -1,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "[-alv] [-n nx] [offset [len]]",
            "print block mapping for a file", HELP);

    /** EXTENT_BATCH: extents asked for per ioctl. */
    private static final int EXTENT_BATCH = 32;

    private FiemapCommand() {
    }

    /** The column widths of the -v table (calc_print_format's foff_w, boff_w, tot_w, flg_w). */
    private static final class Widths {
        int foff = 16;
        int boff = 16;
        int tot = 5;
        int flg = 5;
    }

    /** An extent and the end of the last one in 512-byte units, as print_verbose and print_plain compute them. */
    private record Bb(long llast, long lstart, long len, long block) {
        static Bb of(Fiemap.Extent e, long lastLogical) {
            return new Bb(btobbt(lastLogical), btobbt(e.logical()), btobbt(e.length()), btobbt(e.physical()));
        }
    }

    /** BTOBBT: bytes to 512-byte blocks, truncating (u64). */
    private static long btobbt(long bytes) {
        return bytes >>> 9;
    }

    private static String u(long v) {
        return Long.toUnsignedString(v);
    }

    /** printf's %-*s. */
    private static String left(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    /** printf's %*s. */
    private static String right(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }

    /** Ports numlen: the digits of {@code v} in {@code base}, at least 1. */
    private static int numlen(long v, int base) {
        int len = 0;
        for (long t = v; t != 0; t = Long.divideUnsigned(t, base)) {
            len++;
        }
        return len == 0 ? 1 : len;
    }

    /** Ports print_hole. */
    private static void printHole(StringBuilder o, Widths w, int curExtent, boolean lflag, boolean plain,
                                  long llast, long lstart) {
        if (plain) {
            o.append('\t').append(curExtent).append(": [").append(u(llast)).append("..").append(u(lstart - 1))
                    .append("]: hole");
            o.append(lflag ? " " + u(lstart - llast) + " blocks\n" : "\n");
        } else {
            String lbuf = "[" + u(llast) + ".." + u(lstart - 1) + "]:";
            o.append(String.format(Locale.ROOT, "%4d: ", curExtent)).append(left(lbuf, w.foff)).append(' ')
                    .append(left("hole", w.boff)).append(' ').append(right(u(lstart - llast), w.tot)).append('\n');
        }
    }

    /** Ports print_verbose: returns the lines printed (a hole before the extent, the extent). */
    private static int printVerbose(IoShell sh, StringBuilder o, Fiemap.Extent e, Widths w, int curExtent,
                                    long lastLogical) {
        Bb b = Bb.of(e, lastLogical);
        long lstart = b.lstart();
        long len = b.len();
        int printed = 0;
        if (curExtent == 0) {
            o.append(String.format(Locale.ROOT, "%4s: ", "EXT")).append(left("FILE-OFFSET", w.foff)).append(' ')
                    .append(left("BLOCK-RANGE", w.boff)).append(' ').append(right("TOTAL", w.tot)).append(' ')
                    .append(right("FLAGS", w.flg)).append('\n');
        }
        if (Long.compareUnsigned(lstart, b.llast()) > 0) {
            printHole(o, w, curExtent, false, false, b.llast(), lstart);
            curExtent++;
            printed++;
        }
        if (curExtent == sh.fiemapMaxExtents) {
            return printed;
        }
        String lbuf = "[" + u(lstart) + ".." + u(lstart + len - 1) + "]:";
        String bbuf = u(b.block()) + ".." + u(b.block() + len - 1);
        o.append(String.format(Locale.ROOT, "%4d: ", curExtent)).append(left(lbuf, w.foff)).append(' ')
                .append(left(bbuf, w.boff)).append(' ').append(right(u(len), w.tot)).append(' ')
                .append(right("0x" + Integer.toHexString(e.flags()), w.flg)).append('\n');
        return printed + 1;
    }

    /** Ports print_plain. */
    private static int printPlain(IoShell sh, StringBuilder o, Fiemap.Extent e, boolean lflag, int curExtent,
                                  long lastLogical) {
        Bb b = Bb.of(e, lastLogical);
        long lstart = b.lstart();
        long len = b.len();
        int printed = 0;
        if (Long.compareUnsigned(lstart, b.llast()) > 0) {
            printHole(o, null, curExtent, lflag, true, b.llast(), lstart);
            curExtent++;
            printed++;
        }
        if (curExtent == sh.fiemapMaxExtents) {
            return printed;
        }
        o.append('\t').append(curExtent).append(": [").append(u(lstart)).append("..").append(u(lstart + len - 1))
                .append("]: ").append(u(b.block())).append("..").append(u(b.block() + len - 1));
        o.append(lflag ? " " + u(len) + " blocks\n" : "\n");
        return printed + 1;
    }

    /** Ports calc_print_format over the first batch. */
    private static void calcPrintFormat(List<Fiemap.Extent> batch, Widths w) {
        for (Fiemap.Extent e : batch) {
            long logical = btobbt(e.logical());
            long len = btobbt(e.length());
            long block = btobbt(e.physical());
            w.foff = Math.max(w.foff, ("[" + u(logical) + ".." + u(logical + len - 1) + "]").length());
            w.boff = Math.max(w.boff, (u(block) + ".." + u(block + len - 1)).length());
            w.tot = Math.max(w.tot, numlen(len, 10));
            w.flg = Math.max(w.flg, numlen(e.flags(), 16));
            if ((e.flags() & Fiemap.FIEMAP_EXTENT_LAST) != 0) {
                break;
            }
        }
    }

    /** Ports fiemap_f. {@code -n} sets fiemap.c's static max_extents, which later fiemap commands keep. */
    static int fiemap(IoShell sh, List<String> argv) {
        boolean lflag = false;
        int vflag = 0;
        int flags = Fiemap.FIEMAP_FLAG_SYNC;
        Getopt g = sh.getopt(argv, "aln:v");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'a' -> flags |= Fiemap.FIEMAP_FLAG_XATTR;
                case 'l' -> lflag = true;
                case 'n' -> sh.fiemapMaxExtents = Convert.atoi(g.optarg());
                case 'v' -> vflag++;
                default -> {
                    sh.setExitcode(1);
                    return sh.usage(INFO);
                }
            }
        }
        List<String> ops = g.operands();
        long startOffset = 0;
        long lastLogical = 0;
        long rangeEnd = -1;
        if (!ops.isEmpty()) {
            startOffset = sh.cvtnum(ops.get(0));
            if (startOffset < 0) {
                sh.out.print("non-numeric offset argument -- " + ops.get(0) + "\n");
                sh.setExitcode(1);
                return 0;
            }
            lastLogical = startOffset;
        }
        if (ops.size() > 1) {
            long length = sh.cvtnum(ops.get(1));
            if (length < 0) {
                sh.out.print("non-numeric len argument -- " + ops.get(1) + "\n");
                sh.setExitcode(1);
                return 0;
            }
            rangeEnd = startOffset + length;
        }
        OpenFile f = sh.file();
        StringBuilder o = new StringBuilder();
        o.append(f.name()).append(":\n");
        Widths w = new Widths();
        int curExtent = 0;
        boolean done = false;
        while (!done) {
            List<Fiemap.Extent> batch;
            try {
                batch = Fiemap.fiemap(f.file(), flags, lastLogical, rangeEnd - lastLogical, EXTENT_BATCH);
            } catch (IoException e) {
                sh.out.print(o);
                sh.out.flush();
                sh.err.print(IoShell.PROGNAME + ": ioctl(FS_IOC_FIEMAP) [\"" + f.name() + "\"]: "
                        + e.errno().message() + "\n");
                sh.setExitcode(1);
                return 0;
            }
            if (batch.isEmpty()) {
                break;
            }
            for (Fiemap.Extent e : batch) {
                int printed;
                if (vflag != 0) {
                    if (curExtent == 0) {
                        calcPrintFormat(batch, w);
                    }
                    printed = printVerbose(sh, o, e, w, curExtent, lastLogical);
                } else {
                    printed = printPlain(sh, o, e, lflag, curExtent, lastLogical);
                }
                curExtent += printed;
                lastLogical = e.logical() + e.length();
                if ((e.flags() & Fiemap.FIEMAP_EXTENT_LAST) != 0
                        || Long.compareUnsigned(lastLogical, rangeEnd) >= 0
                        || curExtent == sh.fiemapMaxExtents) {
                    done = true;
                    break;
                }
            }
        }
        if (curExtent != sh.fiemapMaxExtents) {
            long size;
            try {
                size = f.file().inode().size();
            } catch (IoException e) {
                sh.out.print(o);
                sh.out.flush();
                sh.err.print(IoShell.PROGNAME + ": fstat failed: " + e.errno().message() + "\n");
                sh.setExitcode(1);
                return 0;
            }
            // print the last hole, to EOF or to the end of the requested range
            rangeEnd = Long.compareUnsigned(rangeEnd, size) < 0 ? rangeEnd : size;
            if (curExtent != 0 && Long.compareUnsigned(lastLogical, rangeEnd) < 0) {
                printHole(o, w, curExtent, lflag, vflag == 0, btobbt(lastLogical), btobbt(rangeEnd));
            }
        }
        sh.out.print(o);
        return 0;
    }
}
