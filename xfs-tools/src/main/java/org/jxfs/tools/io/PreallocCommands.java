// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/** The fallocate commands of io/prealloc.c: falloc, fpunch, fcollapse, finsert, fzero, funshare. */
final class PreallocCommands {
    static final String FALLOC_HELP = "\n"
            + " modifies space associated with part of a file via fallocate\n"
            + " Example:\n"
            + " 'falloc 0 1m' - fills all holes within the first megabyte\n"
            + "\n"
            + " falloc uses the fallocate system call to alter space allocations in the\n"
            + " open file.  The following operations are supported:\n"
            + " All the file offsets are in units of bytes.\n"
            + " -c -- collapses the given range.\n"
            + " -i -- inserts a hole into the given range of the file.\n"
            + " -k -- do not change file size.\n"
            + " -p -- unmap the given range from the file.\n"
            + " -u -- unshare shared extents in the given range.\n"
            + "\n";
    static final CmdInfo FALLOC = new CmdInfo("falloc", null, PreallocCommands::falloc, 2, -1,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "[-c] [-k] [-p] [-u] off len",
            "allocates space associated with part of a file via fallocate", FALLOC_HELP);
    static final CmdInfo FPUNCH = new CmdInfo("fpunch", null, PreallocCommands::fpunch, 2, 2,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "off len",
            "de-allocates space associated with part of a file via fallocate", null);
    static final CmdInfo FCOLLAPSE = new CmdInfo("fcollapse", null, PreallocCommands::fcollapse, 2, 2,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "off len",
            "de-allocates space and eliminates the hole by shifting extents", null);
    static final CmdInfo FINSERT = new CmdInfo("finsert", null, PreallocCommands::finsert, 2, 2,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "off len",
            "creates new space for writing within file by shifting extents", null);
    static final CmdInfo FUNSHARE = new CmdInfo("funshare", null, PreallocCommands::funshare, 2, 2,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "off len", "unshares shared blocks within the range",
            null);
    static final CmdInfo FZERO = new CmdInfo("fzero", null, PreallocCommands::fzero, 2, 3,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "[-k] off len",
            "zeroes space and eliminates holes by preallocating", null);

    /** fallocate(2) modes. */
    private static final int KEEP_SIZE = 0x01;
    private static final int PUNCH_HOLE = 0x02;
    private static final int COLLAPSE_RANGE = 0x08;
    private static final int ZERO_RANGE = 0x10;
    private static final int INSERT_RANGE = 0x20;
    private static final int UNSHARE_RANGE = 0x40;

    private PreallocCommands() {
    }

    /** Ports offset_length: parses both numbers, printing xfs_io's message for the first bad one. */
    static long[] offsetLength(IoShell sh, String offset, String length) {
        long start = sh.cvtnum(offset);
        if (start < 0) {
            sh.out.print("non-numeric offset argument -- " + offset + "\n");
            return null;
        }
        long len = sh.cvtnum(length);
        if (len < 0) {
            sh.out.print("non-numeric length argument -- " + length + "\n");
            return null;
        }
        return new long[] {start, len};
    }

    /** Ports fallocate_f. An invalid option prints the usage and parsing goes on, as in xfs_io. */
    static int falloc(IoShell sh, List<String> argv) {
        int mode = 0;
        Getopt g = sh.getopt(argv, "cikpu");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'c' -> mode = COLLAPSE_RANGE;
                case 'i' -> mode = INSERT_RANGE;
                case 'k' -> mode = KEEP_SIZE;
                case 'p' -> mode = PUNCH_HOLE | KEEP_SIZE;
                case 'u' -> mode = UNSHARE_RANGE;
                default -> {
                    sh.setExitcode(1);
                    sh.usage(FALLOC);
                }
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 2) {
            sh.setExitcode(1);
            return sh.usage(FALLOC);
        }
        long[] seg = offsetLength(sh, ops.get(0), ops.get(1));
        if (seg == null) {
            sh.setExitcode(1);
            return 0;
        }
        if (fallocate(sh, mode, seg[0], seg[1]) != 0) {
            sh.setExitcode(1);
        }
        return 0;
    }

    /** Ports fpunch_f. */
    static int fpunch(IoShell sh, List<String> argv) {
        return fixedMode(sh, argv, PUNCH_HOLE | KEEP_SIZE);
    }

    /** Ports fcollapse_f. */
    static int fcollapse(IoShell sh, List<String> argv) {
        return fixedMode(sh, argv, COLLAPSE_RANGE);
    }

    /** Ports finsert_f. */
    static int finsert(IoShell sh, List<String> argv) {
        return fixedMode(sh, argv, INSERT_RANGE);
    }

    /** fpunch_f, fcollapse_f and finsert_f: exactly "off len", one mode, exit code 1 on any failure. */
    private static int fixedMode(IoShell sh, List<String> argv, int mode) {
        long[] seg = offsetLength(sh, argv.get(1), argv.get(2));
        if (seg == null) {
            sh.setExitcode(1);
            return 0;
        }
        if (fallocate(sh, mode, seg[0], seg[1]) != 0) {
            sh.setExitcode(1);
        }
        return 0;
    }

    /**
     * Ports funshare_f, whose getopt takes no option: an option prints the usage and parsing goes on, and a wrong
     * operand count prints the usage without setting the exit code, as in xfs_io.
     */
    static int funshare(IoShell sh, List<String> argv) {
        Getopt g = sh.getopt(argv, "");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            sh.usage(FUNSHARE);
        }
        List<String> ops = g.operands();
        if (ops.size() != 2) {
            return sh.usage(FUNSHARE);
        }
        long[] seg = offsetLength(sh, ops.get(0), ops.get(1));
        if (seg == null) {
            sh.setExitcode(1);
            return 0;
        }
        if (fallocate(sh, UNSHARE_RANGE, seg[0], seg[1]) != 0) {
            sh.setExitcode(1);
        }
        return 0;
    }

    /** Ports fzero_f, which (unlike its neighbours) never sets the exit code. */
    static int fzero(IoShell sh, List<String> argv) {
        int mode = ZERO_RANGE;
        Getopt g = sh.getopt(argv, "k");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            if (c == 'k') {
                mode |= KEEP_SIZE;
            } else {
                sh.usage(FZERO);
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 2) {
            return sh.usage(FZERO);
        }
        long[] seg = offsetLength(sh, ops.get(0), ops.get(1));
        if (seg != null) {
            fallocate(sh, mode, seg[0], seg[1]);
        }
        return 0;
    }

    /** fallocate(2) on the current file, perror("fallocate") on failure; returns -1 if it failed. */
    private static int fallocate(IoShell sh, int mode, long offset, long len) {
        OpenFile f = sh.file();
        try {
            Vfs.fallocate(f, mode, offset, len);
            IoFile io = f.file();
            if (mode == 0 || mode == KEEP_SIZE) {
                io.fallocate(offset, len, mode == KEEP_SIZE);
            } else if (mode == (PUNCH_HOLE | KEEP_SIZE)) {
                io.punchHole(offset, len);
            } else if ((mode & ZERO_RANGE) != 0) {
                io.zeroRange(offset, len, (mode & KEEP_SIZE) != 0);
            } else if (mode == COLLAPSE_RANGE) {
                io.collapseRange(offset, len);
            } else if (mode == INSERT_RANGE) {
                io.insertRange(offset, len);
            } else {
                assert (mode & ~KEEP_SIZE) == UNSHARE_RANGE : mode;
                io.unshareRange(offset, len, (mode & KEEP_SIZE) != 0);
            }
            Vfs.fallocateSync(f);
            return 0;
        } catch (IoException e) {
            sh.perror("fallocate", e);
            return -1;
        }
    }
}
