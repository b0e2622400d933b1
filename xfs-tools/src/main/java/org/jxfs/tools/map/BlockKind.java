// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.map;

/** What a block of the image holds, as the map colours it. */
public enum BlockKind {
    FREE("free", 0xffffff),
    HEADERS("AG headers (sb, AGF, AGI, AGFL)", 0x000000),
    FREE_SPACE_BTREE("free list, bnobt, cntbt", 0xd62728),
    INODE_BTREE("inobt, finobt", 0xff7f0e),
    REFCOUNT_BTREE("refcountbt", 0x9467bd),
    INODES("inode chunks", 0xc9a227),
    LOG("internal log", 0x555555),
    BMBT("bmbt blocks", 0x8c564b),
    DIRECTORY("directory blocks", 0x2ca02c),
    XATTR("xattr blocks", 0x17becf),
    DATA("written file data", 0x1f4fbf),
    UNWRITTEN("unwritten extents", 0x9ec5f5),
    HIGHLIGHT("the chosen file", 0xff1493),
    OTHER("in use, owner not found", 0x999999);

    final String label;
    final int rgb;

    BlockKind(String label, int rgb) {
        this.label = label;
        this.rgb = rgb;
    }
}
