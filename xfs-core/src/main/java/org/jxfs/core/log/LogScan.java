// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.LogOpHeader;
import org.jxfs.core.format.LogRecHeader;
import org.jxfs.core.mount.LogHead;

/**
 * Ports xlog_find_tail and the record walk of xlog_do_recovery_pass: finds the head (xlog_find_head, through
 * {@link LogHead}), backs off over a record the head cuts through, reads the tail from the last record, then reads
 * every record from the tail to the head, checking each CRC. A record whose CRC fails is a torn write: the head moves
 * back to it and the records after it are ignored, as xlog_verify_head does.
 */
public final class LogScan {
    /** XLOG_REC_EXT_HEADER: xh_cycle and xh_cycle_data[64]. */
    static final int EXT_HEADER_SIZE = 4 + 4 * LogRecHeader.CYCLE_DATA_WORDS;

    private final BlockDevice dev;
    private final long logDaddr;
    private final long logBb;
    /** The head after backing off over partial and torn records. */
    public long headBlk;
    /** The tail (log-relative sector) read from the last good record before the head. */
    public long tailBlk;
    /** The cycle of the last good record. */
    public long lastCycle;
    /** Sector of the last good record, -1 when there is none. */
    public long lastRecBlk = -1;
    /** True when the last record is a lone unmount record ending at the head. */
    public boolean clean;
    /** The records from the tail to the head, in log order. */
    public final List<LogRecord> records = new ArrayList<>();
    /** What the scan had to discard (a partial or torn record), for the mount's message; null when nothing. */
    public String discarded;

    private LogScan(BlockDevice dev, Geometry geo) {
        this.dev = dev;
        this.logDaddr = geo.logDaddr();
        this.logBb = geo.logBb();
    }

    public long logBb() {
        return logBb;
    }

    /** Scans the internal log of the image on {@code dev}, taking the geometry from its primary superblock. */
    public static LogScan scan(BlockDevice dev) throws XfsException {
        byte[] sector = new byte[Geometry.BBSIZE];
        dev.read(0, sector, 0, sector.length);
        org.jxfs.core.format.Sb sb = new org.jxfs.core.format.Sb(sector);
        if (sb.magicnum() != org.jxfs.core.format.Sb.MAGIC) {
            throw new FsCorruptedException(dev.path() + ": not an XFS filesystem (bad superblock magic)");
        }
        return scan(dev, sb.toGeometry());
    }

    /** Scans the internal log of the image on {@code dev}, whose geometry is {@code geo}. */
    public static LogScan scan(BlockDevice dev, Geometry geo) throws XfsException {
        LogScan s = new LogScan(dev, geo);
        LogHead head = LogHead.find(new org.jxfs.core.buf.BufCache(dev, null), geo);
        if (head.cycle() == 0 && head.lastRecBlk() < 0) {
            throw new FsCorruptedException("the log is zeroed (never written): not an image mkfs made");
        }
        s.findTail(head);
        return s;
    }

    private byte[] readBb(long blk, int count) throws XfsException {
        byte[] b = new byte[count * Geometry.BBSIZE];
        dev.read((logDaddr + blk) << Geometry.BBSHIFT, b, 0, b.length);
        return b;
    }

    /** The sector of the last record header before {@code blk} (going backwards, wrapping), or -1. */
    private long prevHeader(long blk) throws XfsException {
        for (long i = 1; i <= logBb; i++) {
            long b = Math.floorMod(blk - i, logBb);
            if (BigEndian.u32(readBb(b, 1), 0) == (LogRecHeader.HEADER_MAGIC & 0xffffffffL)) {
                return b;
            }
        }
        return -1;
    }

    private void findTail(LogHead head) throws XfsException {
        long h = head.headBlk();
        // xlog_find_verify_log_record: a record the head cuts through was never written whole
        for (int tries = 0; ; tries++) {
            long rec = prevHeader(h);
            if (rec < 0) {
                throw new FsCorruptedException("no log record header found before the log head at sector " + h);
            }
            LogRecord r = read(rec, true);
            long end = (rec + r.sectors()) % logBb;
            if (end == h % logBb && r.data() != null) {
                headBlk = h % logBb;
                lastRecBlk = rec;
                lastCycle = r.cycle();
                tailBlk = r.tailLsn() & 0xffffffffL;
                clean = r.numOps() == 1 && isUnmount(r);
                break;
            }
            discarded = (discarded == null ? "" : discarded + "; ")
                    + (r.data() == null ? "torn log record (CRC mismatch)" : "partial log record")
                    + " at sector " + rec;
            if (tries > 64) {
                throw new FsCorruptedException("cannot find a whole log record before the head: " + discarded);
            }
            h = rec;
        }
        if (clean) {
            return;
        }
        // Walk tail -> head; a bad CRC on the way is a torn write (the head moves back to it).
        long pos = tailBlk;
        while (pos != headBlk) {
            LogRecord r = read(pos, false);
            if (r == null) {
                throw new FsCorruptedException("no log record header at sector " + pos + " between the tail "
                        + tailBlk + " and the head " + headBlk);
            }
            if (r.data() == null) {
                discarded = (discarded == null ? "" : discarded + "; ") + "log record CRC mismatch at sector " + pos
                        + ": records from there on ignored";
                headBlk = pos;
                break;
            }
            records.add(r);
            pos = (pos + r.sectors()) % logBb;
        }
    }

    private static boolean isUnmount(LogRecord r) {
        if (r.data().length < LogOpHeader.SIZE) {
            return false;
        }
        LogOpHeader op = new LogOpHeader(r.data(), 0);
        return op.clientid() == LogOpHeader.LOG && (op.flags() & LogOpHeader.UNMOUNT_TRANS) != 0;
    }

    /**
     * Reads the record at {@code blk}: null when there is no header there; a record with null data when its CRC
     * fails (or, with {@code lenient}, when it runs past the log's end); otherwise the unpacked record.
     */
    LogRecord read(long blk, boolean lenient) throws XfsException {
        byte[] hb = readBb(blk, 1);
        LogRecHeader h = new LogRecHeader(hb, 0);
        if (h.magicno() != (LogRecHeader.HEADER_MAGIC & 0xffffffffL)) {
            return null;
        }
        if (h.version() != LogRecHeader.VERSION_2 && h.version() != 1) {
            throw new FsCorruptedException("log record at sector " + blk + ": bad version " + h.version());
        }
        if (h.fmt() != LogRecHeader.FMT_LINUX_LE) {
            throw new FsCorruptedException("log record at sector " + blk + ": incompatible format - can't recover");
        }
        long hLen = h.len();
        long hSize = h.size();
        if (hSize < LogRecHeader.HEADER_CYCLE_SIZE) {
            hSize = LogRecHeader.HEADER_CYCLE_SIZE;
        }
        if (hLen <= 0 || hLen > hSize || hSize > 256 * 1024) {
            throw new FsCorruptedException("log record at sector " + blk + ": bad length " + hLen + " (h_size "
                    + hSize + ")");
        }
        int hdrBbs = (int) ((hSize + LogRecHeader.HEADER_CYCLE_SIZE - 1) / LogRecHeader.HEADER_CYCLE_SIZE);
        if (h.size() <= LogRecHeader.HEADER_CYCLE_SIZE) {
            hdrBbs = 1;
        }
        int dataBbs = (int) Geometry.bToBb(hLen);
        int sectors = hdrBbs + dataBbs;
        byte[] all = new byte[sectors * Geometry.BBSIZE];
        for (int i = 0; i < sectors; i++) {
            System.arraycopy(readBb((blk + i) % logBb, 1), 0, all, i * Geometry.BBSIZE, Geometry.BBSIZE);
        }
        LogRecHeader hh = new LogRecHeader(all, 0);
        int dataOff = hdrBbs * Geometry.BBSIZE;
        // xlog_cksum: header (as struct), extended headers, data as packed on disk
        CRC32C c = new CRC32C();
        c.update(all, 0, LogRecHeader.OFF_CRC);
        c.update(new byte[4], 0, 4);
        c.update(all, LogRecHeader.OFF_CRC + 4, LogRecHeader.SIZE - LogRecHeader.OFF_CRC - 4);
        for (int j = 1; j < hdrBbs; j++) {
            c.update(all, j * Geometry.BBSIZE, EXT_HEADER_SIZE);
        }
        c.update(all, dataOff, (int) hLen);
        // mkfs leaves h_crc 0 in its unmount record; xlog_recover_process accepts 0 when only verifying the head
        boolean crcOk = c.getValue() == hh.crc() || hh.crc() == 0 && hh.numLogops() == 1;
        long cycle = hh.cycle();
        boolean cyclesOk = true;
        byte[] data = new byte[(int) hLen];
        System.arraycopy(all, dataOff, data, 0, (int) hLen);
        // xlog_unpack_data: the cycle stamps go back to the words they displaced
        for (int i = 0; i < dataBbs; i++) {
            int at = i * Geometry.BBSIZE;
            if (BigEndian.u32(all, dataOff + at) != cycle) {
                cyclesOk = false;
            }
            long saved = i < LogRecHeader.CYCLE_DATA_WORDS ? hh.cycleData(i)
                    : BigEndian.u32(all, (i / LogRecHeader.CYCLE_DATA_WORDS) * Geometry.BBSIZE + 4
                            + 4 * (i % LogRecHeader.CYCLE_DATA_WORDS));
            if (at + 4 <= data.length) {
                BigEndian.putU32(data, at, saved);
            }
        }
        boolean ok = crcOk && cyclesOk;
        return new LogRecord(blk, hh.lsn(), hh.tailLsn(), (int) hh.numLogops(), ok ? data : null, sectors);
    }
}
