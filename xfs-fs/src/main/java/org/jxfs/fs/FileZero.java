// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;

/**
 * Zeroing file bytes in place (xfs_zero_range -> iomap_zero_range, xfs_truncate_page). The kernel does it through
 * the page cache and writes the pages back; jxfs has no page cache, so the bytes in written extents are zeroed on
 * the device directly. Holes and unwritten extents read as zeros already and are skipped, as iomap_zero_range
 * skips them. The caller holds the iolock (and mmaplock) exclusively.
 */
final class FileZero {
    private FileZero() {
    }

    /** Ports xfs_zero_range: zeroes the written bytes of [pos, pos + len). */
    static void zeroRange(Mount mp, Inode ip, long pos, long len) throws XfsException {
        if (len <= 0) {
            return;
        }
        Geometry geo = mp.geometry();
        long end = pos + len;
        long fsb = geo.bToFsbt(pos);
        long endFsb = geo.bToFsb(end);
        BmbtIrec[] maps = new BmbtIrec[16];
        while (fsb < endFsb) {
            int n;
            ip.ilock.readLock().lock();
            try {
                n = Bmapi.read(mp, ip, fsb, endFsb - fsb, 0, maps);
            } finally {
                ip.ilock.readLock().unlock();
            }
            if (n == 0) {
                return;
            }
            for (int i = 0; i < n; i++) {
                BmbtIrec m = maps[i];
                if (m.isWrittenExtent()) {
                    long from = Math.max(pos, geo.fsbToB(m.startoff()));
                    long to = Math.min(end, geo.fsbToB(m.startoff() + m.blockcount()));
                    long dev = Geometry.bbToB(geo.fsbToDaddr(m.startblock())) + (from - geo.fsbToB(m.startoff()));
                    mp.device().zeroRange(dev, to - from);
                }
                fsb = m.startoff() + m.blockcount();
            }
        }
    }

    /**
     * Ports xfs_truncate_page (iomap_truncate_page): zeroes from {@code newSize} to the end of the block holding it,
     * so bytes cut off by a truncate read as zeros if the file grows again.
     */
    static void truncatePage(Mount mp, Inode ip, long newSize) throws XfsException {
        long bs = mp.geometry().blocksize;
        long off = newSize % bs;
        if (off != 0) {
            zeroRange(mp, ip, newSize, bs - off);
        }
    }
}
