// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.aops;

import java.util.concurrent.locks.Lock;
import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmapiFlags;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.ShutdownException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.dax.BufferHead;
import org.jxfs.dax.GetBlock;
import org.jxfs.iomap.DaxPolicy;
import org.jxfs.iomap.IomapWriteDirect;

/**
 * xfs_aops.c's get_block callbacks (Linux 4.4): how direct I/O and DAX find, and with {@code create} allocate, the
 * blocks under a file range, answered in a {@link BufferHead}.
 */
public final class XfsGetBlocks {
    /**
     * The most a direct write maps in one call: xfs_direct_write_iomap_begin (Linux 6.18) caps each mapping at
     * 1024 pages "to keep the chunks of work symmetric with writeback". Allocation sizes follow from it, so the
     * direct-I/O path asks for no more at a time, and places blocks where today's kernel does.
     */
    public static final long MAX_DIRECT_MAPPING = 1024L * 4096;

    private XfsGetBlocks() {
    }

    /**
     * Ports __xfs_get_blocks (Linux 4.4, with the fix). Maps file block {@code iblock} for up to {@code bh.size}
     * bytes. Without {@code create}: holes and unwritten extents stay unmapped (both read as zeros; the buffer's
     * size still says how far they reach), and direct reads past EOF map nothing. With
     * {@code create}: a hole or delalloc extent, and on a DAX inode under the fix an unwritten extent too, goes to
     * {@link IomapWriteDirect#writeDirect(Mount, Inode, long, long, BmbtIrec, boolean)}; for a DAX inode the mapping
     * that comes back is written and zeroed already, so it is not "new" and nobody above zeroes it again. The
     * buffer is new when the caller must zero what it does not write: freshly allocated, unwritten, or past EOF.
     * Buffered writes would reserve delalloc blocks here; jxfs has no delayed allocation yet, so {@code create}
     * without {@code direct} is refused with EOPNOTSUPP.
     */
    public static void getBlocks(Mount mp, Inode ip, long iblock, BufferHead bh, boolean create, boolean direct,
            boolean daxFault) throws XfsException {
        if (mp.isShutdown()) {
            throw new ShutdownException("filesystem is shut down");
        }
        Geometry geo = mp.geometry();
        long offset = iblock << geo.blocklog;
        assert bh.size >= geo.blocksize : bh;
        long size = bh.size;
        long isize = ip.size;
        if (!create && direct && offset >= isize) {
            return;
        }
        if (create && !direct) {
            throw new XfsException(XfsException.EOPNOTSUPP, "inode " + ip.ino
                    + ": buffered write needs delayed allocation, which jxfs does not have yet");
        }
        boolean daxFix = DaxPolicy.isDax(mp, ip) && DaxPolicy.of(mp).zeroesInTransaction();
        long endFsb = geo.bToFsb(offset + size);
        long offsetFsb = geo.bToFsbt(offset);
        BmbtIrec[] maps = new BmbtIrec[1];
        int nimaps;
        Lock lock = dataMapShared(mp, ip);
        try {
            nimaps = Bmapi.read(ip, offsetFsb, endFsb - offsetFsb, BmapiFlags.ENTIRE, maps);
        } finally {
            lock.unlock();
        }
        BmbtIrec imap = nimaps > 0 ? maps[0] : null;
        boolean isNew = false;
        if (create && (imap == null || imap.isHole() || imap.isDelay() || (daxFix && imap.isUnwritten()))) {
            imap = IomapWriteDirect.writeDirect(mp, ip, offset, size, imap, daxFix);
            isNew = true;
        } else if (imap == null) {
            return;
        }
        if (daxFix && create) {
            assert !imap.isUnwritten() : imap;
            isNew = false;          // zeroing is not needed at a higher layer
        }
        XfsMapBuffer.mapTrimSize(geo, isize, iblock, bh, imap, offset, size);
        if (!imap.isHole() && !imap.isDelay() && (create || !imap.isUnwritten())) {
            XfsMapBuffer.mapBuffer(geo, bh, imap, offset);
            if (imap.isUnwritten()) {
                bh.set(BufferHead.UNWRITTEN);
            }
            if (create && direct) {
                // xfs_map_direct: the completion learns the range and whether it needs converting
                bh.bPrivate = new XfsIoend(offset, bh.size, imap.isUnwritten());
            }
        }
        if (create && ((!bh.mapped() && !bh.uptodate()) || offset >= isize || isNew || imap.isUnwritten())) {
            bh.set(BufferHead.NEW);
        }
        if (mp.isShutdown()) {
            throw new ShutdownException("filesystem is shut down");
        }
    }

    /**
     * Ports xfs_ilock_data_map_shared: the ilock shared, or exclusive when the extents still have to be read in
     * (reading them changes the in-core fork). Returns the lock taken.
     */
    static Lock dataMapShared(Mount mp, Inode ip) throws XfsException {
        if (Ifork.peek(ip) == null) {
            Lock l = ip.ilock.writeLock();
            l.lock();
            try {
                Ifork.get(mp, ip);
            } catch (XfsException | RuntimeException e) {
                l.unlock();
                throw e;
            }
            return l;
        }
        Lock l = ip.ilock.readLock();
        l.lock();
        return l;
    }

    /** Ports xfs_get_blocks_direct: the get_block of direct I/O. */
    public static GetBlock direct(Mount mp, Inode ip) {
        return (iblock, bh, create) -> getBlocks(mp, ip, iblock, bh, create, true, false);
    }

    /** Ports xfs_get_blocks_dax_fault: the get_block of DAX page faults and DAX I/O. */
    public static GetBlock daxFault(Mount mp, Inode ip) {
        return (iblock, bh, create) -> getBlocks(mp, ip, iblock, bh, create, true, true);
    }
}
