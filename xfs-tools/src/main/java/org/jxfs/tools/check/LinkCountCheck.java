// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import java.util.List;
import java.util.Map;

/**
 * Phase 7 of xfs_repair (phase7.c): every reachable inode's di_nlink against the references phase 6 counted; a
 * directory has one from its parent's entry, its own '.', and one '..' per subdirectory; the superblock's metadata
 * inodes have one.
 */
final class LinkCountCheck {
    private LinkCountCheck() {
    }

    static void check(CheckContext c, Map<Long, InodeInfo> table, DirCheck dirs) {
        Map<Long, List<Long>> children = dirs.children();
        for (InodeInfo ip : table.values()) {
            long expect;
            if (dirs.isMetadataInode(ip.ino)) {
                expect = 1;
            } else if (!ip.reached) {
                continue;
            } else if (ip.isDir()) {
                long subdirs = children.getOrDefault(ip.ino, List.of()).stream()
                        .filter(k -> table.containsKey(k) && table.get(k).isDir()).count();
                expect = 2 + subdirs;
            } else {
                expect = ip.refs;
            }
            if (ip.nlink != expect) {
                c.findings.add("xfs_inode", c.inoWhere(ip.ino), "di_nlink " + ip.nlink + ", counted " + expect);
            }
        }
    }
}
