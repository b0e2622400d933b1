// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jxfs.core.format.BufLogFormat;
import org.jxfs.core.format.InodeLogFormat;
import org.jxfs.core.format.LogItemType;

/**
 * The kernel CIL's space accounting, which decides when a checkpoint completes without anyone forcing the log
 * (xlog_cil_insert_items, xlog_cil_push_background; kernel 6.18). The kernel keeps one copy of each logged item
 * per checkpoint: relogging an item replaces it, so the checkpoint grows only by the item's growth (a buffer's dirty map
 * only grows until it is written, so this model keeps each item's largest size). A checkpoint is
 * pushed once the space used passes XLOG_CIL_SPACE_LIMIT (an eighth of the log, at most 32 MiB), and the busy
 * extents of its transactions clear when it is on disk.
 *
 * <p>jxfs's own {@link Cil} is also emptied whenever jxfs writes metadata in place (which the kernel's AIL does
 * far later), and a buffer's logged range is one span rather than a bitmap, so neither its size nor the fill of
 * its log says when the kernel's checkpoints complete; this model does, charging each item what the transaction's
 * own change formats to ({@link LogVector#spaceBytes}), and the mount completes a checkpoint (forces the log and
 * runs its callbacks) when it says so. Placement then follows the kernel's: blocks freed since the last
 * checkpoint stay busy as long as they would in the kernel.
 */
public final class CilSpace {
    /** XLOG_TOTAL_REC_SHIFT's bytes shifted by 4: the cap on the background push threshold (32 MiB). */
    static final long SPACE_LIMIT_CAP = 32L << 20;

    private final long limit;
    /** Each item in the current checkpoint, keyed by what it logs, with its largest charge so far. */
    private final ConcurrentHashMap<Long, AtomicInteger> items = new ConcurrentHashMap<>();
    /** The checkpoint's space, summed per thread as the kernel sums its per-CPU space_used. */
    private final LongAdder used = new LongAdder();

    /** The model for a log of {@code logBytes}. */
    public CilSpace(long logBytes) {
        this.limit = Math.min(logBytes >> 3, SPACE_LIMIT_CAP);
    }

    /** XLOG_CIL_SPACE_LIMIT for this log. */
    public long limit() {
        return limit;
    }

    /** Bytes the current checkpoint holds. */
    public long used() {
        return used.sum();
    }

    /**
     * Ports the space part of xlog_cil_insert_format_items: adds one committed transaction's items (each charged
     * {@link LogVector#spaceBytes}) and returns whether the checkpoint has passed the push threshold. Commits of
     * different threads run it at once (the kernel's per-CPU accounting); a relogged item is charged only its
     * growth, whichever thread logged it before.
     */
    public boolean insert(List<LogVector> transaction) {
        for (LogVector item : transaction) {
            int size = item.spaceBytes();
            long key = key(item.regions()[0]);
            if (key < 0) {
                used.add(size);
                continue;
            }
            // A relogged buffer keeps every range logged since it was last written (its dirty map only grows).
            AtomicInteger charged = items.get(key);
            if (charged == null) {
                AtomicInteger mine = new AtomicInteger(size);
                charged = items.putIfAbsent(key, mine);
                if (charged == null) {
                    used.add(size);
                    continue;
                }
            }
            for (int old = charged.get(); size > old; old = charged.get()) {
                if (charged.compareAndSet(old, size)) {
                    used.add(size - old);
                    break;
                }
            }
        }
        return used.sum() > limit;
    }

    /** The checkpoint completed (the log was forced): the next one starts empty. */
    public void reset() {
        items.clear();
        used.reset();
    }

    /** What an item logs (a buffer's disk address or an inode's number), or -1 for items never relogged. */
    static long key(byte[] format) {
        int type = (format[0] & 0xff) | (format[1] & 0xff) << 8;
        if (type == LogItemType.BUF) {
            return BufLogFormat.blkno(format) << 1;
        }
        if (type == LogItemType.INODE) {
            return InodeLogFormat.ino(format) << 1 | 1;
        }
        return -1;
    }
}
