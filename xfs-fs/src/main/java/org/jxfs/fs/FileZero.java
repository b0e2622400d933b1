// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.bmap.BmapDelalloc;
import org.jxfs.bmap.BmapiFlags;
import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;

/**
 * Zeroing file bytes in place (xfs_zero_range -> iomap_zero_range with the buffered-write mapping, and
 * xfs_truncate_page), as 6.18 does it: cached blocks in the range are zeroed in the page cache (they stay dirty if
 * they were); written extents are zeroed on the device too; holes and unwritten extents without dirty data read as
 * zeros already and are skipped; a delayed allocation inside EOF holds its data in the cache, so zeroing the cache
 * is enough, while one that starts at or past the EOF block is converted to unwritten extents instead of being
 * zeroed (its cached blocks from there on dropped first). The caller holds the iolock (and mmaplock) exclusively.
 */
final class FileZero {
    private FileZero() {
    }

    /** Ports xfs_zero_range: zeroes [pos, pos + len); returns did_zero (some bytes had to be zeroed). */
    static boolean zeroRange(Mount mp, Inode ip, long pos, long len) throws XfsException {
        if (len <= 0) {
            return false;
        }
        Geometry geo = mp.geometry();
        long end = pos + len;
        long eofFsb = geo.bToFsb(ip.size);
        long fsb = geo.bToFsbt(pos);
        long endFsb = geo.bToFsb(end);
        PageCache pc = PageCache.peek(mp);
        AddressSpace as = pc == null ? null : pc.peekSpace(ip);
        boolean didZero = false;
        BmbtIrec[] maps = new BmbtIrec[1];
        while (fsb < endFsb) {
            int n;
            ip.ilock.readLock().lock();
            try {
                n = Bmapi.read(mp, ip, fsb, endFsb - fsb, 0, maps);
            } finally {
                ip.ilock.readLock().unlock();
            }
            BmbtIrec m = n == 0 ? BmbtIrec.hole(fsb, endFsb - fsb) : maps[0];
            long mEnd = Math.min(endFsb, m.startoff() + m.blockcount());
            if (m.isDelay() && fsb >= eofFsb) {
                // convert_delay: no zeroing past EOF; the reservation becomes unwritten extents
                if (as != null) {
                    as.invalidate(fsb, Long.MAX_VALUE);
                }
                BmapDelalloc.convertDelalloc(mp, ip, fsb, BmapiFlags.PREALLOC);
                continue;
            }
            if (m.isDelay() && mEnd > eofFsb) {
                mEnd = eofFsb;
            }
            long from = Math.max(pos, geo.fsbToB(fsb));
            long to = Math.min(end, geo.fsbToB(mEnd));
            if (m.isWrittenExtent()) {
                long dev = Geometry.bbToB(geo.fsbToDaddr(m.startblock())) + (from - geo.fsbToB(m.startoff()));
                mp.device().zeroRange(dev, to - from);
                zeroCached(geo, as, from, to, false);
                didZero = true;
            } else if (m.isDelay()) {
                // iomap_zero_iter over a delalloc range inside EOF: every block's folio is zeroed and dirtied
                if (as == null) {
                    as = PageCache.of(mp).space(ip);
                }
                for (long b = from >>> geo.blocklog; b < mEnd; b++) {
                    Folio f = as.get(b);
                    if (f == null) {
                        f = as.add(new Folio(b, PageCache.of(mp).newBlock()));
                    }
                    as.markDirty(f);
                }
                zeroCached(geo, as, from, to, false);
                didZero = true;
            } else if (m.isUnwritten()) {
                didZero |= zeroCached(geo, as, from, to, true);
            }
            fsb = mEnd;
        }
        return didZero;
    }

    /** Zeroes the cached bytes of [from, to); with {@code dirtyOnly} only dirty blocks. Returns whether any was. */
    private static boolean zeroCached(Geometry geo, AddressSpace as, long from, long to, boolean dirtyOnly) {
        if (as == null || from >= to) {
            return false;
        }
        boolean any = false;
        synchronized (as) {
            for (Folio f : as.cachedIn(from >>> geo.blocklog, (to - 1) >>> geo.blocklog)) {
                if (dirtyOnly && !f.dirty) {
                    continue;
                }
                long bpos = f.index << geo.blocklog;
                int a = (int) (Math.max(from, bpos) - bpos);
                int b = (int) (Math.min(to, bpos + geo.blocksize) - bpos);
                java.util.Arrays.fill(f.data, a, b, (byte) 0);
                any = true;
            }
        }
        return any;
    }

    /**
     * Ports xfs_truncate_page (iomap_truncate_page): zeroes from {@code newSize} to the end of the block holding it,
     * so bytes cut off by a truncate read as zeros if the file grows again. Returns did_zero.
     */
    static boolean truncatePage(Mount mp, Inode ip, long newSize) throws XfsException {
        long bs = mp.geometry().blocksize;
        long off = newSize % bs;
        return off != 0 && zeroRange(mp, ip, newSize, bs - off);
    }
}
