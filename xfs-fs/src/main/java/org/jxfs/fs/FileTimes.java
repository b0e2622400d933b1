// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.core.XfsException;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeLog;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/** Timestamp updates of the file operations (xfs_iops.c). */
final class FileTimes {
    private FileTimes() {
    }

    /**
     * The kernel's coarse clock (ktime_get_coarse_real_ts64) advances once per timer tick: 4 ms with the
     * distribution kernels' HZ=250. File timestamps are taken from it unless someone looked at them since.
     */
    static final long COARSE_TICK_NANOS = 4_000_000L;
    static final long NANOS_PER_SEC = 1_000_000_000L;

    /**
     * current_time(inode): the coarse clock, in nanoseconds since the epoch. The tick is whole milliseconds, so the
     * millisecond clock (one vDSO call, cheaper than Instant.now) gives the same value.
     */
    static long coarseNowNanos() {
        long nanos = System.currentTimeMillis() * NANOS_PER_MILLI;
        return nanos - Math.floorMod(nanos, COARSE_TICK_NANOS);
    }

    static final long NANOS_PER_MILLI = 1_000_000L;

    /**
     * Ports file_modified -> xfs_vn_update_time(S_MTIME | S_CTIME): every fallocate call stamps mtime and ctime
     * before it does anything, even one that changes no block, in a transaction of its own (tr_fsyncts) — unless
     * inode_needs_update_time finds both already equal to the current coarse time, as they are for calls within
     * one clock tick, and then no transaction is made at all.
     */
    static void fileModified(Mount mp, Inode ip) throws XfsException {
        long coarse = coarseNowNanos();
        long sec = Math.floorDiv(coarse, NANOS_PER_SEC);
        long nsec = Math.floorMod(coarse, NANOS_PER_SEC);
        // inode_needs_update_time reads the times without the ilock, as here: a racing update can only make this
        // call stamp what is already there.
        if (ip.mtimeSec == sec && ip.mtimeNsec == nsec && ip.ctimeSec == sec && ip.ctimeNsec == nsec) {
            return;
        }
        ip.ilock.writeLock().lock();
        try {
            try (Trans tp = Trans.alloc(mp, TransResv.ICHANGE, 0)) {
                ip.touchModChg(sec, nsec);
                InodeLog.log(tp, mp, ip);
                tp.commit();
            }
        } finally {
            ip.ilock.writeLock().unlock();
        }
    }
}
