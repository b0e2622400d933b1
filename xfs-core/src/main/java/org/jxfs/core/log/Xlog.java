// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;
import org.jxfs.core.XfsException;
import org.jxfs.core.XfsIoException;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.LogOpHeader;
import org.jxfs.core.format.LogRecHeader;
import org.jxfs.core.format.LogTransHeader;

/**
 * struct xlog: the writer of the internal log. A committing transaction's items go to the {@link Cil} (cheap: no
 * log write); {@link #force} writes the CIL's context as one log transaction, the checkpoint, in the XFS v2 format
 * (START op, transaction header, one op per item region, COMMIT op, all with one tid), into 32 KiB in-core logs
 * (iclogs), writes the last one and flushes the device. Records are packed (the first word of every data sector is
 * saved in the header and replaced by the cycle) and carry a CRC-32C, as xlog_sync does.
 *
 * <p>Write-ahead: the mount writes metadata in place only after {@link #force} has made every record covering it
 * durable, and then calls {@link #tailToHead} once those in-place writes are durable too, which frees the log
 * behind the head. The tail written in each record (h_tail_lsn) is the start of the oldest checkpoint not yet
 * written in place, or the record itself when there is none. Records never straddle the physical end of the log:
 * one that would ends there (padded) and the next starts at block 0 with the next cycle.
 *
 * <p>Locking: {@link #commit} takes only the CIL's lock, so commits do not wait for log I/O; the writer's state
 * (head, open record) is guarded by this object's monitor, which {@link #force} holds while it writes.
 */
public final class Xlog {
    /** Data bytes of a record: a 32 KiB iclog (h_size) less its header sector, so no extended headers. */
    static final int RECORD_DATA_MAX = LogRecHeader.HEADER_CYCLE_SIZE - LogRecHeader.HEADER_SIZE;
    /** Data sectors of a full record. */
    static final int RECORD_DATA_BB = RECORD_DATA_MAX / Geometry.BBSIZE;
    /** Sectors always left between the head and the tail, so a full log never looks empty. */
    static final int TAIL_GAP_BB = 2;

    private final BlockDevice dev;
    private final long logDaddr;
    private final long logBb;
    private final byte[] uuid;
    private final CrashPoints crash;

    /** Where the next record goes: cycle and log-relative sector (l_curr_cycle, l_curr_block). */
    private long cycle;
    private long headBlk;
    /** LSN(cycle, headBlk), published for readers that must not take the log's lock. */
    private volatile long publishedHeadLsn;
    /** Sector of the last record written (l_prev_block), 0xffffffff before any. */
    private long prevBlk;
    /** Oldest record start whose changes are not all in place; meaningful while {@link #outstanding}. */
    private long tailLsn;
    private boolean outstanding;
    /** Whether less than a quarter of the log is free ({@link #needsPush}): read by every commit, set by writers. */
    private volatile boolean pushWanted;
    /** Records written since the last device flush. */
    private boolean unflushed;

    /** The tail to clear stale blocks against before the first record, or -1 (see {@link #clearStaleBlocks}). */
    private long staleTailLsn = -1;

    /** The open record: header sector then data, {@code used} data bytes, {@code capacity} allowed. */
    private final byte[] iclog = new byte[LogRecHeader.HEADER_CYCLE_SIZE];
    private boolean recOpen;
    private int used;
    private int capacity;
    private int numOps;
    private long tidSeq = ThreadLocalRandom.current().nextInt() & 0x7fffffffL;
    /** Log transactions (checkpoints) written. */
    private long checkpoints;
    private final Cil cil = new Cil();
    /** The CIL sequence of the last context a force made durable (0: none yet). */
    private volatile long forcedSeq;
    private long records;

    private Xlog(BlockDevice dev, long logDaddr, long logBb, byte[] uuid, long cycle, long headBlk, long prevBlk,
            CrashPoints crash) {
        this.dev = dev;
        this.logDaddr = logDaddr;
        this.logBb = logBb;
        this.uuid = uuid.clone();
        this.cycle = cycle;
        this.headBlk = headBlk;
        this.publishedHeadLsn = LogRecHeader.lsn(cycle, headBlk);
        this.prevBlk = prevBlk;
        this.crash = crash;
    }

    /**
     * A writer appending at the head of a clean (or just recovered) log: the next record goes to {@code headBlk}
     * with {@code cycle}; {@code prevBlk} is the last record's sector.
     */
    public static Xlog open(BlockDevice dev, Geometry geo, byte[] uuid, long cycle, long headBlk, long prevBlk,
            CrashPoints crash) {
        if (headBlk == geo.logBb() - 1) {
            throw new IllegalStateException("log head at the last sector of the log: a record would straddle the end");
        }
        return new Xlog(dev, geo.logDaddr(), geo.logBb(), uuid, cycle, headBlk, prevBlk, crash);
    }

    /** XLOG_TOTAL_REC_SHIFT: the most sectors eight 256 KiB in-core logs can have in flight ahead of the head. */
    static final long TOTAL_REC_BB = 8L * (256 * 1024) / Geometry.BBSIZE;

    /**
     * Ports xlog_clear_stale_blocks, which a read-write mount runs once it knows the head and the tail: the sectors
     * ahead of the head, as many as the in-core logs could have had in flight (XLOG_TOTAL_REC_SHIFT) but never up to
     * the tail, get empty record headers (xlog_add_record) of the previous cycle, or of the head's cycle where they
     * wrap to the start of the log. A later head search then stops right after the last record written: neither
     * partial records of an earlier life nor the zeroed sectors libxfs_log_clear leaves after its unmount record
     * (xfs_admin -U, xfs_repair) can make it back off over the records this mount writes. The kernel does it at
     * mount; jxfs does it before its first record ({@link #clearStaleBeforeFirstRecord}), so a command refused before
     * it changes anything leaves the image as it was.
     */
    private void clearStaleBlocks(long headCycle, long headBlk, long tailLsn) throws XfsException {
        long tailCycle = tailLsn >>> 32;
        long tailBlk = tailLsn & 0xffffffffL;
        long tailDistance;
        if (headCycle == tailCycle) {
            if (headBlk < tailBlk || headBlk >= logBb) {
                throw new org.jxfs.core.FsCorruptedException("log head " + headCycle + ":" + headBlk
                        + " is behind its tail " + tailCycle + ":" + tailBlk);
            }
            tailDistance = tailBlk + (logBb - headBlk);
        } else {
            if (headBlk >= tailBlk || headCycle != tailCycle + 1) {
                throw new org.jxfs.core.FsCorruptedException("log head " + headCycle + ":" + headBlk
                        + " does not follow its tail " + tailCycle + ":" + tailBlk);
            }
            tailDistance = tailBlk - headBlk;
        }
        if (tailDistance <= 0) {
            return;
        }
        long distance = Math.min(TOTAL_REC_BB, tailDistance);
        long first = Math.min(distance, logBb - headBlk);
        writeEmptyRecords(headCycle - 1, headBlk, first, tailCycle, tailBlk);
        if (distance > first) {
            writeEmptyRecords(headCycle, 0, distance - first, tailCycle, tailBlk);
        }
    }

    /**
     * Asks for {@link #clearStaleBlocks} before the first record this writer writes, with {@code tailLsn} the tail
     * the last record before the head names (xlog_find_tail's tail_lsn before the unmount check moves it).
     */
    public synchronized void clearStaleBeforeFirstRecord(long tailLsn) {
        staleTailLsn = tailLsn;
    }

    /** Ports xlog_write_log_records with xlog_add_record: {@code count} one-sector headers from {@code blk} on. */
    private void writeEmptyRecords(long cycle, long blk, long count, long tailCycle, long tailBlk)
            throws XfsException {
        final int chunk = 256;
        byte[] buf = new byte[chunk * Geometry.BBSIZE];
        for (long done = 0; done < count;) {
            int n = (int) Math.min(chunk, count - done);
            java.util.Arrays.fill(buf, (byte) 0);
            for (int i = 0; i < n; i++) {
                new LogRecHeader(buf, i * Geometry.BBSIZE).init(cycle, LogRecHeader.lsn(cycle, blk + done + i),
                        LogRecHeader.lsn(tailCycle, tailBlk), uuid);
            }
            dev.write((logDaddr + blk + done) * Geometry.BBSIZE, buf, 0, n * Geometry.BBSIZE);
            done += n;
        }
    }

    /** The cycle the next record gets: how many times the log has wrapped, plus one. */
    public synchronized long cycle() {
        return cycle;
    }

    /** Sectors of the log. */
    public long sizeBb() {
        return logBb;
    }

    /** The LSN the next record will get. */
    public synchronized long headLsn() {
        return LogRecHeader.lsn(cycle, headBlk);
    }

    /** {@link #headLsn} read without the log's lock: what the read verifiers compare block LSNs with. */
    public long headLsnUnlocked() {
        return publishedHeadLsn;
    }

    /** Transactions committed since open. */
    public long transactions() {
        return cil.transactions();
    }

    /** Log transactions (checkpoints) and records written since open (for tests and logprint-style summaries). */
    public synchronized long checkpoints() {
        return checkpoints;
    }

    public synchronized long records() {
        return records;
    }

    /** Sectors between the tail and the head (the open record included): the part of the log still needed. */
    public synchronized long usedBb() {
        long head = headBlk + (recOpen ? 1 + Geometry.bToBb(used) : 0);
        if (!outstanding) {
            return recOpen ? head - headBlk : 0;
        }
        return distance(tailLsn, LogRecHeader.lsn(cycle, 0) + head);
    }

    /** Sectors from {@code from} to {@code to}, both LSNs, going forward through the log. */
    private long distance(long from, long to) {
        long fc = from >>> 32;
        long fb = from & 0xffffffffL;
        long tc = to >>> 32;
        long tb = to & 0xffffffffL;
        return (tc - fc) * logBb + tb - fb;
    }

    /**
     * Ports xlog_cil_commit: the transaction's items join the CIL's open context, replacing earlier copies of the
     * same items; nothing is written until {@link #force}. Returns the context's sequence, which
     * {@link #durable} takes.
     */
    public long commit(List<LogVector> items) {
        return cil.insert(items);
    }

    /**
     * Ports xlog_write for one log transaction (a checkpoint of the CIL, or a test's hand-made one): appends START,
     * the transaction header, every region of every item (each item's first region is its format struct and is
     * never split across records) and COMMIT. Returns the transaction's LSN: that of the record holding its START
     * op, which recovery compares with metadata LSNs. Throws when the log has no room (the caller shuts down).
     */
    public synchronized long writeTransaction(List<byte[][]> items) throws XfsException {
        long tid = nextTid();
        int regions = 0;
        for (byte[][] item : items) {
            regions += item.length;
        }
        long lsn = writeOp(tid, LogOpHeader.START_TRANS, null, false);
        writeOp(tid, 0, LogTransHeader.encode(tid, regions), false);
        for (byte[][] item : items) {
            for (int r = 0; r < item.length; r++) {
                writeOp(tid, 0, item[r], r > 0);
            }
        }
        writeOp(tid, LogOpHeader.COMMIT_TRANS, null, false);
        if (!outstanding) {
            tailLsn = lsn;
            outstanding = true;
        }
        checkpoints++;
        return lsn;
    }

    private long nextTid() {
        tidSeq = (tidSeq + 1) & 0xffffffffL;
        if (tidSeq == 0 || tidSeq == LogRecHeader.CLEAR_TID) {
            tidSeq = 1;
        }
        return tidSeq;
    }

    /**
     * Adds one op with its data (null: none) to the open record, opening records as needed. A splittable region
     * that does not fit is cut: the first part flagged CONTINUE, the rest in the next record flagged WAS_CONT (and
     * CONTINUE again if it still does not fit, END on the last part), as xlog_write_partial does. Returns the LSN of
     * the record the op (or its first part) went to.
     */
    private long writeOp(long tid, int flags, byte[] data, boolean splittable) throws XfsException {
        int len = data == null ? 0 : data.length;
        int pos = 0;
        long firstLsn = -1;
        boolean cont = false;
        for (;;) {
            openRecord();
            int room = capacity - used - LogOpHeader.SIZE;
            int left = len - pos;
            if (room >= left) {
                int f = cont ? flags | LogOpHeader.WAS_CONT_TRANS | LogOpHeader.END_TRANS : flags;
                long lsn = appendOp(tid, f, data, pos, left);
                return firstLsn < 0 ? lsn : firstLsn;
            }
            int part = room & ~3;
            if (!splittable || part < 4) {
                if (used == 0) {
                    throw new XfsException(XfsException.EFSCORRUPTED, "log op of " + left
                            + " bytes does not fit an empty log record");
                }
                closeRecord();
                continue;
            }
            int f = LogOpHeader.CONTINUE_TRANS | (cont ? LogOpHeader.WAS_CONT_TRANS : 0);
            long lsn = appendOp(tid, f, data, pos, part);
            if (firstLsn < 0) {
                firstLsn = lsn;
            }
            pos += part;
            cont = true;
            closeRecord();
        }
    }

    private long appendOp(long tid, int flags, byte[] data, int pos, int n) {
        int at = LogRecHeader.HEADER_SIZE + used;
        LogOpHeader op = new LogOpHeader(iclog, at);
        op.setTid(tid);
        op.setLen(n);
        op.setClientid(LogOpHeader.TRANSACTION);
        op.setFlags(flags);
        BigEndian.putU16(iclog, at + LogOpHeader.OFF_RES2, 0);
        if (n > 0) {
            System.arraycopy(data, pos, iclog, at + LogOpHeader.SIZE, n);
        }
        used += LogOpHeader.SIZE + n;
        numOps++;
        return LogRecHeader.lsn(cycle, headBlk);
    }

    /**
     * Opens a record at the head if none is open: its capacity is what fits before the tail (less a gap) and
     * before the physical end, where a record that reaches within a full record of the end is stretched to end
     * exactly there (so no sector too small for a record is left behind).
     */
    private void openRecord() throws XfsException {
        if (recOpen) {
            return;
        }
        if (staleTailLsn >= 0) {
            long tail = staleTailLsn;
            staleTailLsn = -1;
            clearStaleBlocks(cycle, headBlk, tail);
        }
        long toEnd = logBb - headBlk;
        long dataBb = toEnd <= 1 + RECORD_DATA_BB ? toEnd - 1 : Math.min(RECORD_DATA_BB, toEnd - 3);
        long free = logBb - (outstanding ? distance(tailLsn, LogRecHeader.lsn(cycle, headBlk)) : 0) - TAIL_GAP_BB;
        if (free - 1 < dataBb) {
            dataBb = free - 1;
            if (toEnd <= 1 + RECORD_DATA_BB && dataBb < toEnd - 1 || dataBb < 1) {
                throw new XfsException(XfsException.ENOSPC, "the log is full: " + usedBb() + " of " + logBb
                        + " sectors hold transactions not yet written in place");
            }
        }
        Arrays.fill(iclog, (byte) 0);
        recOpen = true;
        used = 0;
        numOps = 0;
        capacity = (int) (dataBb * Geometry.BBSIZE);
    }

    /** XLOG's floor on the free space the AIL push keeps: 256 sectors (xlog_grant_push_threshold). */
    static final long PUSH_MIN_FREE_BB = 256;

    /**
     * Whether the log holds so much not yet written in place that the mount should write back (push the AIL): as
     * xlog_grant_push_threshold decides, when less than a quarter of the log (and at least 256 sectors) is free.
     */
    public boolean needsPush() {
        return pushWanted;
    }

    /** Recomputes {@link #pushWanted} after the head or the tail moved. */
    private void updatePushWanted() {
        pushWanted = logBb - usedBb() < Math.max(logBb >> 2, PUSH_MIN_FREE_BB);
    }

    /**
     * Ports xlog_sync for the open record: pads it to whole sectors (to the end of the log when it must end
     * there), fills the header, packs the cycle into every data sector, computes the CRC and writes it.
     */
    private void closeRecord() throws XfsException {
        if (!recOpen) {
            return;
        }
        recOpen = false;
        if (numOps == 0) {
            return;
        }
        long toEnd = logBb - headBlk;
        int dataBb = (int) Geometry.bToBb(used);
        if (toEnd <= 1 + RECORD_DATA_BB) {
            dataBb = (int) (toEnd - 1);
        }
        int hLen = dataBb * Geometry.BBSIZE;
        long lsn = LogRecHeader.lsn(cycle, headBlk);
        LogRecHeader h = new LogRecHeader(iclog, 0);
        h.init(cycle, lsn, outstanding ? tailLsn : lsn, uuid);
        h.setLen(hLen);
        h.setPrevBlock(prevBlk);
        h.setNumLogops(numOps);
        h.setSize(LogRecHeader.HEADER_CYCLE_SIZE);
        pack(iclog, dataBb, cycle);
        h.setCrc(crc(iclog, hLen));
        int total = LogRecHeader.HEADER_SIZE + hLen;
        long off = (logDaddr + headBlk) << Geometry.BBSHIFT;
        if (crash != null && crash.hit(CrashPoints.Point.MID_RECORD)) {
            dev.write(off, iclog, 0, total / 2 / Geometry.BBSIZE * Geometry.BBSIZE);
            crash.halt(CrashPoints.Point.MID_RECORD);
        }
        dev.write(off, iclog, 0, total);
        unflushed = true;
        records++;
        prevBlk = headBlk;
        headBlk += 1 + dataBb;
        if (headBlk >= logBb) {
            headBlk -= logBb;
            cycle++;
        }
        publishedHeadLsn = LogRecHeader.lsn(cycle, headBlk);
        updatePushWanted();
    }

    /** Ports xlog_pack_data: each data sector's first word moves to h_cycle_data and the cycle takes its place. */
    static void pack(byte[] rec, int dataBb, long cycle) {
        LogRecHeader h = new LogRecHeader(rec, 0);
        for (int i = 0; i < dataBb; i++) {
            int at = LogRecHeader.HEADER_SIZE + i * Geometry.BBSIZE;
            h.setCycleData(i, BigEndian.u32(rec, at));
            BigEndian.putU32(rec, at, cycle);
        }
    }

    /**
     * Ports xlog_cksum: CRC-32C over the header (sizeof xlog_rec_header, h_crc as zero) and then the packed data.
     */
    static long crc(byte[] rec, int hLen) {
        CRC32C c = new CRC32C();
        c.update(rec, 0, LogRecHeader.OFF_CRC);
        c.update(new byte[4], 0, 4);
        c.update(rec, LogRecHeader.OFF_CRC + 4, LogRecHeader.SIZE - LogRecHeader.OFF_CRC - 4);
        c.update(rec, LogRecHeader.HEADER_SIZE, hLen);
        return c.getValue();
    }

    /**
     * Ports xfs_log_force(XFS_LOG_SYNC): the CIL's context is written as a checkpoint (xlog_cil_push_work; each of
     * its items then carries the checkpoint's LSN for its next in-place write), the open record is written and the
     * device flushed, so every committed transaction (and every data write issued before) is durable.
     */
    public synchronized void force() throws XfsIoException, XfsException {
        Cil.Context ctx = cil.take();
        long seq = forcedSeq;
        if (ctx != null) {
            long lsn = writeTransaction(ctx.regions());
            ctx.stamp(lsn);
            for (LogVector v : ctx.items()) {
                LogRegionPool.recycle(v);               // copied into the log's records
            }
            seq = ctx.seq();
        }
        closeRecord();
        if (unflushed) {
            dev.flush();
            unflushed = false;
            if (crash != null && crash.hit(CrashPoints.Point.AFTER_LOG_FLUSH)) {
                crash.halt(CrashPoints.Point.AFTER_LOG_FLUSH);
            }
        }
        forcedSeq = seq;
    }

    /** Whether the transaction that {@link #commit} gave CIL sequence {@code seq} is durable. */
    public boolean durable(long seq) {
        return seq <= forcedSeq;
    }

    /**
     * Moves the tail to the head (xfs_ail_push_all_sync's end state): every transaction logged so far is written in
     * place and durable, so the log before the head is free again. Only with nothing logged since the force that
     * preceded those in-place writes.
     */
    public synchronized void tailToHead() {
        assert (!recOpen || numOps == 0) && cil.isEmpty() : "tail moved over an unforced record";
        outstanding = false;
        updatePushWanted();
    }

    /**
     * Ports xlog_unmount_write: after every change is in place and durable, one record holding the unmount op
     * (client LOG, flag UNMOUNT, the xfs_unmount_log_format magic) marks the log clean.
     */
    public synchronized void writeUnmount() throws XfsException {
        force();
        tailToHead();
        openRecord();
        int at = LogRecHeader.HEADER_SIZE;
        LogOpHeader op = new LogOpHeader(iclog, at);
        op.setTid(nextTid());
        op.setLen(LogOpHeader.UNMOUNT_FORMAT_SIZE);
        op.setClientid(LogOpHeader.LOG);
        op.setFlags(LogOpHeader.UNMOUNT_TRANS);
        BigEndian.putLe16(iclog, at + LogOpHeader.SIZE, LogOpHeader.UNMOUNT_TYPE);
        used = LogOpHeader.SIZE + LogOpHeader.UNMOUNT_FORMAT_SIZE;
        numOps = 1;
        closeRecord();
        dev.flush();
        unflushed = false;
    }
}
