// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.le16;
import static org.jxfs.core.format.BigEndian.putLe16;
import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.u32;

/**
 * struct xfs_icreate_log (xfs_log_format.h): a new inode chunk, logged instead of its buffers. Type and size are host
 * (little-endian) order, the rest big-endian. Recovery re-initialises the whole chunk from it (xfs_ialloc_inode_init).
 */
public final class IcreateLogFormat {
    public static final int SIZE = 28;
    public static final int OFF_TYPE = 0, OFF_SIZE = 2, OFF_AGNO = 4, OFF_AGBNO = 8, OFF_COUNT = 12, OFF_ISIZE = 16,
            OFF_LENGTH = 20, OFF_GEN = 24;

    private IcreateLogFormat() {
    }

    public static byte[] encode(long agno, long agbno, long count, long isize, long length, long gen) {
        byte[] b = new byte[SIZE];
        putLe16(b, OFF_TYPE, LogItemType.ICREATE);
        putLe16(b, OFF_SIZE, 1);
        putU32(b, OFF_AGNO, agno);
        putU32(b, OFF_AGBNO, agbno);
        putU32(b, OFF_COUNT, count);
        putU32(b, OFF_ISIZE, isize);
        putU32(b, OFF_LENGTH, length);
        putU32(b, OFF_GEN, gen);
        return b;
    }

    public static int size(byte[] b) { return le16(b, OFF_SIZE); }
    public static long agno(byte[] b) { return u32(b, OFF_AGNO); }
    public static long agbno(byte[] b) { return u32(b, OFF_AGBNO); }
    public static long count(byte[] b) { return u32(b, OFF_COUNT); }
    public static long isize(byte[] b) { return u32(b, OFF_ISIZE); }
    public static long length(byte[] b) { return u32(b, OFF_LENGTH); }
    public static long gen(byte[] b) { return u32(b, OFF_GEN); }
}
