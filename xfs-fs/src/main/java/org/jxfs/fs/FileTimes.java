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

    static final long NANOS_PER_SEC = 1_000_000_000L;

    /** current_time(inode): the coarse clock ({@link CoarseClock}), in nanoseconds since the epoch. */
    static long coarseNowNanos() {
        return CoarseClock.nowNanos();
    }

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
