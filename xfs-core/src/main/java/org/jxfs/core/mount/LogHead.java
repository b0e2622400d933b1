// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import org.jxfs.core.XfsException;
import org.jxfs.core.buf.BufCache;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.LogOpHeader;
import org.jxfs.core.format.LogRecHeader;

/**
 * Where the internal log's head is and whether the log is clean: the parts of xlog_find_head and xlog_find_tail a
 * mount needs to decide between continuing the log at its head and recovering it ({@link org.jxfs.core.log.LogScan}
 * does the rest of xlog_find_tail). Every 512-byte block of the log starts either with a record header
 * (0xFEEDBABE, then its cycle) or with the cycle number stamped over its first word; the head is where the cycle
 * number drops. The log is clean when the last record before the head is a lone unmount record ending at the head.
 *
 * @param headBlk   log-relative BB of the head (the next write goes here)
 * @param cycle     cycle number of the last record (the head's cycle)
 * @param lastRecBlk log-relative BB of the last record header before the head, or -1 when there is none
 * @param clean     true when the last record is an unmount record ending at the head
 * @param reason    why the log is not clean, or null
 */
public record LogHead(long headBlk, long cycle, long lastRecBlk, boolean clean, String reason) {
    /** XLOG_HEADER_MAGIC_NUM, as the unsigned 32-bit word read from a log block. */
    static final long HEADER_MAGIC = LogRecHeader.HEADER_MAGIC & 0xffffffffL;
    /** XLOG_TOTAL_REC_SHIFT window that xlog_find_verify_cycle scans for a hole. */
    static final long VERIFY_WINDOW_BB = 4096;
    /** How far back from the head the last record header is searched for (XLOG_MAX_ICLOGS x max iclog). */
    static final long MAX_BACKSCAN_BB = 8 * (256 * 1024 / Geometry.BBSIZE) + 64;

    /** Ports the head search of xlog_find_head (xlog_find_cycle_start) and the clean test of xlog_find_tail. */
    public static LogHead find(BufCache cache, Geometry geo) throws XfsException {
        LogReader log = new LogReader(cache, geo.logDaddr(), geo.logBb());
        long n = log.size();
        long firstCycle = log.cycleAt(0);
        if (firstCycle == 0) {
            // xlog_find_zeroed: a log whose first block was never written
            return new LogHead(0, 0, -1, false, "the log is zeroed (never written)");
        }
        long lastCycle = log.cycleAt(n - 1);
        long head;
        if (firstCycle == lastCycle) {
            // The whole log carries one cycle: unless a hole of the previous cycle is found, the head is at 0
            // and the last record sits at the end of the log.
            head = findCycleDrop(log, Math.max(0, n - VERIFY_WINDOW_BB), n - 1, firstCycle);
        } else {
            // Blocks before the head carry firstCycle, blocks after it firstCycle - 1 (or 0 = never written).
            head = findFirstWithCycle(log, 0, n - 1, lastCycle);
        }
        long headCycle = head == 0 ? lastCycle : log.cycleAt(head - 1);
        long rec = -1;
        for (long i = 1; i <= Math.min(n, MAX_BACKSCAN_BB); i++) {
            long blk = Math.floorMod(head - i, n);
            if (log.word(blk, 0) == HEADER_MAGIC) {
                rec = blk;
                break;
            }
        }
        if (rec < 0) {
            return new LogHead(head, headCycle, -1, false, "no log record header before the head");
        }
        LogRecHeader hdr = new LogRecHeader(log.block(rec).clone(), 0);
        long hLen = hdr.len();
        long hSize = hdr.size();
        long headerBbs = hSize > LogRecHeader.HEADER_CYCLE_SIZE
                ? (hSize + LogRecHeader.HEADER_CYCLE_SIZE - 1) / LogRecHeader.HEADER_CYCLE_SIZE : 1;
        long end = (rec + headerBbs + Geometry.bToBb(hLen)) % n;
        long numOps = hdr.numLogops();
        if (end != head % n && zeroedBetween(log, end, head % n)) {
            // libxfs_log_clear (xfs_admin -U, xfs_repair's log zeroing) writes one unmount record at block 0 in a new
            // cycle and leaves the blocks after it zeroed up to the filler records of the previous cycle: the
            // binary search lands past the hole, but nothing was written after the record, so its end is the head.
            // (The kernel's xlog_find_verify_log_record backs up to the record's start instead, takes the last filler
            // record as the last record and continues at block 0.) Either way the mount then stamps the sectors
            // ahead of the head with the previous cycle (Xlog.clearStaleBlocks), so the next head search, jxfs's or
            // the kernel's, stops right after the records written meanwhile.
            head = end;
        }
        if (end != head % n) {
            return new LogHead(head, headCycle, rec, false, "the last log record does not end at the head");
        }
        if (numOps != 1) {
            return new LogHead(head, headCycle, rec, false, "the last log record is not an unmount record");
        }
        LogOpHeader op = new LogOpHeader(log.block((rec + headerBbs) % n), 0);
        boolean clean = op.clientid() == LogOpHeader.LOG && (op.flags() & LogOpHeader.UNMOUNT_TRANS) != 0;
        return new LogHead(head, hdr.cycle(), rec, clean,
                clean ? null : "the last log record is not an unmount record");
    }

    /** Whether every block from {@code from} up to (not including) {@code to}, wrapping, carries cycle 0. */
    private static boolean zeroedBetween(LogReader log, long from, long to) throws XfsException {
        long n = log.size();
        for (long blk = from; blk != to; blk = (blk + 1) % n) {
            if (log.cycleAt(blk) != 0) {
                return false;
            }
        }
        return true;
    }

    /** First block in [lo, hi] whose cycle is {@code cycle}, given cycles are non-increasing then equal. */
    private static long findFirstWithCycle(LogReader log, long lo, long hi, long cycle) throws XfsException {
        // Ports xlog_find_cycle_start: binary search for the first block stamped with the last block's cycle.
        long first = lo;
        long last = hi;
        while (last - first > 1) {
            long mid = (first + last) >>> 1;
            if (log.cycleAt(mid) == cycle) {
                last = mid;
            } else {
                first = mid;
            }
        }
        return log.cycleAt(first) == cycle ? first : last;
    }

    /** With one cycle at both ends: the first block of an older cycle in between (a hole), else 0 (wrapped). */
    private static long findCycleDrop(LogReader log, long lo, long hi, long cycle) throws XfsException {
        // xlog_find_verify_cycle looks for a hole of cycle - 1 left by in-flight writes; scan for it.
        for (long blk = lo; blk <= hi; blk++) {
            long c = log.cycleAt(blk);
            if (c != cycle) {
                return blk;
            }
        }
        return 0;
    }

    /** Sector-level reads of the log, cached one block at a time. */
    private static final class LogReader {
        private final BufCache cache;
        private final long start;
        private final long size;
        private final byte[] one = new byte[Geometry.BBSIZE];
        private long cached = -1;

        LogReader(BufCache cache, long start, long size) {
            this.cache = cache;
            this.start = start;
            this.size = size;
        }

        long size() {
            return size;
        }

        byte[] block(long blk) throws XfsException {
            if (cached != blk) {
                cache.readUncached(start + blk, one);
                cached = blk;
            }
            return one;
        }

        long word(long blk, int off) throws XfsException {
            return BigEndian.u32(block(blk), off);
        }

        /** Ports xlog_get_cycle: the cycle of a header block, or the stamped first word of a data block. */
        long cycleAt(long blk) throws XfsException {
            byte[] b = block(blk);
            long w = BigEndian.u32(b, 0);
            return w == HEADER_MAGIC ? BigEndian.u32(b, LogRecHeader.OFF_CYCLE) : w;
        }
    }
}
