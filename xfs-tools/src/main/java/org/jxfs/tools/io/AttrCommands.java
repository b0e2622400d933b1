// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/**
 * io/attr.c: lsattr and chattr, the FS_IOC_FSGETXATTR / FS_IOC_FSSETXATTR flags of the current file. -R and -D
 * walk a directory tree with nftw; on a file that is not a directory the walk is the file alone, which jxfs io
 * does too. Walking a directory inside the image is not in jxfs yet.
 */
final class AttrCommands {
    static final String LSATTR_HELP = "\n"
            + " displays the set of extended inode flags associated with the current file\n"
            + "\n"
            + " Each individual flag is displayed as a single character, in this order:\n"
            + " r -- file data is stored in the realtime section\n"
            + " p -- file has preallocated extents (cannot be changed using chattr)\n"
            + " i -- immutable, file cannot be modified\n"
            + " a -- append-only, file can only be appended to\n"
            + " s -- all updates are synchronous\n"
            + " A -- the access time is not updated for this inode\n"
            + " d -- do not include this file in a dump of the filesystem\n"
            + " t -- child created in this directory has realtime bit set by default\n"
            + " P -- child created in this directory has parents project ID by default\n"
            + " n -- symbolic links cannot be created in this directory\n"
            + " e -- for non-realtime files, observe the inode extent size value\n"
            + " E -- children created in this directory inherit the extent size value\n"
            + " f -- do not include this file when defragmenting the filesystem\n"
            + " S -- enable filestreams allocator for this directory\n"
            + " x -- Use direct access (DAX) for data in this file\n"
            + " C -- for files with shared blocks, observe the inode CoW extent size value\n"
            + " X -- file has extended attributes (cannot be changed using chattr)\n"
            + "\n"
            + " Options:\n"
            + " -R -- recursively descend (useful when current file is a directory)\n"
            + " -D -- recursively descend, but only list attributes on directories\n"
            + " -a -- show all flags which can be set alongside those which are set\n"
            + " -v -- verbose mode; show long names of flags, not single characters\n"
            + "\n";
    static final String CHATTR_HELP = "\n"
            + " modifies the set of extended inode flags associated with the current file\n"
            + "\n"
            + " Examples:\n"
            + " 'chattr +a' - sets the append-only flag\n"
            + " 'chattr -a' - clears the append-only flag\n"
            + "\n"
            + " -R -- recursively descend (useful when current file is a directory)\n"
            + " -D -- recursively descend, only modifying attributes on directories\n"
            + " +/-r -- set/clear the realtime flag\n"
            + " +/-i -- set/clear the immutable flag\n"
            + " +/-a -- set/clear the append-only flag\n"
            + " +/-s -- set/clear the sync flag\n"
            + " +/-A -- set/clear the no-atime flag\n"
            + " +/-d -- set/clear the no-dump flag\n"
            + " +/-t -- set/clear the realtime inheritance flag\n"
            + " +/-P -- set/clear the project ID inheritance flag\n"
            + " +/-n -- set/clear the no-symbolic-links flag\n"
            + " +/-e -- set/clear the extent-size flag\n"
            + " +/-E -- set/clear the extent-size inheritance flag\n"
            + " +/-f -- set/clear the no-defrag flag\n"
            + " +/-S -- set/clear the filestreams allocator flag\n"
            + " +/-x -- set/clear the direct access (DAX) flag\n"
            + " +/-C -- set/clear the CoW extent-size flag\n"
            + " Note1: user must have certain capabilities to modify immutable/append-only.\n"
            + " Note2: immutable/append-only files cannot be deleted; removing these files\n"
            + "        requires the immutable/append-only flag to be cleared first.\n"
            + " Note3: the realtime flag can only be set if the filesystem has a realtime\n"
            + "        section, and the (regular) file must be empty when the flag is set.\n"
            + "\n";
    /** CHATTR_XFLAG_LIST: the letters chattr's usage offers (all but p and X). */
    static final String CHATTR_XFLAG_LIST = "riasAdtPneEfSxC";
    static final CmdInfo CHATTR = new CmdInfo("chattr", null, AttrCommands::chattr, 1, -1,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "[-R|-D] [+/-" + CHATTR_XFLAG_LIST + "]",
            "change extended inode flags on the currently open file", CHATTR_HELP);
    static final CmdInfo LSATTR = new CmdInfo("lsattr", null, AttrCommands::lsattr, 0, 1,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "[-R|-D|-a|-v]",
            "list extended inode flags set on the currently open file", LSATTR_HELP);

    private AttrCommands() {
    }

    /** Ports lsattr_f. */
    static int lsattr(IoShell sh, List<String> argv) {
        String name = sh.file().name();
        boolean recurseAll = false, recurseDir = false, aflag = false, vflag = false;
        Getopt g = sh.getopt(argv, "DRav");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'D' -> recurseDir = true;
                case 'R' -> recurseAll = true;
                case 'a' -> aflag = true;
                case 'v' -> vflag = true;
                default -> {
                    sh.setExitcode(1);
                    return sh.usage(LSATTR);
                }
            }
        }
        IoFile f = sh.file().file();
        if (recurseAll || recurseDir) {
            // nftw(name, lsattr_callback): for a file that is not a directory, the callback on the file alone
            if (!walkable(sh, "lsattr", f)) {
                return 0;
            }
            if (recurseDir) {
                return 0;
            }
            try {
                sh.out.print(Xflags.format(f.fsxflags(), false, true, name, false, true));
            } catch (IoException e) {
                cannot(sh, "get", name, e);
            }
            return 0;
        }
        int xflags;
        try {
            xflags = f.fsxflags();
        } catch (IoException e) {
            cannot(sh, "get", name, e);
            return 0;
        }
        StringBuilder o = new StringBuilder(Xflags.format(xflags, vflag, !aflag, name, vflag, !aflag));
        if (aflag) {
            o.append('/').append(Xflags.format(-1, false, true, name, false, true));
        }
        sh.out.print(o);
        return 0;
    }

    /** Ports chattr_f: +LETTERS sets, -LETTERS clears, then one get, change and set of the flags. */
    static int chattr(IoShell sh, List<String> argv) {
        String name = sh.file().name();
        int orflags = 0, andflags = 0;
        boolean recurseAll = false, recurseDir = false;
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.startsWith("-R")) {
                recurseAll = true;
            } else if (a.startsWith("-D")) {
                recurseDir = true;
            } else if (a.charAt(0) == '+' || a.charAt(0) == '-') {
                for (int k = 1; k < a.length(); k++) {
                    int flag = Xflags.byShortName(a.charAt(k));
                    if (flag == 0) {
                        sh.err.print(IoShell.PROGNAME + ": unknown flag\n");
                        sh.setExitcode(1);
                        return 0;
                    }
                    if (a.charAt(0) == '+') {
                        orflags |= flag;
                    } else {
                        andflags |= flag;
                    }
                }
            } else {
                sh.err.print(IoShell.PROGNAME + ": bad chattr command, not +/-X\n");
                sh.setExitcode(1);
                return 0;
            }
        }
        if (recurseAll && recurseDir) {
            sh.err.print(IoShell.PROGNAME + ": -R and -D options are mutually exclusive\n");
            sh.setExitcode(1);
            return 0;
        }
        IoFile f = sh.file().file();
        if (recurseAll || recurseDir) {
            // nftw(name, chattr_callback): for a file that is not a directory, -D skips it and -R changes it
            if (!walkable(sh, "chattr", f) || recurseDir) {
                return 0;
            }
        }
        int xflags;
        try {
            xflags = f.fsxflags();
        } catch (IoException e) {
            cannot(sh, "get", name, e);
            return 0;
        }
        try {
            f.fssetxflags((xflags | orflags) & ~andflags);
        } catch (IoException e) {
            cannot(sh, "set", name, e);
        }
        return 0;
    }

    /** "xfs_io: cannot get flags on NAME: strerror", and the exit code. */
    private static void cannot(IoShell sh, String what, String name, IoException e) {
        sh.err.print(IoShell.PROGNAME + ": cannot " + what + " flags on " + name + ": " + e.errno().message() + "\n");
        sh.setExitcode(1);
    }

    /** Whether nftw over the current file is the file alone; a directory's walk is refused with one line. */
    private static boolean walkable(IoShell sh, String cmd, IoFile f) {
        int mode;
        try {
            mode = f.inode().mode();
        } catch (IoException e) {
            sh.perror(cmd, e);
            sh.setExitcode(1);
            return false;
        }
        if ((mode & IoInode.S_IFMT) == IoInode.S_IFDIR) {
            sh.err.print(cmd + ": -R and -D on a directory are not supported by jxfs yet\n");
            sh.setExitcode(1);
            return false;
        }
        return true;
    }
}
