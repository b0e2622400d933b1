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
 * unwritten extent is data only where the page cache holds blocks over it (mapping_seek_hole_data, in
 * {@link #seekCached}).
 */
final class FileSeek {
    private FileSeek() {
    }

    /** Ports iomap_seek_data: the first data offset at or after {@code pos}; ENXIO if none before EOF. */
    static long seekData(Mount mp, Inode ip, long pos) throws XfsException {
        return seek(mp, ip, pos, true);
    }

    /** Ports iomap_seek_hole: the first hole offset at or after {@code pos}, EOF (the implied hole) if none. */
    static long seekHole(Mount mp, Inode ip, long pos) throws XfsException {
        return seek(mp, ip, pos, false);
    }

    /**
     * The iomap_iter walk of both: ENXIO at or past EOF; then the mappings from {@code pos} to EOF in order, each a
     * hole (the gap before a record), data (written or delayed) or unwritten (asking the page cache).
     */
    private static long seek(Mount mp, Inode ip, long pos, boolean data) throws XfsException {
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
                long start = Math.max(cur, r.startoff() * bs);
                if (start >= size) {
                    break;
                }
                if (!data && start > cur) {
                    return cur;                         // a hole before this extent
                }
                long end = Math.min(size, r.endoff() * bs);
                if (r.isDelay() || r.isWrittenExtent()) {
                    if (data) {
                        return start;
                    }
                } else {
                    long found = seekCached(mp, ip, start, end, data);
                    if (data ? found >= 0 : found < end) {
                        return found;
                    }
                }
                cur = end;
            }
            if (data) {
                throw enxio(pos, size);
            }
            return Math.min(cur, size);
        } finally {
            ip.ilock.readLock().unlock();
        }
    }

    /**
     * Ports mapping_seek_hole_data over an unwritten extent's bytes {@code [from, to)}: with {@code data}, the first
     * offset a cached (uptodate) block covers, or -1; without, the first offset no cached block covers ({@code to}
     * if all are). Direct and DAX I/O cache nothing, so for them the unwritten bytes are all hole.
     */
    private static long seekCached(Mount mp, Inode ip, long from, long to, boolean data) {
        PageCache pc = PageCache.peek(mp);
        AddressSpace as = pc == null ? null : pc.peekSpace(ip);
        if (as == null || from >= to) {
            return data ? -1 : from;
        }
        int blocklog = mp.geometry().blocklog;
        long pos = from;
        for (Folio f : as.cachedIn(from >>> blocklog, (to - 1) >>> blocklog)) {
            long fstart = f.index << blocklog;
            if (data) {
                return Math.max(from, fstart);
            }
            if (fstart > pos) {
                return pos;
            }
            pos = fstart + (1L << blocklog);
        }
        return data ? -1 : Math.min(pos, to);
    }

    private static XfsException enxio(long pos, long size) {
        return new XfsException(XfsException.ENXIO, "lseek: offset " + pos + " is not inside the file (size "
                + size + ")");
    }
}
