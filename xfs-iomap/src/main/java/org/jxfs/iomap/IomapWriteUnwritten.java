// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.iomap;

import org.jxfs.bmap.BmapUtil;
import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmapiFlags;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeLog;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/** xfs_iomap.c's unwritten-extent conversion after the data of a direct write (or a DAX fault) is on disk. */
public final class IomapWriteUnwritten {
    private IomapWriteUnwritten() {
    }

    /**
     * Ports xfs_iomap_write_unwritten (Linux 6.18): converts the unwritten extents under the byte range
     * [offset, offset + count) to written, one mapping per transaction. Each transaction reserves two full bmbt
     * splits, since converting the middle of an unwritten extent inserts two records, and may dip into the reserve
     * pool for them (XFS_TRANS_RESERVE): conversion must not fail for want of space the data already has. With {@code updateIsize}
     * the size grows as each piece is converted, never past the end of the written bytes (a write may end in the
     * middle of a block). Written extents in the range are left as they are; the range must hold no hole.
     */
    public static void writeUnwritten(Mount mp, Inode ip, long offset, long count, boolean updateIsize)
            throws XfsException {
        Geometry geo = mp.geometry();
        long offsetFsb = geo.bToFsbt(offset);
        long countFsb = geo.bToFsb(offset + count) - offsetFsb;
        long resblks = BmapUtil.diostratSpaceRes(mp, 0) << 1;
        BmbtIrec[] maps = new BmbtIrec[1];
        do {
            int nimaps;
            try (Trans tp = Trans.alloc(mp, TransResv.WRITE, resblks, true)) {
                ip.ilock.writeLock().lock();
                try {
                    nimaps = Bmapi.write(tp, ip, offsetFsb, countFsb, BmapiFlags.CONVERT, resblks, maps);
                    // Log the new size as we go, only up to the written bytes when they end inside a block.
                    long isize = Math.min(geo.fsbToB(offsetFsb + countFsb), offset + count);
                    if (updateIsize && isize > ip.size) {
                        ip.size = isize;
                    }
                    // xfs_new_eof: the on-disk size follows, capped at the in-core size.
                    long dsize = Math.min(isize, ip.size);
                    if (dsize > ip.diskSize) {
                        ip.diskSize = dsize;
                        InodeLog.log(tp, mp, ip);
                    }
                    tp.commit();
                } finally {
                    ip.ilock.writeLock().unlock();
                }
            }
            if (nimaps == 0 || maps[0].blockcount() == 0) {
                break;
            }
            if (maps[0].startblock() == 0) {
                throw IomapWriteDirect.alertFsblockZero(ip, maps[0]);
            }
            offsetFsb += maps[0].blockcount();
            countFsb -= maps[0].blockcount();
        } while (countFsb > 0);
    }
}
