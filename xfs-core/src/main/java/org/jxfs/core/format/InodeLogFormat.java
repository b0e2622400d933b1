// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.le16;
import static org.jxfs.core.format.BigEndian.le32;
import static org.jxfs.core.format.BigEndian.le64;
import static org.jxfs.core.format.BigEndian.putLe16;
import static org.jxfs.core.format.BigEndian.putLe32;
import static org.jxfs.core.format.BigEndian.putLe64;

/**
 * struct xfs_inode_log_format (xfs_log_format.h), host (little-endian) order: the format region of an inode log
 * item. The regions after it: the log dinode ({@link LogDinode}), then the data fork, then the attr fork, each only
 * when its field bit is set.
 */
public final class InodeLogFormat {
    public static final int SIZE = 56;
    public static final int OFF_TYPE = 0, OFF_SIZE = 2, OFF_FIELDS = 4, OFF_ASIZE = 8, OFF_DSIZE = 10, OFF_PAD = 12,
            OFF_INO = 16, OFF_U = 24, OFF_BLKNO = 40, OFF_LEN = 48, OFF_BOFFSET = 52;
    /** ilf_fields (XFS_ILOG_*). */
    public static final int CORE = 0x001, DDATA = 0x002, DEXT = 0x004, DBROOT = 0x008, DEV = 0x010, UUID = 0x020,
            ADATA = 0x040, AEXT = 0x080, ABROOT = 0x100, DOWNER = 0x200, AOWNER = 0x400;
    public static final int DFORK = DDATA | DEXT | DBROOT, AFORK = ADATA | AEXT | ABROOT;
    /** An attr-fork bit is its data-fork bit shifted left by this (ADATA = DDATA << 5). */
    public static final int ATTR_SHIFT = 5;

    private InodeLogFormat() {
    }

    /**
     * The format region: {@code regions} counts it, the core and each fork region; the cluster buffer that holds the
     * inode is {@code blkno}/{@code len} BB and the inode starts {@code boffset} bytes into it.
     */
    public static byte[] encode(int regions, int fields, int asize, int dsize, long ino, long rdev, long blkno,
            int len, int boffset) {
        byte[] b = new byte[SIZE];
        putLe16(b, OFF_TYPE, LogItemType.INODE);
        putLe16(b, OFF_SIZE, regions);
        putLe32(b, OFF_FIELDS, fields);
        putLe16(b, OFF_ASIZE, asize);
        putLe16(b, OFF_DSIZE, dsize);
        putLe64(b, OFF_INO, ino);
        putLe32(b, OFF_U, rdev);
        putLe64(b, OFF_BLKNO, blkno);
        putLe32(b, OFF_LEN, len);
        putLe32(b, OFF_BOFFSET, boffset);
        return b;
    }

    public static int size(byte[] b) { return le16(b, OFF_SIZE); }
    public static int fields(byte[] b) { return (int) le32(b, OFF_FIELDS); }
    public static int asize(byte[] b) { return le16(b, OFF_ASIZE); }
    public static int dsize(byte[] b) { return le16(b, OFF_DSIZE); }
    public static long ino(byte[] b) { return le64(b, OFF_INO); }
    public static long rdev(byte[] b) { return le32(b, OFF_U); }
    public static long blkno(byte[] b) { return le64(b, OFF_BLKNO); }
    public static int len(byte[] b) { return (int) le32(b, OFF_LEN); }
    public static int boffset(byte[] b) { return (int) le32(b, OFF_BOFFSET); }
}
