// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU8;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u8;

/**
 * struct xlog_op_header (xfs_log_format.h): the 12-byte header of each operation in a log record. The first word
 * of every log sector is replaced by the record's cycle number on disk (the original is saved in the record
 * header's h_cycle_data), so oh_tid as read from disk is the cycle for the first op of a sector.
 */
public final class LogOpHeader {
    /** sizeof(struct xlog_op_header). */
    public static final int SIZE = 12;
    public static final int OFF_TID = 0, OFF_LEN = 4, OFF_CLIENTID = 8, OFF_FLAGS = 9, OFF_RES2 = 10;

    // oh_clientid
    public static final int TRANSACTION = 0x69, LOG = 0xaa;
    // oh_flags (XLOG_*_TRANS)
    public static final int START_TRANS = 0x01, COMMIT_TRANS = 0x02, CONTINUE_TRANS = 0x04, WAS_CONT_TRANS = 0x08,
            END_TRANS = 0x10, UNMOUNT_TRANS = 0x20;

    /** XLOG_UNMOUNT_TYPE: magic of struct xfs_unmount_log_format, stored in host (little-endian) order. */
    public static final int UNMOUNT_TYPE = 0x556e;
    /** sizeof(struct xfs_unmount_log_format): magic u16, pad1 u16, pad2 u32. */
    public static final int UNMOUNT_FORMAT_SIZE = 8;

    private final byte[] b;
    private final int base;

    public LogOpHeader(byte[] b, int base) {
        this.b = b;
        this.base = base;
    }

    public long tid() { return u32(b, base + OFF_TID); }
    public void setTid(long v) { putU32(b, base + OFF_TID, v); }
    public long len() { return u32(b, base + OFF_LEN); }
    public void setLen(long v) { putU32(b, base + OFF_LEN, v); }
    public int clientid() { return u8(b, base + OFF_CLIENTID); }
    public void setClientid(int v) { putU8(b, base + OFF_CLIENTID, v); }
    public int flags() { return u8(b, base + OFF_FLAGS); }
    public void setFlags(int v) { putU8(b, base + OFF_FLAGS, v); }
}
