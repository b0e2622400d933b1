// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.iomap;

import org.jxfs.bmap.BmapDelalloc;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.IextCursor;
import org.jxfs.bmap.IextTree;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;

/**
 * xfs_iomap.c's mapping for buffered writes (6.18): a write into a hole reserves a delayed allocation instead of
 * allocating, and a write at EOF reserves speculative preallocation past it, sized by how large the file has grown.
 * Data fork only: jxfs has no reflink (COW fork), no extent size hints on the buffered path and no quotas.
 */
public final class IomapBufferedWrite {
    /**
     * m_allocsize_log without the allocsize mount option: XFS_WRITEIO_LOG_LARGE, 64 KiB, the minimum speculative
     * preallocation and the alignment of its start (XFS_ALLOC_ALIGN).
     */
    public static final int ALLOCSIZE_LOG = 16;
    /** The number of XFS_LOWSP_* free-space thresholds (1% to 5% of the data blocks). */
    static final int LOWSP_MAX = 5;
    /** 1024 * PAGE_SIZE: the most one iomap_begin maps of a hole (MAX_WRITEBACK_PAGES pages). */
    public static final long MAX_MAP_BYTES = 1024L * 4096;

    private IomapBufferedWrite() {
    }

    /** m_allocsize_blocks: 64 KiB in filesystem blocks. */
    public static long allocsizeBlocks(Geometry geo) {
        return Math.max(1, 1L << (ALLOCSIZE_LOG - geo.blocklog));
    }

    /**
     * Ports xfs_buffered_write_iomap_begin for the data fork: under ILOCK_EXCL, a real extent or delalloc record at
     * {@code offset} is returned as it is; a hole gets a delalloc reservation for the write's blocks (at most
     * {@link #MAX_MAP_BYTES}, and not past the next extent), plus, when the write goes past EOF with nothing mapped
     * after it, speculative preallocation up to the allocation-aligned end plus {@link #preallocSize}. ENOSPC from
     * the reservation (after retrying without preallocation) reaches the caller before any byte is copied.
     */
    public static Iomap begin(Mount mp, Inode ip, long offset, long count) throws XfsException {
        mp.checkShutdown();
        Geometry geo = mp.geometry();
        long offsetFsb = geo.bToFsbt(offset);
        ip.ilock.writeLock().lock();
        try {
            Ifork ifp = Ifork.get(mp, ip);
            IextTree iext = ifp.iext();
            IextCursor icur = new IextCursor();
            BmbtIrec got = iext.lookupExtent(offsetFsb, icur);
            boolean eof = got == null;
            if (!eof && got.startoff() <= offsetFsb) {
                return Iomap.fromIrec(geo, got, false);                     // found_imap
            }
            count = Math.min(count, MAX_MAP_BYTES);
            long endFsb = endFsb(geo, offset, count);
            long prealloc = 0;
            if (eof && offset + count > ip.size) {
                prealloc = preallocSize(mp, ip, iext, offset, icur);
                if (prealloc != 0) {
                    long endOffset = allocAlign(offset + count - 1);
                    long pEndFsb = geo.bToFsbt(endOffset) + prealloc;
                    long align = eofAlignment(mp, ip);
                    if (align != 0) {
                        pEndFsb = (pEndFsb + align - 1) / align * align;
                    }
                    pEndFsb = Math.min(pEndFsb, BmbtIrec.MAX_FILEOFF);
                    assert pEndFsb > offsetFsb;
                    prealloc = pEndFsb - endFsb;
                }
            }
            BmbtIrec made = BmapDelalloc.reserveDelalloc(mp, ip, offsetFsb, endFsb - offsetFsb, Math.max(0, prealloc),
                    got, icur);
            return Iomap.fromIrec(geo, made, true);
        } finally {
            ip.ilock.writeLock().unlock();
        }
    }

    /** Ports xfs_iomap_end_fsb: the block after the write's last byte, capped at the largest file offset. */
    static long endFsb(Geometry geo, long offset, long count) {
        return Math.min(geo.bToFsb(offset + count), BmbtIrec.MAX_FILEOFF);
    }

    /** XFS_ALLOC_ALIGN: {@code off} rounded down to the allocation size (64 KiB). */
    static long allocAlign(long off) {
        return (off >> ALLOCSIZE_LOG) << ALLOCSIZE_LOG;
    }

    /** m_dalign: the stripe unit in blocks, 0 when the image has none. */
    static long dalign(Mount mp) {
        return mp.sb().unit();
    }

    /**
     * Ports xfs_eof_alignment for a data-device inode: the stripe unit once the file is at least that large (jxfs
     * has no swalloc mount option, so never the stripe width).
     */
    static long eofAlignment(Mount mp, Inode ip) {
        long align = dalign(mp);
        if (align != 0 && ip.size < mp.geometry().fsbToB(align)) {
            align = 0;
        }
        return align;
    }

    /**
     * Ports xfs_iomap_prealloc_size without quotas: none for a file smaller than 64 KiB (likely its only write);
     * 64 KiB for a small file or a write after a hole; otherwise twice the run of physically contiguous extents
     * before the write (or the write's offset once that passes the longest extent), rounded down to a power of two
     * and throttled as free space drops below 5%..1% of the data blocks, never under 64 KiB. {@code icur} is the
     * lookup's cursor (just past the write's offset); it is copied, not moved.
     */
    static long preallocSize(Mount mp, Inode ip, IextTree iext, long offset, IextCursor icur) {
        Geometry geo = mp.geometry();
        long allocsize = allocsizeBlocks(geo);
        long offsetFsb = geo.bToFsbt(offset);
        if (ip.size < geo.fsbToB(allocsize)) {
            return 0;
        }
        IextCursor ncur = icur.copy();
        BmbtIrec prev = ip.size < geo.fsbToB(dalign(mp)) ? null : iext.prevExtent(ncur);
        if (prev == null || prev.endoff() < offsetFsb) {
            return allocsize;
        }
        long plen = prev.blockcount();
        for (BmbtIrec g = iext.prevExtent(ncur); g != null; g = iext.prevExtent(ncur)) {
            if (plen > BmbtIrec.MAX_BMBT_EXTLEN / 2 || g.isDelay() || g.endoff() != prev.startoff()
                    || g.startblock() + g.blockcount() != prev.startblock()) {
                break;
            }
            plen += g.blockcount();
            prev = g;
        }
        long allocBlocks = plen * 2;
        if (allocBlocks > BmbtIrec.MAX_BMBT_EXTLEN) {
            allocBlocks = geo.bToFsb(offset);
        }
        allocBlocks = Math.min(roundupPow2(BmbtIrec.MAX_BMBT_EXTLEN), allocBlocks);
        long freesp = Math.max(0, mp.fdblocks());
        int shift = 0;
        long pct = geo.dblocks / 100;
        if (freesp < pct * LOWSP_MAX) {
            shift = 2;
            for (int i = LOWSP_MAX - 1; i >= 1; i--) {
                if (freesp < pct * i) {
                    shift++;
                }
            }
        }
        allocBlocks >>= shift;
        if (allocBlocks != 0) {
            allocBlocks = Long.highestOneBit(allocBlocks);
        }
        allocBlocks = Math.min(allocBlocks, BmbtIrec.MAX_BMBT_EXTLEN);
        while (allocBlocks != 0 && allocBlocks >= freesp) {
            allocBlocks >>= 4;
        }
        return Math.max(allocBlocks, allocsize);
    }

    private static long roundupPow2(long v) {
        long h = Long.highestOneBit(v);
        return h == v ? v : h << 1;
    }
}
