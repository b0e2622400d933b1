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
     * Ports open_f. jxfs honours -f/-c (O_CREAT), -m (its mode, less the umask), -r (O_RDONLY), -d (O_DIRECT),
     * -a (O_APPEND), -s (O_SYNC), -t (O_TRUNC), -n (O_NONBLOCK), -L (O_NOFOLLOW: ELOOP for a symbolic link),
     * -R/-x (the realtime flag, which an XFS without a realtime device refuses) and -F (ignored, as in xfs_io).
     * -T (O_TMPFILE) and -P (O_PATH) open files jxfs cannot make yet: once the arguments have been checked as
     * xfs_io checks them, they are refused with one line, and nothing is opened.
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
        int mode = 0600;
        boolean nofollow = false;
        boolean tmpfile = false;
        boolean pathOrNofollow = false;
        char unsupported = 0;
        Getopt g = sh.getopt(argv, "FLPRTacdfm:nrstx");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'F' -> {
                }
                case 'a' -> flags |= OpenFile.IO_APPEND;
                case 'c', 'f' -> flags |= OpenFile.IO_CREAT;
                case 'd' -> flags |= OpenFile.IO_DIRECT;
                case 'n' -> flags |= OpenFile.IO_NONBLOCK;
                case 'r' -> flags |= OpenFile.IO_READONLY;
                case 's' -> flags |= OpenFile.IO_OSYNC;
                case 't' -> flags |= OpenFile.IO_TRUNC;
                case 'R', 'x' -> flags |= OpenFile.IO_REALTIME;
                case 'm' -> {
                    Strtoul m = Strtoul.parse(g.optarg());
                    if (m.end() == 0) {
                        sh.out.print("non-numeric mode -- " + g.optarg() + "\n");
                        sh.setExitcode(1);
                        return 0;
                    }
                    mode = m.uint();
                }
                case 'T' -> {
                    tmpfile = true;
                    unsupported = unsupported == 0 ? 'T' : unsupported;
                }
                case 'L' -> {
                    pathOrNofollow = true;
                    nofollow = true;
                    flags |= OpenFile.IO_NOFOLLOW;
                }
                case 'P' -> {
                    pathOrNofollow = true;
                    unsupported = unsupported == 0 ? 'P' : unsupported;
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
        if (tmpfile && (flags & OpenFile.IO_READONLY) != 0) {
            sh.err.print("-T and -r options are incompatible\n");
            sh.setExitcode(1);
            return -1;
        }
        if (pathOrNofollow && ((flags & ~OpenFile.IO_NOFOLLOW) != 0 || tmpfile)) {
            sh.err.print("-P and -L are incompatible with the other options\n");
            sh.setExitcode(1);
            return -1;
        }
        if (unsupported != 0) {
            sh.err.print("open: -" + unsupported + " is not supported by jxfs yet\n");
            sh.setExitcode(1);
            return 0;
        }
        if (openAndAdd(sh, ops.get(0), flags, mode, nofollow) != 0) {
            sh.setExitcode(1);
        }
        return 0;
    }

    /** {@link #openAndAdd(IoShell, String, int, int, boolean)} with xfs_io's default mode 0600, following links. */
    static int openAndAdd(IoShell sh, String path, int flags) {
        return openAndAdd(sh, path, flags, 0600, false);
    }

    /**
     * Ports openfile + addfile: open O_RDWR (or O_RDONLY), O_CREAT and O_DIRECT as {@code flags} (IO_* bits) ask;
     * a directory that refuses O_RDWR is opened again O_RDONLY, as xfs_io does, though the table keeps the flags
     * it was asked for. O_TRUNC empties a file that existed (do_truncate at open, whatever the access mode); with
     * IO_REALTIME a file opened for writing then gets FS_XFLAG_REALTIME. A file O_CREAT makes gets {@code mode}
     * less the umask; with {@code nofollow} a symbolic link is ELOOP. On failure prints what xfs_io prints (perror
     * of the path, or of the ioctl) and returns -1.
     */
    static int openAndAdd(IoShell sh, String path, int flags, int mode, boolean nofollow) {
        int createMode = mode & ~Umask.get() & 07777;
        boolean create = (flags & OpenFile.IO_CREAT) != 0;
        boolean readOnly = (flags & OpenFile.IO_READONLY) != 0;
        boolean direct = (flags & OpenFile.IO_DIRECT) != 0;
        boolean trunc = (flags & OpenFile.IO_TRUNC) != 0;
        IoFile f;
        try {
            if (trunc) {
                truncateAtOpen(sh, path, direct);
            }
            try {
                f = sh.target.open(path, create, readOnly, direct, createMode);
            } catch (IoException e) {
                if (e.errno() != Errno.EISDIR || readOnly || trunc) {
                    throw e;
                }
                f = sh.target.open(path, create, true, direct, createMode);
                readOnly = true;
            }
            if (nofollow && (f.inode().mode() & IoInode.S_IFMT) == IoInode.S_IFLNK) {
                f.close();
                throw new IoException(Errno.ELOOP);
            }
        } catch (IoException e) {
            sh.perror(path, e);
            return -1;
        }
        if (!readOnly && (flags & OpenFile.IO_REALTIME) != 0 && setRealtime(sh, f) != 0) {
            return -1;
        }
        sh.addFile(new OpenFile(f, path, flags, !readOnly));
        return 0;
    }

    /**
     * O_TRUNC's do_truncate(0, ATTR_MTIME | ATTR_CTIME | ATTR_OPEN) of a file that already exists (a file O_CREAT
     * makes is not truncated), through a descriptor of its own so that it happens whatever the access mode asked.
     * A directory is EISDIR (may_open: O_TRUNC asks for write access); an append-only or immutable file EPERM.
     */
    private static void truncateAtOpen(IoShell sh, String path, boolean direct) throws IoException {
        IoFile t;
        try {
            t = sh.target.open(path, false, false, direct);
        } catch (IoException e) {
            if (e.errno() == Errno.ENOENT) {
                return;                     // O_CREAT makes it, or the real open reports ENOENT
            }
            throw e;
        }
        try {
            t.truncate(0);
        } finally {
            t.close();
        }
    }

    /** openfile's IO_REALTIME step: FS_IOC_FSGETXATTR, then FS_IOC_FSSETXATTR with FS_XFLAG_REALTIME added. */
    private static int setRealtime(IoShell sh, IoFile f) {
        try {
            int x;
            try {
                x = f.fsxflags();
            } catch (IoException e) {
                sh.perror("FS_IOC_FSGETXATTR", e);
                f.close();
                return -1;
            }
            if ((x & Xflags.FS_XFLAG_REALTIME) == 0) {
                try {
                    f.fssetxflags(x | Xflags.FS_XFLAG_REALTIME);
                } catch (IoException e) {
                    sh.perror("FS_IOC_FSSETXATTR", e);
                    f.close();
                    return -1;
                }
            }
            return 0;
        } catch (IoException e) {
            sh.perror("close", e);
            return -1;
        }
    }
}
