// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.IextCursor;
import org.jxfs.bmap.IextTree;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.XfsException;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;

/**
 * lseek(2)'s SEEK_DATA and SEEK_HOLE on an XFS file (Linux 6.18: xfs_file_llseek, iomap_seek_data and
 * iomap_seek_hole over xfs_seek_iomap_ops). Written extents and delayed allocations are data; holes are holes; an
 * unwritten extent is data only where the page cache holds pages over it (mapping_seek_hole_data). jxfs caches no
 * file pages, so unwritten extents read as holes here; {@link #seekCached} is the one place that answers it.
 */
final class FileSeek {
    private FileSeek() {
    }

    /** Ports iomap_seek_data: the first data offset at or after {@code pos}; ENXIO if none before EOF. */
    static long seekData(Mount mp, Inode ip, long pos) throws XfsException {
        mp.checkShutdown();
        ip.ilock.readLock().lock();
        try {
            long size = ip.size;
            if (pos < 0 || pos >= size) {
                throw enxio(pos, size);
            }
            long bs = mp.geometry().blocksize;
            IextTree iext = Ifork.get(mp, ip).iext();
            IextCursor icur = new IextCursor();
            for (BmbtIrec r = iext.lookupExtent(pos / bs, icur); r != null; r = iext.nextExtent(icur)) {
                long start = Math.max(pos, r.startoff() * bs);
                if (start >= size) {
                    break;
                }
                if (r.isDelay() || r.isWrittenExtent()) {
                    return start;
                }
                long cached = seekCached(mp, ip, start, Math.min(size, r.endoff() * bs), true);
                if (cached >= 0) {
                    return cached;
                }
            }
            throw enxio(pos, size);
        } finally {
            ip.ilock.readLock().unlock();
        }
    }

    /** Ports iomap_seek_hole: the first hole offset at or after {@code pos}, EOF (the implied hole) if none. */
    static long seekHole(Mount mp, Inode ip, long pos) throws XfsException {
        mp.checkShutdown();
        ip.ilock.readLock().lock();
        try {
            long size = ip.size;
            if (pos < 0 || pos >= size) {
                throw enxio(pos, size);
            }
            long bs = mp.geometry().blocksize;
            IextTree iext = Ifork.get(mp, ip).iext();
            IextCursor icur = new IextCursor();
            long cur = pos;
            for (BmbtIrec r = iext.lookupExtent(pos / bs, icur); r != null && cur < size;
                    r = iext.nextExtent(icur)) {
                if (r.startoff() * bs > cur) {
                    return cur;                         // a hole before this extent
                }
                long end = Math.min(size, r.endoff() * bs);
                if (!r.isDelay() && !r.isWrittenExtent()) {
                    long hole = seekCached(mp, ip, cur, end, false);
                    if (hole < end) {
                        return hole;
                    }
                }
                cur = r.endoff() * bs;
            }
            return Math.min(cur, size);
        } finally {
            ip.ilock.readLock().unlock();
        }
    }

    /**
     * Ports mapping_seek_hole_data over an unwritten extent's bytes {@code [from, to)}: with {@code data}, the first
     * offset cached pages make data, or -1; without, the first offset no cached page covers ({@code to} if all
     * are). No file page is cached in jxfs (direct and DAX I/O bypass caching), so the unwritten bytes are all
     * hole; the page cache answers here once there is one.
     */
    private static long seekCached(Mount mp, Inode ip, long from, long to, boolean data) {
        return data ? -1 : from;
    }

    private static XfsException enxio(long pos, long size) {
        return new XfsException(XfsException.ENXIO, "lseek: offset " + pos + " is not inside the file (size "
                + size + ")");
    }
}
