// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.dax.DaxMapping;
import org.jxfs.iomap.Iomap;
import org.jxfs.iomap.IomapBufferedWrite;

/**
 * A shared mapping of a file through its page cache (xfs_file_vm_ops for a non-DAX inode, 6.18). A load of a page
 * not in the cache is a read fault (filemap_fault: the blocks read in, clean); the first store into a page that is
 * not dirty is a write fault and xfs_filemap_page_mkwrite (iomap_page_mkwrite): delayed allocations reserved for
 * the page's holes inside EOF, as a buffered write would, and the page dirtied. Writeback and msync write it. A
 * touch past the page holding EOF is SIGBUS; the bytes of that page past EOF read as zeros and never reach disk.
 */
final class PageCacheMmap implements FileMapping {
    /** EFAULT: the errno of an access the mapping cannot serve (the signal it stands for is SIGBUS). */
    static final int EFAULT = 14;

    private final Mount mp;
    private final Inode ip;
    private final AddressSpace as;
    private final boolean writable;
    private volatile boolean unmapped;

    PageCacheMmap(Mount mp, Inode ip, boolean writable) {
        this.mp = mp;
        this.ip = ip;
        this.as = PageCache.of(mp).space(ip);
        this.writable = writable;
    }

    @Override
    public byte readByte(long pos) throws XfsException {
        byte[] v = new byte[1];
        eachBlock(pos, 1, false, (f, p, inBlock, done, n) -> v[0] = f.data[inBlock]);
        return v[0];
    }

    @Override
    public void writeByte(long pos, byte v) throws XfsException {
        if (!writable) {
            throw new XfsException(EFAULT, "store into a read-only mapping at " + pos);
        }
        eachBlock(pos, 1, true, (f, p, inBlock, done, n) -> {
            f.data[inBlock] = v;
            as.markDirty(f);
        });
    }

    /** A block at a time: one fault per block, then the copy out of its folio. */
    @Override
    public void read(long pos, byte[] dst, int off, int len) throws XfsException {
        eachBlock(pos, len, false, (f, p, inBlock, done, n) -> System.arraycopy(f.data, inBlock, dst, off + done, n));
    }

    /** A block at a time: the fault and, on the block's first store, page_mkwrite; then the copy and the dirtying. */
    @Override
    public void write(long pos, byte[] src, int off, int len) throws XfsException {
        if (!writable) {
            throw new XfsException(EFAULT, "store into a read-only mapping at " + pos);
        }
        eachBlock(pos, len, true, (f, p, inBlock, done, n) -> {
            System.arraycopy(src, off + done, f.data, inBlock, n);
            as.markDirty(f);
        });
    }

    /**
     * What a copy does with one block's part of it: {@code n} bytes at {@code inBlock}, {@code done} copied before;
     * called under the address space's monitor with the folio still cached.
     */
    private interface BlockPart {
        void copy(Folio f, long pos, int inBlock, int done, int n);
    }

    /**
     * Faults in each block of {@code [pos, pos + len)} in turn (and, for a store, page_mkwrite on the block's first
     * one) and hands its part to {@code part}, faulting again if a truncate or punch dropped the block meanwhile.
     */
    private void eachBlock(long pos, int len, boolean store, BlockPart part) throws XfsException {
        int bs = mp.geometry().blocksize;
        for (int done = 0; done < len; ) {
            long p = pos + done;
            int inBlock = (int) (p & (bs - 1));
            int n = Math.min(len - done, bs - inBlock);
            Folio f = fault(p);
            if (store && !f.dirty) {
                pageMkwrite(p & -DaxMapping.PAGE_SIZE);
            }
            synchronized (as) {
                if (as.get(f.index) != f) {
                    continue;
                }
                part.copy(f, p, inBlock, done, n);
            }
            done += n;
        }
    }

    /** filemap_fault: the block holding {@code pos}, read in when it is not cached. */
    private Folio fault(long pos) throws XfsException {
        if (unmapped) {
            throw new XfsException(EFAULT, "access to an unmapped mapping at " + pos);
        }
        Geometry geo = mp.geometry();
        ip.mmaplock.readLock().lock();
        try {
            long eofPage = (ip.size + DaxMapping.PAGE_SIZE - 1) & -DaxMapping.PAGE_SIZE;
            if (pos < 0 || pos >= eofPage) {
                throw new XfsException(EFAULT, "SIGBUS: access at " + pos + " past the page holding "
                        + "EOF (" + ip.size + ")");
            }
            long b = pos >>> geo.blocklog;
            Folio f = as.get(b);
            if (f != null) {
                return f;
            }
            byte[] d = PageCache.of(mp).newBlock();
            BmbtIrec[] maps = new BmbtIrec[1];
            ip.ilock.readLock().lock();
            try {
                if (Bmapi.read(mp, ip, b, 1, 0, maps) == 1 && maps[0].isWrittenExtent()) {
                    long dev = Geometry.bbToB(geo.fsbToDaddr(maps[0].startblock() + (b - maps[0].startoff())));
                    mp.device().read(dev, d, 0, d.length);
                }
            } finally {
                ip.ilock.readLock().unlock();
            }
            if ((b << geo.blocklog) + geo.blocksize > ip.size && (b << geo.blocklog) < ip.size) {
                java.util.Arrays.fill(d, (int) (ip.size - (b << geo.blocklog)), d.length, (byte) 0);
            }
            return as.add(new Folio(b, d));
        } finally {
            ip.mmaplock.readLock().unlock();
        }
    }

    /**
     * Ports xfs_filemap_page_mkwrite (iomap_page_mkwrite with the buffered-write mapping): under the mmaplock
     * shared, every mapping over the page's part inside EOF is looked up, holes getting delayed allocations, and
     * the page's blocks are dirtied. ENOSPC is the SIGBUS of a failed write fault.
     */
    private void pageMkwrite(long page) throws XfsException {
        Geometry geo = mp.geometry();
        ip.mmaplock.readLock().lock();
        try {
            mp.checkShutdown();
            FileTimes.fileModified(mp, ip);
            long end = Math.min(page + DaxMapping.PAGE_SIZE, ip.size);
            long cur = page;
            while (cur < end) {
                Iomap map = IomapBufferedWrite.begin(mp, ip, cur, end - cur);
                cur = Math.min(end, map.end());
            }
            for (long b = page >>> geo.blocklog; (b << geo.blocklog) < end; b++) {
                Folio f = as.get(b);
                if (f == null) {
                    f = fault(b << geo.blocklog);
                }
                as.markDirty(f);
            }
        } finally {
            ip.mmaplock.readLock().unlock();
        }
    }

    @Override
    public void msync(long pos, long len) throws XfsException {
        if (len <= 0) {
            return;
        }
        FileIo.writeAndWait(mp, ip, pos, pos + len - 1);
    }

    @Override
    public void munmap() {
        unmapped = true;
    }
}
