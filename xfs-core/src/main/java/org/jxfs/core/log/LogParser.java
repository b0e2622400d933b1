// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.LogOpHeader;
import org.jxfs.core.format.LogTransHeader;

/**
 * Ports xlog_recover_process_data and xlog_recover_process_ophdr: walks the ops of the records from the tail to the
 * head and gathers them into transactions by tid. A START op opens a transaction (its LSN is its record's), the next
 * op is the transaction header, then each op is a region (a CONTINUE part and its WAS_CONT continuation form one),
 * and a COMMIT op completes it. Transactions come back in commit order; ones without a COMMIT before the head are
 * dropped, as the kernel drops them. Unmount ops and ops of transactions that started before the tail are skipped.
 */
public final class LogParser {
    private final Map<Long, LogTransaction> open = new HashMap<>();
    private final List<LogTransaction> committed = new ArrayList<>();
    /** Ops read, and ops of transactions whose start was not found (before the tail). */
    public int ops;
    public int orphanOps;

    /** Parses the records of a scan. */
    public static LogParser parse(List<LogRecord> records) throws FsCorruptedException {
        LogParser p = new LogParser();
        for (LogRecord r : records) {
            p.record(r);
        }
        return p;
    }

    /** The committed transactions in commit order. */
    public List<LogTransaction> committed() {
        return committed;
    }

    /** Transactions still open at the head (never committed). */
    public int uncommitted() {
        return open.size();
    }

    private void record(LogRecord r) throws FsCorruptedException {
        byte[] d = r.data();
        int pos = 0;
        for (int n = 0; n < r.numOps(); n++) {
            if (pos + LogOpHeader.SIZE > d.length) {
                throw new FsCorruptedException("log record at sector " + r.blk() + ": op header overrun");
            }
            LogOpHeader op = new LogOpHeader(d, pos);
            long len = op.len();
            int at = pos + LogOpHeader.SIZE;
            if (at + len > d.length) {
                throw new FsCorruptedException("log record at sector " + r.blk() + ": bad op length " + len);
            }
            if (op.clientid() != LogOpHeader.TRANSACTION && op.clientid() != LogOpHeader.LOG) {
                throw new FsCorruptedException("log record at sector " + r.blk() + ": bad clientid 0x"
                        + Integer.toHexString(op.clientid()));
            }
            ops++;
            op(r, op.tid(), op.flags(), op.clientid(), Arrays.copyOfRange(d, at, at + (int) len));
            pos = at + (int) len;
        }
    }

    private void op(LogRecord r, long tid, int flags, int clientid, byte[] data) throws FsCorruptedException {
        if (clientid == LogOpHeader.LOG || (flags & LogOpHeader.UNMOUNT_TRANS) != 0) {
            return;
        }
        LogTransaction t = open.get(tid);
        if (t == null) {
            if ((flags & LogOpHeader.START_TRANS) != 0) {
                open.put(tid, new LogTransaction(tid, r.lsn()));
            } else {
                orphanOps++;
            }
            return;
        }
        int f = flags & ~LogOpHeader.END_TRANS;
        if ((f & LogOpHeader.WAS_CONT_TRANS) != 0) {
            f &= ~LogOpHeader.CONTINUE_TRANS;
        }
        switch (f) {
            case 0, LogOpHeader.CONTINUE_TRANS -> addRegion(t, data);
            case LogOpHeader.WAS_CONT_TRANS -> appendToLast(t, data);
            case LogOpHeader.COMMIT_TRANS -> {
                open.remove(tid);
                committed.add(t);
            }
            default -> throw new FsCorruptedException("log op of tid 0x" + Long.toHexString(tid) + ": bad flags 0x"
                    + Integer.toHexString(flags));
        }
    }

    /** Ports xlog_recover_add_to_trans. */
    private static void addRegion(LogTransaction t, byte[] data) throws FsCorruptedException {
        if (t.header == null) {
            if (data.length < 4 || LogTransHeader.magic(data, 0) != LogTransHeader.MAGIC) {
                throw new FsCorruptedException("log transaction 0x" + Long.toHexString(t.tid)
                        + ": bad transaction header magic");
            }
            t.header = data;
            return;
        }
        List<byte[]> last = t.items.isEmpty() ? null : t.items.get(t.items.size() - 1);
        if (last == null || last.size() == t.expected) {
            if (data.length < 4) {
                throw new FsCorruptedException("log transaction 0x" + Long.toHexString(t.tid)
                        + ": item format region of " + data.length + " bytes");
            }
            int size = BigEndian.le16(data, 2);
            if (size == 0 || size > 257) {
                throw new FsCorruptedException("log transaction 0x" + Long.toHexString(t.tid)
                        + ": bad number of regions (" + size + ") in inode log format");
            }
            last = new ArrayList<>(size);
            t.items.add(last);
            t.expected = size;
        }
        last.add(data);
    }

    /** Ports xlog_recover_add_to_cont_trans: a continuation extends the last region. */
    private static void appendToLast(LogTransaction t, byte[] data) throws FsCorruptedException {
        if (t.items.isEmpty()) {
            if (t.header == null) {
                throw new FsCorruptedException("log transaction 0x" + Long.toHexString(t.tid)
                        + ": continuation before its header");
            }
            t.header = concat(t.header, data);
            return;
        }
        List<byte[]> last = t.items.get(t.items.size() - 1);
        last.set(last.size() - 1, concat(last.get(last.size() - 1), data));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
