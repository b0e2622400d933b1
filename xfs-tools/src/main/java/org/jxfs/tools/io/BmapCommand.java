// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import org.jxfs.core.libfrog.Convert;
import java.util.List;

/** io/bmap.c: the block map of the current file, in 512-byte units. */
final class BmapCommand {
    static final String HELP = "\n"
            + " prints the block mapping for an XFS file's data or attribute forks"
            + "\n"
            + " Example:\n"
            + " 'bmap -vp' - tabular format verbose map, including unwritten extents\n"
            + "\n"
            + " bmap prints the map of disk blocks used by the current file.\n"
            + " The map lists each extent used by the file, as well as regions in the\n"
            + " file that do not have any corresponding blocks (holes).\n"
            + " By default, each line of the listing takes the following form:\n"
            + "     extent: [startoffset..endoffset]: startblock..endblock\n"
            + " Holes are marked by replacing the startblock..endblock with 'hole'.\n"
            + " All the file offsets and disk blocks are in units of 512-byte blocks.\n"
            + " -a -- prints the attribute fork map instead of the data fork.\n"
            + " -c -- prints the copy-on-write fork map instead of the data fork.\n"
            + "       This works only if the kernel was compiled in debug mode.\n"
            + " -e -- print delayed allocation extents.\n"
            + " -l -- also displays the length of each extent in 512-byte blocks.\n"
            + " -n -- query n extents.\n"
            + " -p -- obtain all unwritten extents as well (w/ -v show which are unwritten.)\n"
            + " -v -- Verbose information, specify ag info.  Show flags legend on 2nd -v\n"
            + " Note: the bmap for non-regular files can be obtained provided the file\n"
            + " was opened appropriately (in particular, must be opened read-only).\n"
            + "\n";
    static final CmdInfo INFO = new CmdInfo("bmap", null, BmapCommand::bmap, 0, -1, CmdInfo.CMD_NOMAP_OK,
            "[-acelpv] [-n nx]", "print block mapping for an XFS file", HELP);

    /** sizeof(struct getbmapx), for the malloc failure message. */
    private static final int GETBMAPX_SIZE = 48;

    private BmapCommand() {
    }

    /** Ports bmap_f. */
    static int bmap(IoShell sh, List<String> argv) {
        int iflags = 0;
        boolean aflag = false;
        boolean cflag = false;
        boolean lflag = false;
        int nflag = 0;
        boolean pflag = false;
        int vflag = 0;
        Getopt g = sh.getopt(argv, "aceln:pv");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'a' -> {
                    iflags |= Getbmap.BMV_IF_ATTRFORK;
                    aflag = true;
                }
                case 'c' -> {
                    iflags |= Getbmap.BMV_IF_COWFORK | Getbmap.BMV_IF_DELALLOC;
                    cflag = true;
                }
                case 'e' -> iflags |= Getbmap.BMV_IF_DELALLOC;
                case 'l' -> lflag = true;
                case 'n' -> nflag = Convert.atoi(g.optarg());
                case 'p' -> {
                    pflag = true;
                    iflags |= Getbmap.BMV_IF_PREALLOC;
                }
                case 'v' -> vflag++;
                default -> {
                    return sh.usage(INFO);
                }
            }
        }
        if (aflag || cflag) {
            iflags &= ~Getbmap.BMV_IF_PREALLOC;
        }
        OpenFile f = sh.file();
        IoFile io = f.file();
        boolean isRt = false;
        if (vflag != 0) {
            try {
                isRt = Xflags.fromInode(io.inode()) == Xflags.FS_XFLAG_REALTIME;
            } catch (IoException e) {
                sh.err.print(IoShell.PROGNAME + ": cannot read attrs on \"" + f.name() + "\": "
                        + e.errno().message() + "\n");
                sh.setExitcode(1);
                return 0;
            }
        }
        int mapSize = nflag != 0 ? nflag + 2 : 32;
        if (mapSize < 0) {
            sh.err.print(IoShell.PROGNAME + ": malloc of " + mapSize * GETBMAPX_SIZE + " bytes failed.\n");
            sh.setExitcode(1);
            return 0;
        }
        List<Getbmap.Entry> map = List.of();
        for (int loop = 0; loop < 2; loop++) {
            try {
                map = Getbmap.getbmap(io, iflags, mapSize);
            } catch (IoException e) {
                if (e.errno() == Errno.EINVAL && !aflag && fileSize(io) == 0) {
                    map = List.of();
                    break;
                }
                sh.err.print(IoShell.PROGNAME + ": xfsctl(XFS_IOC_GETBMAPX) iflags=0x" + Integer.toHexString(iflags)
                        + " [\"" + f.name() + "\"]: " + e.errno().message() + "\n");
                sh.setExitcode(1);
                return 0;
            }
            if (nflag != 0 || map.size() < mapSize - 1) {
                break;
            }
            // FS_IOC_FSGETXATTR[A]'s extent count sizes the second try
            long nextents;
            try {
                nextents = aflag ? io.inode().anextents() : io.inode().nextents();
            } catch (IoException e) {
                sh.err.print(IoShell.PROGNAME + ": xfsctl(FS_IOC_FSGETXATTR" + (aflag ? "A" : "") + ") [\""
                        + f.name() + "\"]: " + e.errno().message() + "\n");
                sh.setExitcode(1);
                return 0;
            }
            if (2 * nextents > mapSize) {
                mapSize = (int) (2 * nextents + 1);
            }
        }
        if (nflag == 0 && map.isEmpty()) {
            sh.out.print(f.name() + ": no extents\n");
            return 0;
        }
        int egcnt = nflag != 0 ? Math.min(nflag, map.size()) : map.size();
        StringBuilder o = new StringBuilder();
        o.append(f.name()).append(":\n");
        if (vflag == 0) {
            BmapFormat.plain(o, map, egcnt, lflag);
        } else {
            BmapFormat.verbose(o, map, egcnt, io.geometry(), isRt, pflag, vflag);
        }
        sh.out.print(o);
        return 0;
    }

    private static long fileSize(IoFile io) {
        try {
            return io.inode().size();
        } catch (IoException e) {
            return -1;
        }
    }
}
