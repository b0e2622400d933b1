// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/**
 * The inode core fields that {@code stat} and {@code bmap} read (struct xfs_inode / xfs_dinode), in their on-disk
 * units: {@code nblocks} (the blocks allocated and reserved by delayed allocations, as st_blocks counts them) and
 * the extent size hints in filesystem blocks, {@code diflags}/{@code diflags2} the raw XFS_DIFLAG_* and
 * XFS_DIFLAG2_* bits, times in seconds since the epoch. {@code nextents}/{@code anextents} are the number of records
 * in the data fork (in core, delayed allocations included, as FS_IOC_FSGETXATTR counts them) and attribute fork; {@code hasAttrFork} is true when the inode has an attribute
 * fork at all (forkoff != 0), even an empty one.
 */
public record IoInode(long ino, int mode, long size, long nblocks, int diflags, long diflags2, long projid,
                      long extsize, long cowextsize, long nextents, long anextents, boolean hasAttrFork,
                      long atimeSec, long mtimeSec, long ctimeSec) {
    public static final int DIFLAG_REALTIME = 0x1;
    public static final int DIFLAG_PREALLOC = 0x2;
    public static final int DIFLAG_APPEND = 0x10;
    public static final int DIFLAG_EXTSIZE = 0x800;
    public static final long DIFLAG2_DAX = 0x1;
    public static final long DIFLAG2_COWEXTSIZE = 0x4;

    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFLNK = 0120000;
}
