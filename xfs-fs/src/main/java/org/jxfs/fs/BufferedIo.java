// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.util.Arrays;
import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.NoSpaceException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.iomap.Iomap;
import org.jxfs.iomap.IomapBufferedWrite;

/**
 * xfs_file.c's buffered read and write (6.18) over the page cache: a write copies into cached blocks and marks them
 * dirty after {@link IomapBufferedWrite#begin} reserved delayed allocations for the holes it covers; blocks are
 * chosen later, by {@link Writeback}. A read copies from cached blocks and reads the rest from the device.
 */
final class BufferedIo {
    private BufferedIo() {
    }

    /**
     * Ports xfs_file_buffered_write: the iolock exclusive, xfs_file_write_checks (zeroing from EOF to a write that
     * starts past it, stamping the times), then iomap_file_buffered_write: one mapping at a time, each block
     * read first when the write covers part of it and it holds data on disk, copied into and dirtied. i_size moves
     * as the bytes land; the on-disk size moves at writeback. ENOSPC when nothing was copied yet is retried once after
     * writing back every dirty inode and trimming post-EOF preallocations (xfs_flush_inodes and
     * xfs_blockgc_free_space), then returned; after some bytes it ends the write short.
     */
    static int write(Mount mp, Inode ip, long pos, byte[] buf, int off, int len) throws XfsException {
        PageCache pc = PageCache.of(mp);
        AddressSpace as = pc.space(ip);
        boolean cleared = false;
        while (true) {
            long done;
            ip.iolock.writeLock().lock();
            try {
                mp.checkShutdown();
                if (pos > ip.size) {
                    FileZero.zeroRange(mp, ip, ip.size, pos - ip.size);
                }
                FileTimes.fileModified(mp, ip);
                done = copyIn(mp, ip, as, pos, buf, off, len);
            } catch (NoSpaceException e) {
                if (cleared) {
                    throw e;
                }
                done = -1;
            } finally {
                ip.iolock.writeLock().unlock();
            }
            if (done >= 0) {
                pc.balance();
                return (int) done;
            }
            cleared = true;
            pc.writebackAll();
            EofBlocks.freeAllEofblocks(mp, pc);
        }
    }

    /** iomap_file_buffered_write's loop; throws ENOSPC only when nothing was copied. */
    private static long copyIn(Mount mp, Inode ip, AddressSpace as, long pos, byte[] buf, int off, int len)
            throws XfsException {
        Geometry geo = mp.geometry();
        int bs = geo.blocksize;
        long end = pos + len;
        long cur = pos;
        while (cur < end) {
            Iomap map;
            try {
                map = IomapBufferedWrite.begin(mp, ip, cur, end - cur);
            } catch (NoSpaceException e) {
                if (cur == pos) {
                    throw e;
                }
                break;
            }
            long segEnd = Math.min(end, map.end());
            while (cur < segEnd) {
                long b = cur >>> geo.blocklog;
                long bpos = b << geo.blocklog;
                int from = (int) (cur - bpos);
                int to = (int) (Math.min(segEnd, bpos + bs) - bpos);
                while (true) {
                    synchronized (as) {
                        Folio f = as.get(b);
                        if (f != null) {
                            System.arraycopy(buf, off + (int) (bpos + from - pos), f.data, from, to - from);
                            as.markDirty(f);
                            break;
                        }
                    }
                    newFolio(mp, ip, as, map, cur, segEnd);
                }
                cur = bpos + to;
                if (cur > ip.size) {
                    ip.size = cur;                  // iomap_write_end: i_size_write
                }
            }
        }
        return cur - pos;
    }

    /**
     * The folio a buffered write at {@code cur} gets when none is cached there (iomap_write_begin ->
     * __filemap_get_folio with fgf_set_order): as large as the bytes left to copy in this mapping (up to the 2 MiB
     * chunk iomap_write_iter copies at a time), a power of two of pages, aligned in the file to its size, and
     * smaller until no cached block is in its way. Its blocks the write covers only in part are read first when a
     * written extent backs them inside EOF (iomap_block_needs_zeroing), the rest start as zeros.
     */
    private static void newFolio(Mount mp, Inode ip, AddressSpace as, Iomap map, long cur, long segEnd)
            throws XfsException {
        Geometry geo = mp.geometry();
        int bs = geo.blocksize;
        int pageBlocks = Math.max(1, PAGE_SIZE / bs);
        long page = cur / PAGE_SIZE;
        long bytes = Math.min(MAX_FOLIO_BYTES - (cur & (MAX_FOLIO_BYTES - 1)), segEnd - cur);
        int shift = 63 - Long.numberOfLeadingZeros(bytes);
        int order = shift <= PAGE_SHIFT ? 0 : shift - PAGE_SHIFT;
        if ((page & ((1L << order) - 1)) != 0) {
            order = Long.numberOfTrailingZeros(page);
        }
        while (order > 0 && as.anyCached(page * pageBlocks, (long) pageBlocks << order)) {
            order--;
        }
        long head = page * pageBlocks;
        int n = pageBlocks << order;
        if (as.anyCached(head, n) || (head << geo.blocklog) < map.offset()) {
            // blocks smaller than a page: some of the page cached already, or mapped by another extent
            head = cur >>> geo.blocklog;
            n = 1;
        }
        PageCache pc = PageCache.of(mp);
        for (long b = head; b < head + n; b++) {
            long bpos = b << geo.blocklog;
            byte[] d = pc.newBlock();
            boolean whole = bpos >= cur && bpos + bs <= segEnd;
            if (!whole && bpos < ip.size && map.type() == Iomap.Type.MAPPED && !map.isNew() && bpos >= map.offset()
                    && bpos < map.end()) {
                mp.device().read(map.deviceAt(bpos), d, 0, bs);
            }
            as.add(new Folio(b, d, head, n));
        }
    }

    /** Copies {@code n} bytes from {@code from} in the cached block {@code b}, if it is cached. */
    private static boolean copyCached(AddressSpace as, long b, int from, byte[] buf, int at, int n) {
        synchronized (as) {
            Folio f = as.get(b);
            if (f == null) {
                return false;
            }
            System.arraycopy(f.data, from, buf, at, n);
            return true;
        }
    }

    /** PAGE_SIZE and PAGE_SHIFT of the kernel that is being modelled (x86-64). */
    static final int PAGE_SIZE = 4096;
    static final int PAGE_SHIFT = 12;
    /** mapping_max_folio_size of an XFS file: PMD-sized folios, 2 MiB. */
    static final long MAX_FOLIO_BYTES = 2L << 20;

    /**
     * Ports xfs_file_buffered_read (filemap_read): the iolock shared, reads stop at EOF; cached blocks are copied
     * from the cache, the rest read from the device where a written extent backs them and zeros elsewhere (holes,
     * unwritten extents, delayed allocations without cached data). Blocks read from the device are not kept.
     */
    static int read(Mount mp, Inode ip, long pos, byte[] buf, int off, int len) throws XfsException {
        ip.iolock.readLock().lock();
        try {
            long isize = ip.size;
            if (len == 0 || pos >= isize) {
                return 0;
            }
            PageCache pc = PageCache.peek(mp);
            AddressSpace as = pc == null ? null : pc.peekSpace(ip);
            Geometry geo = mp.geometry();
            int bs = geo.blocksize;
            long end = Math.min(pos + (long) len, isize);
            long cur = pos;
            BmbtIrec[] maps = new BmbtIrec[1];
            BmbtIrec m = null;
            while (cur < end) {
                long b = cur >>> geo.blocklog;
                long bpos = b << geo.blocklog;
                int to = (int) (Math.min(end, bpos + bs) - bpos);
                int from = (int) (cur - bpos);
                int at = off + (int) (cur - pos);
                if (as != null && copyCached(as, b, from, buf, at, to - from)) {
                    cur = bpos + to;
                    continue;
                }
                if (m == null || !m.contains(b)) {
                    ip.ilock.readLock().lock();
                    try {
                        int n = Bmapi.read(mp, ip, b, geo.bToFsb(end) - b, 0, maps);
                        m = n == 0 ? BmbtIrec.hole(b, geo.bToFsb(end) - b) : maps[0];
                    } finally {
                        ip.ilock.readLock().unlock();
                    }
                }
                // Up to the end of this mapping or the next cached block, whichever comes first.
                long runEnd = Math.min(end, geo.fsbToB(m.startoff() + m.blockcount()));
                long stop = bpos + to;
                while (stop < runEnd && (as == null || as.get(stop >>> geo.blocklog) == null)) {
                    stop = Math.min(runEnd, stop + bs);
                }
                int n = (int) (stop - cur);
                if (m.isWrittenExtent()) {
                    long dev = Geometry.bbToB(geo.fsbToDaddr(m.startblock())) + (cur - geo.fsbToB(m.startoff()));
                    mp.device().read(dev, buf, at, n);
                } else {
                    Arrays.fill(buf, at, at + n, (byte) 0);
                }
                cur = stop;
            }
            return (int) (end - pos);
        } finally {
            ip.iolock.readLock().unlock();
        }
    }
}
