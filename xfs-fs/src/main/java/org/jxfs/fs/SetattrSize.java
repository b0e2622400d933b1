// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.bmap.BmapUtil;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeLog;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/** xfs_iops.c's size change (6.18), with the page cache: zeroing, truncate_setsize, and the writeback it needs. */
final class SetattrSize {
    private SetattrSize() {
    }

    /**
     * Ports xfs_setattr_size. Bytes between the old and the new EOF must read as zeros: growing zeroes them
     * (xfs_zero_range, which turns delayed allocations past EOF into unwritten extents), shrinking zeroes the rest
     * of the new EOF block (xfs_truncate_page). truncate_setsize then moves i_size and drops the cached blocks past
     * it. Cached data between the on-disk size and the new size is written back before the new size is logged
     * (the NULL-files rule), when zeroing dirtied something or the on-disk size lags. The size is logged before any
     * block is freed; a truncate that does not grow the file frees every block from the one holding {@code newSize}
     * on (post-EOF preallocation and delayed allocations included) and marks the inode XFS_ITRUNCATED.
     * {@code setTimes} is ATTR_MTIME | ATTR_CTIME (ftruncate asks for them always; fallocate's size change does
     * not), and the times change anyway when the size does. An empty file truncated to 0 takes the short cut that
     * only stamps the times. The caller holds the iolock and mmaplock.
     */
    static void setattrSize(Mount mp, Inode ip, long newSize, boolean setTimes) throws XfsException {
        long oldSize = ip.size;
        if (newSize == 0 && oldSize == 0 && ip.nextents == 0) {
            if (setTimes) {
                stamp(mp, ip, 0, true);         // xfs_setattr_nonsize
            }
            return;
        }
        if (newSize <= oldSize && ip.format != Dinode.FMT_LOCAL) {
            // Before anything changes: every extent the truncate will free is checked, so a corrupt one refuses
            // the truncate with the size, the times and the data as they were.
            BmapUtil.checkTruncate(mp, ip, newSize);
        }
        boolean didZeroing = false;
        if (newSize > oldSize) {
            didZeroing = FileZero.zeroRange(mp, ip, oldSize, newSize - oldSize);
        } else if (newSize < oldSize) {
            didZeroing = FileZero.truncatePage(mp, ip, newSize);
        }
        // truncate_setsize: i_size, then the cached blocks wholly past it go
        long bs = mp.geometry().blocksize;
        ip.size = newSize;
        PageCache pc = PageCache.peek(mp);
        AddressSpace as = pc == null ? null : pc.peekSpace(ip);
        if (as != null) {
            as.invalidate((newSize + bs - 1) / bs, Long.MAX_VALUE);
            long disk = ip.diskSize;
            if (newSize > 0 && (didZeroing || (newSize > disk && oldSize != disk))) {
                Writeback.writeRange(mp, as, disk, newSize - 1);
            }
        }
        stamp(mp, ip, newSize, setTimes || newSize != oldSize);
        if (newSize <= oldSize) {
            // truncate_pagecache: pages wholly past the new EOF are unmapped before their blocks are freed
            long page = org.jxfs.dax.DaxMapping.PAGE_SIZE;
            DaxFiles.invalidate(mp, ip, (newSize + page - 1) / page * page, Long.MAX_VALUE);
            FileSpace.itruncate(mp, ip, newSize);
            PageCache.of(mp).space(ip).truncated = true;
        }
    }

    private static void stamp(Mount mp, Inode ip, long newSize, boolean times) throws XfsException {
        long now = FileTimes.coarseNowNanos();
        ip.ilock.writeLock().lock();
        try (Trans tp = Trans.alloc(mp, TransResv.ITRUNCATE, 0)) {
            ip.setSize(newSize);
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
