// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import java.util.List;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.format.Dinode;

/**
 * What phase 3 keeps of an in-use inode for the directory and link-count phases (xfs_repair's ino_tree_node
 * bits): its mode, di_nlink, and for a directory either its short-form fork bytes or its data-fork mapping.
 */
final class InodeInfo {
    final long ino;
    final int mode;
    final long nlink;
    final long size;
    /** A directory's short-form fork (LOCAL format), else null. */
    final byte[] localFork;
    /** A directory's data-fork mapping (EXTENTS or BTREE format), else null. */
    final List<BmbtIrec> maps;
    /** References found by phase 6: directory entries naming this inode (and '..' entries of child directories). */
    long refs;
    /** A directory's parent as the entry that names it says; -1 until one is found. */
    long parent = -1;
    /** The '..' the directory itself holds; -1 when it could not be read. */
    long dotdot = -1;
    boolean reached;

    InodeInfo(long ino, int mode, long nlink, long size, byte[] localFork, List<BmbtIrec> maps) {
        this.ino = ino;
        this.mode = mode;
        this.nlink = nlink;
        this.size = size;
        this.localFork = localFork;
        this.maps = maps;
    }

    boolean isDir() {
        return (mode & Dinode.S_IFMT) == Dinode.S_IFDIR;
    }
}
