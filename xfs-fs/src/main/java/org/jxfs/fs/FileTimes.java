// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.time.Instant;
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
     * Ports file_modified -> xfs_vn_update_time(S_MTIME | S_CTIME): every fallocate call stamps mtime and ctime
     * before it does anything, even one that changes no block, in a transaction of its own (tr_fsyncts).
     */
    static void fileModified(Mount mp, Inode ip) throws XfsException {
        Instant now = Instant.now();
        ip.ilock.writeLock().lock();
        try (Trans tp = Trans.alloc(mp, TransResv.ICHANGE, 0)) {
            ip.touchModChg(now.getEpochSecond(), now.getNano());
            InodeLog.log(tp, mp, ip);
            tp.commit();
        } finally {
            ip.ilock.writeLock().unlock();
        }
    }
}
