// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * The stat command of io/stat.c. Where each field comes from, in xfs_io and here:
 * <pre>
 * fd.path, fd.flags       xfs_io's file table                 -> the name given to open, -r
 * stat.ino                fstat st_ino                        -> IoInode.ino
 * stat.type               S_IFMT of st_mode                   -> IoInode.mode
 * stat.size               st_size (i_size)                    -> IoInode.size
 * stat.blocks             st_blocks = XFS_FSB_TO_BB(i_nblocks + i_delayed_blks)  -> IoInode.nblocks
 * stat.[amc]time (-v)     ctime(3) of st_[amc]time, local time -> IoInode.[amc]timeSec
 * fsxattr.xflags          FS_IOC_FSGETXATTR: xfs_ip2xflags     -> Xflags.fromInode(diflags, diflags2, attr fork)
 * fsxattr.projid          i_projid                             -> IoInode.projid
 * fsxattr.extsize         XFS_FSB_TO_B(i_extsize)              -> IoInode.extsize * blocksize
 * fsxattr.cowextsize      XFS_FSB_TO_B(i_cowextsize) if DIFLAG2_COWEXTSIZE, else 0
 * fsxattr.nextents        xfs_iext_count, delalloc included    -> IoInode.nextents
 * fsxattr.naextents       XFS_IOC_FSGETXATTRA: attr fork count -> IoInode.anextents
 * dioattr.mem, miniosz    XFS_IOC_DIOINFO: the device's logical sector size -> IoGeometry.logicalSectorSize
 *                         (regular files; 0 for anything else, which statx gives no DIO alignment)
 * dioattr.maxiosz         INT_MAX rounded down to miniosz (0 when miniosz is 0)
 * </pre>
 */
final class StatCommand {
    static final CmdInfo INFO = new CmdInfo("stat", null, StatCommand::stat, 0, 1,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "[-v|-r]", "statistics on the currently open file", null);

    private StatCommand() {
    }

    /** Ports stat_f; {@code -r} is dump_raw_stat. */
    static int stat(IoShell sh, List<String> argv) {
        boolean verbose = false;
        boolean raw = false;
        Getopt g = sh.getopt(argv, "rv");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            switch (c) {
                case 'r' -> raw = true;
                case 'v' -> verbose = true;
                default -> {
                    sh.setExitcode(1);
                    return sh.usage(INFO);
                }
            }
        }
        OpenFile f = sh.file();
        IoInode ip;
        IoStat st;
        try {
            ip = f.file().inode();
            st = raw ? f.file().stat() : null;
        } catch (IoException e) {
            sh.perror("fstat", e);
            sh.setExitcode(1);
            return 0;
        }
        if (raw) {
            sh.out.print(rawStat(st));
            return 0;
        }
        IoGeometry geo = f.file().geometry();
        StringBuilder o = new StringBuilder();
        o.append("fd.path = \"").append(f.name()).append("\"\n");
        o.append("fd.flags = ").append(f.modeWords()).append('\n');
        o.append("stat.ino = ").append(ip.ino()).append('\n');
        o.append("stat.type = ").append(filetype(ip.mode())).append('\n');
        o.append("stat.size = ").append(ip.size()).append('\n');
        o.append("stat.blocks = ").append(geo.fsbToBb(ip.nblocks())).append('\n');
        if (verbose) {
            o.append("stat.atime = ").append(ctime(ip.atimeSec()));
            o.append("stat.mtime = ").append(ctime(ip.mtimeSec()));
            o.append("stat.ctime = ").append(ctime(ip.ctimeSec()));
        }
        int xflags;
        try {
            xflags = f.file().fsxflags();
        } catch (IoException e) {
            xflags = Xflags.fromInode(ip);
        }
        o.append("fsxattr.xflags = 0x").append(Integer.toHexString(xflags)).append(' ');
        o.append(Xflags.format(xflags, verbose, false, f.name(), true, true));
        o.append("fsxattr.projid = ").append(ip.projid()).append('\n');
        o.append("fsxattr.extsize = ").append(ip.extsize() * geo.blocksize()).append('\n');
        long cow = (ip.diflags2() & IoInode.DIFLAG2_COWEXTSIZE) != 0 ? ip.cowextsize() * geo.blocksize() : 0;
        o.append("fsxattr.cowextsize = ").append(cow).append('\n');
        o.append("fsxattr.nextents = ").append(ip.nextents()).append('\n');
        o.append("fsxattr.naextents = ").append(ip.anextents()).append('\n');
        // XFS_IOC_DIOINFO reports statx's DIO alignment, which XFS fills in for regular files only
        int dio = (ip.mode() & IoInode.S_IFMT) == IoInode.S_IFREG ? geo.logicalSectorSize() : 0;
        o.append("dioattr.mem = 0x").append(Integer.toHexString(dio)).append('\n');
        o.append("dioattr.miniosz = ").append(dio).append('\n');
        o.append("dioattr.maxiosz = ").append(Integer.MAX_VALUE & ~(dio - 1)).append('\n');
        sh.out.print(o);
        return 0;
    }

    /** Ports dump_raw_stat. */
    static String rawStat(IoStat st) {
        return "stat.blksize = " + st.blksize() + "\n"
                + "stat.nlink = " + st.nlink() + "\n"
                + "stat.uid = " + st.uid() + "\n"
                + "stat.gid = " + st.gid() + "\n"
                + "stat.mode: 0" + Integer.toOctalString(st.mode()) + "\n"
                + "stat.ino = " + st.ino() + "\n"
                + "stat.size = " + st.size() + "\n"
                + "stat.blocks = " + st.blocks() + "\n"
                + "stat.atime.tv_sec = " + st.atimeSec() + "\n"
                + "stat.atime.tv_nsec = " + st.atimeNsec() + "\n"
                + "stat.ctime.tv_sec = " + st.ctimeSec() + "\n"
                + "stat.ctime.tv_nsec = " + st.ctimeNsec() + "\n"
                + "stat.mtime.tv_sec = " + st.mtimeSec() + "\n"
                + "stat.mtime.tv_nsec = " + st.mtimeNsec() + "\n"
                + "stat.rdev_major = " + st.rdevMajor() + "\n"
                + "stat.rdev_minor = " + st.rdevMinor() + "\n"
                + "stat.dev_major = " + st.devMajor() + "\n"
                + "stat.dev_minor = " + st.devMinor() + "\n";
    }

    /** Ports filetype(); xfs_io prints "(null)" for a type it does not know. */
    static String filetype(int mode) {
        return switch (mode & IoInode.S_IFMT) {
            case 0140000 -> "socket";
            case 0040000 -> "directory";
            case 0020000 -> "char device";
            case 0060000 -> "block device";
            case 0100000 -> "regular file";
            case 0120000 -> "symbolic link";
            case 0010000 -> "fifo";
            default -> "(null)";
        };
    }

    /** ctime(3): "Wed Jun 30 21:49:08 1993\n" in the local time zone. */
    static String ctime(long sec) {
        ZonedDateTime t = Instant.ofEpochSecond(sec).atZone(ZoneId.systemDefault());
        return String.format(Locale.ROOT, "%s %s%3d %02d:%02d:%02d %d\n",
                t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US),
                t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US), t.getDayOfMonth(), t.getHour(),
                t.getMinute(), t.getSecond(), t.getYear());
    }
}
