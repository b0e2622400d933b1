// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;

import java.util.Arrays;

/**
 * struct xlog_rec_header (xfs_log_format.h): the sector that starts every log record. An LSN is
 * {@code cycle << 32 | block} with the block counted in 512-byte sectors from the log's start. mkfs writes what
 * libxfs_log_clear writes (a clean log whose head is one unmount record); {@link org.jxfs.core.log.Xlog} writes
 * records of transactions and unmount records, {@link org.jxfs.core.log.LogScan} reads them back.
 */
public final class LogRecHeader {
    /** XLOG_HEADER_MAGIC_NUM. */
    public static final int HEADER_MAGIC = 0xfeedbabe;
    /** XLOG_VERSION_2. */
    public static final int VERSION_2 = 2;
    /** XLOG_FMT_LINUX_LE. */
    public static final int FMT_LINUX_LE = 1;
    /** XLOG_HEADER_CYCLE_SIZE: h_size of a v2 log. */
    public static final int HEADER_CYCLE_SIZE = 32 * 1024;
    /** XLOG_INIT_CYCLE. */
    public static final int INIT_CYCLE = 1;
    /** XLOG_HEADER_SIZE: bytes of a record header sector. */
    public static final int HEADER_SIZE = 512;
    /** sizeof(struct xlog_rec_header). */
    public static final int SIZE = 328;
    /** Entries of h_cycle_data (XLOG_HEADER_CYCLE_SIZE / BBSIZE). */
    public static final int CYCLE_DATA_WORDS = 64;
    /** The transaction id libxfs_log_clear gives the unmount record; saved in h_cycle_data[0]. */
    public static final long CLEAR_TID = 0xb0c0d0d0L;

    public static final int OFF_MAGICNO = 0, OFF_CYCLE = 4, OFF_VERSION = 8, OFF_LEN = 12, OFF_LSN = 16,
            OFF_TAIL_LSN = 24, OFF_CRC = 32, OFF_PREV_BLOCK = 36, OFF_NUM_LOGOPS = 40, OFF_CYCLE_DATA = 44,
            OFF_FMT = 300, OFF_FS_UUID = 304, OFF_SIZE = 320;

    private final byte[] b;
    private final int base;

    public LogRecHeader(byte[] b, int base) {
        this.b = b;
        this.base = base;
    }

    public long magicno() { return u32(b, base + OFF_MAGICNO); }
    public void setMagicno(long v) { putU32(b, base + OFF_MAGICNO, v); }
    public long cycle() { return u32(b, base + OFF_CYCLE); }
    public void setCycle(long v) { putU32(b, base + OFF_CYCLE, v); }
    public long version() { return u32(b, base + OFF_VERSION); }
    public void setVersion(long v) { putU32(b, base + OFF_VERSION, v); }
    public long len() { return u32(b, base + OFF_LEN); }
    public void setLen(long v) { putU32(b, base + OFF_LEN, v); }
    public long lsn() { return u64(b, base + OFF_LSN); }
    public void setLsn(long v) { putU64(b, base + OFF_LSN, v); }
    public long tailLsn() { return u64(b, base + OFF_TAIL_LSN); }
    public void setTailLsn(long v) { putU64(b, base + OFF_TAIL_LSN, v); }
    /** h_crc is little-endian like every other CRC. */
    public long crc() { return BigEndian.le32(b, base + OFF_CRC); }
    public void setCrc(long v) { BigEndian.putLe32(b, base + OFF_CRC, v); }
    public long prevBlock() { return u32(b, base + OFF_PREV_BLOCK); }
    public void setPrevBlock(long v) { putU32(b, base + OFF_PREV_BLOCK, v); }
    public long numLogops() { return u32(b, base + OFF_NUM_LOGOPS); }
    public void setNumLogops(long v) { putU32(b, base + OFF_NUM_LOGOPS, v); }
    /** h_cycle_data[i]: the first word of the record's i-th data sector, displaced by the cycle stamp. */
    public long cycleData(int i) { return u32(b, base + OFF_CYCLE_DATA + 4 * i); }
    public void setCycleData(int i, long v) { putU32(b, base + OFF_CYCLE_DATA + 4 * i, v); }
    public long fmt() { return u32(b, base + OFF_FMT); }
    public void setFmt(long v) { putU32(b, base + OFF_FMT, v); }
    public byte[] fsUuid() { return Arrays.copyOfRange(b, base + OFF_FS_UUID, base + OFF_FS_UUID + 16); }
    public void setFsUuid(byte[] u) { System.arraycopy(u, 0, b, base + OFF_FS_UUID, 16); }
    public long size() { return u32(b, base + OFF_SIZE); }
    public void setSize(long v) { putU32(b, base + OFF_SIZE, v); }

    /** xlog_assign_lsn. */
    public static long lsn(long cycle, long block) {
        return (cycle << 32) | (block & 0xffffffffL);
    }

    /**
     * Ports the first two sectors of libxfs_log_clear (for a log whose head is at its start): sector 0 a record
     * header (cycle, lsn and tail lsn {@code (cycle, 0)}, one op, h_crc 0 as mkfs leaves it), sector 1 the unmount
     * record, whose first word carries the cycle and whose tid is saved in h_cycle_data[0]. Clears both sectors
     * first; the caller zeroes the rest of the log.
     */
    /**
     * The fields every record header jxfs writes shares (xlog_add_record's set): magic, cycle, version 2, LSN, tail
     * LSN, format and filesystem UUID. The caller sets length, ops, prev block, size and CRC as its record needs.
     */
    public void init(long cycle, long lsn, long tailLsn, byte[] uuid) {
        setMagicno(HEADER_MAGIC & 0xffffffffL);
        setCycle(cycle);
        setVersion(VERSION_2);
        setLsn(lsn);
        setTailLsn(tailLsn);
        setFmt(FMT_LINUX_LE);
        setFsUuid(uuid);
    }

    public static void writeCleanLog(byte[] twoSectors, int off, byte[] uuid, int cycle) {
        if (cycle < INIT_CYCLE) {
            throw new IllegalArgumentException("log cycle " + cycle);
        }
        Arrays.fill(twoSectors, off, off + 2 * HEADER_SIZE, (byte) 0);
        LogRecHeader h = new LogRecHeader(twoSectors, off);
        h.init(cycle, lsn(cycle, 0), lsn(cycle, 0), uuid);
        h.setLen(Geometry.BBSIZE);
        h.setPrevBlock(0xffffffffL);
        h.setNumLogops(1);
        h.setCycleData(0, CLEAR_TID);
        h.setSize(HEADER_CYCLE_SIZE);

        LogOpHeader op = new LogOpHeader(twoSectors, off + HEADER_SIZE);
        op.setTid(cycle); // the cycle stamp displaces oh_tid (CLEAR_TID, saved above)
        op.setLen(LogOpHeader.UNMOUNT_FORMAT_SIZE);
        op.setClientid(LogOpHeader.LOG);
        op.setFlags(LogOpHeader.UNMOUNT_TRANS);
        BigEndian.putLe16(twoSectors, off + HEADER_SIZE + LogOpHeader.SIZE, LogOpHeader.UNMOUNT_TYPE);
    }

    public static void writeCleanLog(byte[] twoSectors, byte[] uuid, int cycle) {
        writeCleanLog(twoSectors, 0, uuid, cycle);
    }

    /**
     * True when the record header at {@code off} and the sector after it form a lone unmount record, the state
     * that xlog_check_unmount_rec treats as a clean log: header magic, one op, the op a LOG client op flagged
     * UNMOUNT carrying the XLOG_UNMOUNT_TYPE magic, and the data sector stamped with the header's cycle.
     */
    public static boolean isUnmountRecord(byte[] b, int off) {
        LogRecHeader h = new LogRecHeader(b, off);
        if (h.magicno() != (HEADER_MAGIC & 0xffffffffL) || h.numLogops() != 1) {
            return false;
        }
        LogOpHeader op = new LogOpHeader(b, off + HEADER_SIZE);
        return op.tid() == h.cycle() && op.clientid() == LogOpHeader.LOG
                && (op.flags() & LogOpHeader.UNMOUNT_TRANS) != 0
                && op.len() == LogOpHeader.UNMOUNT_FORMAT_SIZE
                && BigEndian.le16(b, off + HEADER_SIZE + LogOpHeader.SIZE) == LogOpHeader.UNMOUNT_TYPE;
    }
}
