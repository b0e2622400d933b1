// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/** The FS_XFLAG_* view of an inode's flags (what FS_IOC_FSGETXATTR returns) and xfs_io's way of printing it. */
final class Xflags {
    static final int FS_XFLAG_REALTIME = 0x1;
    static final int FS_XFLAG_DAX = 0x8000;
    static final int FS_XFLAG_COWEXTSIZE = 0x10000;
    static final int FS_XFLAG_HASATTR = 0x80000000;

    /** io/attr.c's xflags[] table, in its order. */
    private static final int[] FLAGS = {0x1, 0x2, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x200, 0x400, 0x800,
            0x1000, 0x2000, 0x4000, FS_XFLAG_DAX, FS_XFLAG_COWEXTSIZE, FS_XFLAG_HASATTR};
    private static final String[] SHORT = {"r", "p", "i", "a", "s", "A", "d", "t", "P", "n", "e", "E", "f", "S",
            "x", "C", "X"};
    private static final String[] LONG = {"realtime", "prealloc", "immutable", "append-only", "sync", "no-atime",
            "no-dump", "rt-inherit", "proj-inherit", "nosymlinks", "extsize", "extsz-inherit", "no-defrag",
            "filestream", "dax", "cowextsize", "has-xattr"};
    /** XFS_DIFLAG_* bits that have the same value as their FS_XFLAG_* (all but NEWRTBM, 0x4). */
    private static final int DIFLAGS_SAME = 0x1 | 0x2 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400
            | 0x800 | 0x1000 | 0x2000 | 0x4000;

    private Xflags() {
    }

    /**
     * The flag whose short name is {@code c}, as chattr_f finds it (strncmp of one character against the table,
     * so p and X, which chattr cannot really change, are found too); 0 for a letter not in the table.
     */
    static int byShortName(char c) {
        for (int i = 0; i < FLAGS.length; i++) {
            if (SHORT[i].charAt(0) == c) {
                return FLAGS[i];
            }
        }
        return 0;
    }

    /** Ports xfs_ip2xflags. */
    static int fromInode(IoInode ip) {
        int flags = ip.diflags() & DIFLAGS_SAME;
        if ((ip.diflags2() & IoInode.DIFLAG2_DAX) != 0) {
            flags |= FS_XFLAG_DAX;
        }
        if ((ip.diflags2() & IoInode.DIFLAG2_COWEXTSIZE) != 0) {
            flags |= FS_XFLAG_COWEXTSIZE;
        }
        if (ip.hasAttrFork()) {
            flags |= FS_XFLAG_HASATTR;
        }
        return flags;
    }

    /** Ports printxattr: "[-p--...]" or, verbose, "[prealloc, has-xattr]". */
    static String format(int flags, boolean verbose, boolean dofname, String fname, boolean dobraces,
                         boolean doeol) {
        StringBuilder sb = new StringBuilder();
        if (dobraces) {
            sb.append('[');
        }
        boolean first = true;
        for (int i = 0; i < FLAGS.length; i++) {
            if ((flags & FLAGS[i]) != 0) {
                if (verbose) {
                    if (!first) {
                        sb.append(", ");
                    }
                    first = false;
                    sb.append(LONG[i]);
                } else {
                    sb.append(SHORT[i]);
                }
            } else if (!verbose) {
                sb.append('-');
            }
        }
        if (dobraces) {
            sb.append(']');
        }
        if (dofname) {
            sb.append(' ').append(fname).append(' ');
        }
        if (doeol) {
            sb.append('\n');
        }
        return sb.toString();
    }
}
