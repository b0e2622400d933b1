// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/** The open command of io/open.c, and openfile/addfile, which xfs_io also uses for the file on its command line. */
final class OpenCommand {
    static final String HELP = "\n"
            + " opens a new file in the requested mode\n"
            + "\n"
            + " Example:\n"
            + " 'open -cd /tmp/data' - creates/opens data file read-write for direct IO\n"
            + "\n"
            + " Opens a file for subsequent use by all of the other xfs_io commands.\n"
            + " With no arguments, open uses the stat command to show the current file.\n"
            + " -a -- open with the O_APPEND flag (append-only mode)\n"
            + " -d -- open with O_DIRECT (non-buffered IO, note alignment constraints)\n"
            + " -f -- open with O_CREAT (create the file if it doesn't exist)\n"
            + " -m -- permissions to use in case a new file is created (default 0600)\n"
            + " -n -- open with O_NONBLOCK\n"
            + " -r -- open with O_RDONLY, the default is O_RDWR\n"
            + " -s -- open with O_SYNC\n"
            + " -t -- open with O_TRUNC (truncate the file to zero length if it exists)\n"
            + " -R -- mark the file as a realtime XFS file immediately after opening it\n"
            + " -T -- open with O_TMPFILE (create a file not visible in the namespace)\n"
            + " -P -- open with O_PATH (create an fd that is merely a location reference)\n"
            + " -L -- open with O_NOFOLLOW (don't follow symlink)\n"
            + " Note1: usually read/write direct IO requests must be blocksize aligned;\n"
            + "        some kernels, however, allow sectorsize alignment for direct IO.\n"
            + " Note2: the bmap for non-regular files can be obtained provided the file\n"
            + "        was opened correctly (in particular, must be opened read-only).\n"
            + "\n";
    static final CmdInfo INFO = new CmdInfo("open", "o", OpenCommand::open, 0, -1,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_NOFILE_OK | CmdInfo.CMD_FOREIGN_OK | CmdInfo.CMD_FLAG_ONESHOT,
            "[-acdrstxRTPL] [-m mode] [path]", "open the file specified by path", HELP);

    private OpenCommand() {
    }

    /**
     * Ports open_f. jxfs honours -f/-c (O_CREAT), -r (O_RDONLY), -d (O_DIRECT) and -F (ignored, as in xfs_io).
     * The others (-a -m -n -s -t -R -x -T -P -L) change how the file is opened in ways jxfs cannot honour yet:
     * once the arguments have been checked as xfs_io checks them, they are refused with one line, and nothing
     * is opened.
     */
    static int open(IoShell sh, List<String> argv) {
        if (argv.size() == 1) {
            if (sh.file() != null) {
                return StatCommand.stat(sh, argv);
            }
            sh.err.print("no files are open, try 'help open'\n");
            sh.setExitcode(1);
            return 0;
        }
        int flags = 0;
        char unsupported = 0;
        Getopt g = sh.getopt(argv, "FLPRTacdfm:nrstx");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'F' -> {
                }
                case 'c', 'f' -> flags |= OpenFile.IO_CREAT;
                case 'd' -> flags |= OpenFile.IO_DIRECT;
                case 'r' -> flags |= OpenFile.IO_READONLY;
                case 'm' -> {
                    if (Strtoul.parse(g.optarg()).end() == 0) {
                        sh.out.print("non-numeric mode -- " + g.optarg() + "\n");
                        sh.setExitcode(1);
                        return 0;
                    }
                    unsupported = unsupported == 0 ? 'm' : unsupported;
                }
                case 'a', 'n', 's', 't', 'R', 'x', 'T', 'P', 'L' ->
                        unsupported = unsupported == 0 ? (char) c : unsupported;
                default -> {
                    sh.setExitcode(1);
                    return sh.usage(INFO);
                }
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 1) {
            sh.setExitcode(1);
            return sh.usage(INFO);
        }
        if (unsupported != 0) {
            sh.err.print("open: -" + unsupported + " is not supported by jxfs yet\n");
            sh.setExitcode(1);
            return 0;
        }
        if (openAndAdd(sh, ops.get(0), flags) != 0) {
            sh.setExitcode(1);
        }
        return 0;
    }

    /**
     * Ports openfile + addfile: open O_RDWR (or O_RDONLY), O_CREAT and O_DIRECT as {@code flags} (IO_* bits) ask;
     * a directory that refuses O_RDWR is opened again O_RDONLY, as xfs_io does, though the table keeps the flags
     * it was asked for. On failure perror(path) and return -1.
     */
    static int openAndAdd(IoShell sh, String path, int flags) {
        boolean create = (flags & OpenFile.IO_CREAT) != 0;
        boolean readOnly = (flags & OpenFile.IO_READONLY) != 0;
        boolean direct = (flags & OpenFile.IO_DIRECT) != 0;
        IoFile f;
        try {
            try {
                f = sh.target.open(path, create, readOnly, direct);
            } catch (IoException e) {
                if (e.errno() != Errno.EISDIR || readOnly) {
                    throw e;
                }
                f = sh.target.open(path, create, true, direct);
                readOnly = true;
            }
        } catch (IoException e) {
            sh.perror(path, e);
            return -1;
        }
        sh.addFile(new OpenFile(f, path, flags, !readOnly));
        return 0;
    }
}
