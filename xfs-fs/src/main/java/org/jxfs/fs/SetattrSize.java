// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.core.XfsException;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeLog;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/** xfs_iops.c's size change. jxfs keeps no page cache, so the in-core and on-disk sizes are one field. */
final class SetattrSize {
    private SetattrSize() {
    }

    /**
     * Ports xfs_setattr_size. The new size is made permanent before any block is freed, so a crash can never
     * expose freed blocks through the old size. Only a truncate that does not grow the file frees blocks: every
     * block from the one holding {@code newSize} on, including post-EOF preallocation (so ftruncate to the current
     * size drops KEEP_SIZE blocks past EOF); growing frees nothing. {@code setTimes} is ATTR_MTIME | ATTR_CTIME
     * (ftruncate asks for them always; fallocate's size change does not), and the times change anyway when the
     * size does. An empty file truncated to 0 takes the short cut that only stamps the times. The caller holds
     * the iolock and mmaplock.
     */
    static void setattrSize(Mount mp, Inode ip, long newSize, boolean setTimes) throws XfsException {
        long oldSize = ip.size;
        if (newSize == 0 && oldSize == 0 && ip.nextents == 0) {
            if (setTimes) {
                stamp(mp, ip, 0, true);         // xfs_setattr_nonsize
            }
            return;
        }
        // Bytes between the old and the new EOF must read as zeros: growing zeroes them (xfs_zero_range), shrinking
        // zeroes the rest of the new EOF block (xfs_truncate_page); only written blocks hold bytes to zero.
        if (newSize > oldSize) {
            FileZero.zeroRange(mp, ip, oldSize, newSize - oldSize);
        } else if (newSize < oldSize) {
            FileZero.truncatePage(mp, ip, newSize);
        }
        stamp(mp, ip, newSize, setTimes || newSize != oldSize);
        if (newSize <= oldSize) {
            // truncate_pagecache: pages wholly past the new EOF are unmapped before their blocks are freed
            long page = org.jxfs.dax.DaxMapping.PAGE_SIZE;
            DaxFiles.invalidate(mp, ip, (newSize + page - 1) / page * page, Long.MAX_VALUE);
            FileSpace.itruncate(mp, ip, newSize);
        }
    }

    private static void stamp(Mount mp, Inode ip, long newSize, boolean times) throws XfsException {
        long now = FileTimes.coarseNowNanos();
        ip.ilock.writeLock().lock();
        try (Trans tp = Trans.alloc(mp, TransResv.ITRUNCATE, 0)) {
            ip.size = newSize;
            if (times) {
                ip.touchModChg(Math.floorDiv(now, FileTimes.NANOS_PER_SEC), Math.floorMod(now, FileTimes.NANOS_PER_SEC));
            }
            InodeLog.log(tp, mp, ip);
            tp.commit();
        } finally {
            ip.ilock.writeLock().unlock();
        }
    }
}
