// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/** The seek command of io/seek.c: the next data and/or hole offsets through lseek(2) SEEK_DATA and SEEK_HOLE. */
final class SeekCommand {
    static final String HELP = "\n"
            + " returns the next hole and/or data offset at or after the requested offset\n"
            + "\n"
            + " Example:\n"
            + " 'seek -d 512'\t\t- offset of data at or following offset 512\n"
            + " 'seek -a -r 0'\t- offsets of all data and hole in entire file\n"
            + "\n"
            + " Returns the offset of the next data and/or hole. There is an implied hole\n"
            + " at the end of file. If the specified offset is past end of file, or there\n"
            + " is no data past the specified offset, EOF is returned.\n"
            + " -a\t-- return the next data and hole starting at the specified offset.\n"
            + " -d\t-- return the next data starting at the specified offset.\n"
            + " -h\t-- return the next hole starting at the specified offset.\n"
            + " -r\t-- return all remaining type(s) starting at the specified offset.\n"
            + " -s\t-- also print the starting offset.\n"
            + "\n";
    static final CmdInfo INFO = new CmdInfo("seek", null, SeekCommand::seek, 2, 5,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "-a | -d | -h [-r] off",
            "locate the next data and/or hole", HELP);

    private static final int SEEK_DFLAG = 1 << 0;
    private static final int SEEK_HFLAG = 1 << 1;
    private static final int SEEK_RFLAG = 1 << 2;
    private static final int DATA = 0;
    private static final int HOLE = 1;
    /** seekinfo[]: the name printed and the flag that selects each type. */
    private static final String[] NAME = {"DATA", "HOLE"};
    private static final int[] MASK = {SEEK_DFLAG, SEEK_HFLAG};

    private SeekCommand() {
    }

    /** One lseek(2) result: the offset, or -1 with the errno. */
    private record Result(long offset, Errno errno) {
    }

    private static Result lseek(IoFile f, long start, int type) {
        try {
            return new Result(type == DATA ? f.seekData(start) : f.seekHole(start), null);
        } catch (IoException e) {
            return new Result(-1, e.errno());
        }
    }

    /** Ports seek_output: the type and offset, EOF for ENXIO, ERR and perror("") for anything else. */
    private static void output(IoShell sh, boolean startflag, String type, long start, Result r) {
        if (r.offset() == -1) {
            if (r.errno() == Errno.ENXIO) {
                sh.out.print(startflag ? type + "\t" + start + "\tEOF\n" : type + "\tEOF\n");
            } else {
                sh.out.print("ERR\t" + start + "\t");
                sh.out.flush();
                sh.err.print(r.errno().message() + "\n");
            }
        } else {
            sh.out.print(startflag ? type + "\t" + start + "\t" + r.offset() + "\n" : type + "\t" + r.offset() + "\n");
        }
    }

    /** Ports seek_f. */
    static int seek(IoShell sh, List<String> argv) {
        int flag = 0;
        boolean startflag = false;
        Getopt g = sh.getopt(argv, "adhrs");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'a' -> flag |= SEEK_HFLAG | SEEK_DFLAG;
                case 'd' -> flag |= SEEK_DFLAG;
                case 'h' -> flag |= SEEK_HFLAG;
                case 'r' -> flag |= SEEK_RFLAG;
                case 's' -> startflag = true;
                default -> {
                    sh.setExitcode(1);
                    return sh.usage(INFO);
                }
            }
        }
        List<String> ops = g.operands();
        if ((flag & (SEEK_DFLAG | SEEK_HFLAG)) == 0 || ops.size() != 1) {
            sh.setExitcode(1);
            return sh.usage(INFO);
        }
        long start = sh.cvtnum(ops.get(0));
        if (start < 0) {
            sh.setExitcode(1);
            return sh.usage(INFO);
        }
        IoFile f = sh.file().file();
        int current = DATA;
        Result r = null;
        if ((flag & SEEK_HFLAG) != 0) {
            current = HOLE;
            r = lseek(f, start, HOLE);
            if (r.offset() != -1 && r.offset() < start) {
                return badResult(sh, start, current, r);
            }
        }
        if (r == null || (start != r.offset() && (flag & SEEK_DFLAG) != 0)) {
            // the offset is not a hole, or only data was asked for
            current = DATA;
            r = lseek(f, start, DATA);
            if (r.offset() != -1 && r.offset() < start) {
                return badResult(sh, start, current, r);
            }
        }
        sh.out.print(startflag ? "Whence\tStart\tResult\n" : "Whence\tResult\n");
        for (int c = 0; flag != 0; c++) {
            if (r.offset() == -1) {
                if (r.errno() != Errno.ENXIO || c == 0) {
                    output(sh, startflag, NAME[current], start, r);
                }
                return 0;
            }
            if ((flag & MASK[current]) != 0) {
                output(sh, startflag, NAME[current], start, r);
            }
            if ((flag & SEEK_RFLAG) == 0) {
                flag &= ~MASK[current];
            }
            current ^= 1;
            start = r.offset();
            r = lseek(f, start, current);
            if (r.offset() != -1 && r.offset() <= start) {
                return badResult(sh, start, current, r);
            }
        }
        return 0;
    }

    private static int badResult(IoShell sh, long start, int current, Result r) {
        sh.err.print("Invalid seek result: lseek(<fd>, " + start + ", SEEK_" + NAME[current] + ") = " + r.offset()
                + "\n");
        return 0;
    }
}
