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
     * Ports open_f for the flags jxfs supports: -f/-c (O_CREAT), -r (O_RDONLY), -F (ignored, as in xfs_io).
     * The others (-a -d -m -n -s -t -R -x -T -P -L) change how the file is opened in ways jxfs cannot honour yet:
     * they are refused with one line, and nothing is opened.
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
        boolean create = false;
        boolean readOnly = false;
        Getopt g = sh.getopt(argv, "FLPRTacdfm:nrstx");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'F' -> {
                }
                case 'c', 'f' -> create = true;
                case 'r' -> readOnly = true;
                case 'a', 'd', 'm', 'n', 's', 't', 'R', 'x', 'T', 'P', 'L' -> {
                    sh.err.print("open: -" + (char) c + " is not supported by jxfs yet\n");
                    sh.setExitcode(1);
                    return 0;
                }
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
        if (openAndAdd(sh, ops.get(0), create, readOnly) != 0) {
            sh.setExitcode(1);
        }
        return 0;
    }

    /**
     * Ports openfile + addfile: open O_RDWR (or O_RDONLY), retrying a directory read-only as xfs_io does;
     * on failure perror(path) and return -1.
     */
    static int openAndAdd(IoShell sh, String path, boolean create, boolean readOnly) {
        IoFile f;
        try {
            try {
                f = sh.target.open(path, create, readOnly);
            } catch (IoException e) {
                if (e.errno() != Errno.EISDIR || readOnly) {
                    throw e;
                }
                f = sh.target.open(path, create, true);
                readOnly = true;
            }
        } catch (IoException e) {
            sh.perror(path, e);
            return -1;
        }
        sh.addFile(new OpenFile(f, path, readOnly));
        return 0;
    }
}
