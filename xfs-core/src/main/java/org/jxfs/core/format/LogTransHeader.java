// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.le32;
import static org.jxfs.core.format.BigEndian.putLe32;

/**
 * struct xfs_trans_header (xfs_log_format.h): the second op of every log transaction, in host (little-endian) order.
 * Recovery checks only the magic; th_num_items is what {@code xfs_logprint -t} prints as "#items".
 */
public final class LogTransHeader {
    /** XFS_TRANS_HEADER_MAGIC ('TRAN'). */
    public static final long MAGIC = 0x5452414eL;
    /** XFS_TRANS_CHECKPOINT: the type every CIL checkpoint carries. */
    public static final int TYPE_CHECKPOINT = 40;
    /** sizeof(struct xfs_trans_header). */
    public static final int SIZE = 16;
    public static final int OFF_MAGIC = 0, OFF_TYPE = 4, OFF_TID = 8, OFF_NUM_ITEMS = 12;

    private LogTransHeader() {
    }

    /** The header of a checkpoint with {@code numItems} region ops after it. */
    public static byte[] encode(long tid, int numItems) {
        byte[] b = new byte[SIZE];
        putLe32(b, OFF_MAGIC, MAGIC);
        putLe32(b, OFF_TYPE, TYPE_CHECKPOINT);
        putLe32(b, OFF_TID, tid);
        putLe32(b, OFF_NUM_ITEMS, numItems);
        return b;
    }

    public static long magic(byte[] b, int off) {
        return le32(b, off + OFF_MAGIC);
    }

    public static long numItems(byte[] b, int off) {
        return le32(b, off + OFF_NUM_ITEMS);
    }
}
