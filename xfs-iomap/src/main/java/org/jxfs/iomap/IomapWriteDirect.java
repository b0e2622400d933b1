// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.iomap;

import org.jxfs.bmap.BmapUtil;
import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmapiFlags;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.ExtentZeroException;
import org.jxfs.bmap.ExtState;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.NoSpaceException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** xfs_iomap.c's allocation for direct I/O and DAX: blocks allocated in one transaction, before any data moves. */
public final class IomapWriteDirect {
    private static final Logger LOG = LoggerFactory.getLogger(IomapWriteDirect.class);

    private IomapWriteDirect() {
    }

    /**
     * Ports the front half of xfs_iomap_write_direct of Linux 4.4 (offset and count in bytes, {@code imap} the
     * mapping the caller read, or null for none): the range ends at the write's last block; inside EOF it stops at
     * the end of the hole the caller found, past EOF it is aligned up to the extent size hint or stripe (XFS
     * without either, as here, leaves it), as xfs_iomap_eof_align_last_fsb does. Then allocates as
     * {@link #writeDirect(Mount, Inode, long, long, boolean, BmbtIrec)} does. {@code dax} is IS_DAX with the 4.4
     * fix in force.
     */
    public static BmbtIrec writeDirect(Mount mp, Inode ip, long offset, long count, BmbtIrec imap, boolean dax)
            throws XfsException {
        Geometry geo = mp.geometry();
        long offsetFsb = geo.bToFsbt(offset);
        long lastFsb = geo.bToFsb(offset + count);
        if (offset + count <= ip.size && imap != null && imap.isHole()) {
            lastFsb = Math.min(lastFsb, imap.startoff() + imap.blockcount());
        }
        return writeDirect(mp, ip, offsetFsb, lastFsb - offsetFsb, dax, imap);
    }

    /**
     * Ports xfs_iomap_write_direct (Linux 6.18; the DAX branch is the 4.4 fix as it stands today). Allocates
     * the first hole of [offsetFsb, +countFsb) in one transaction that reserves its data blocks and a bmbt split
     * up front, so ENOSPC comes before anything changes. A normal inode gets an unwritten extent
     * (XFS_BMAPI_PREALLOC), which direct-I/O completion converts after the data is on disk. A DAX inode gets
     * XFS_BMAPI_CONVERT | XFS_BMAPI_ZERO: holes become written extents and unwritten ones are converted, their
     * blocks zeroed before the transaction commits, all under the exclusive ilock, so no fault ever sees the
     * extent unwritten and no crash can expose stale blocks. Converting an unwritten extent for DAX allocates no
     * data block, so it reserves only two bmbt splits, and may take them from the reserve pool (XFS_TRANS_RESERVE). The caller holds no ilock; the iolock keeps truncate away.
     *
     * <p>When zeroing fails ({@link ExtentZeroException}) the transaction holds nothing the caller can see (see
     * there): it is committed to release what it holds, the warning the fix added is logged with the mapping,
     * and the error is returned with nothing allocated or converted. Returns the mapping made (or found) at
     * offsetFsb; ENOSPC when no block could be allocated.
     *
     * @param imap the mapping the caller found at offsetFsb, or null; only its state is read
     */
    public static BmbtIrec writeDirect(Mount mp, Inode ip, long offsetFsb, long countFsb, boolean dax, BmbtIrec imap)
            throws XfsException {
        assert countFsb > 0;
        assert !ip.ilock.isWriteLockedByCurrentThread() && ip.ilock.getReadHoldCount() == 0;
        long resaligned = countFsb;          // xfs_aligned_fsb_count: no extent size hint
        long dblocks = BmapUtil.diostratSpaceRes(mp, resaligned);
        int bmapiFlags = BmapiFlags.PREALLOC;
        boolean force = false;
        if (dax) {
            bmapiFlags = BmapiFlags.CONVERT | BmapiFlags.ZERO;
            if (imap != null && imap.state() == ExtState.UNWRITTEN && !imap.isHole()) {
                force = true;
                dblocks = BmapUtil.diostratSpaceRes(mp, 0) << 1;
            }
        }
        BmbtIrec[] maps = new BmbtIrec[1];
        int nimaps;
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, dblocks, force)) {
            ip.ilock.writeLock().lock();
            try {
                try {
                    nimaps = Bmapi.write(tp, ip, offsetFsb, countFsb, bmapiFlags, maps);
                } catch (ExtentZeroException e) {
                    tp.commit();
                    warnZeroFailed(mp, ip, e);
                    throw e;
                }
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
        if (nimaps == 0) {
            throw new NoSpaceException("No space left on device: direct I/O allocation of inode " + ip.ino
                    + " blocks at " + offsetFsb);
        }
        BmbtIrec m = maps[0];
        if (m.startblock() == 0) {
            throw alertFsblockZero(ip, m);
        }
        return m;
    }

    /**
     * The warning of the fix when zeroing fails (xfs_iomap_write_direct in the seed patch): the error, the
     * requested range, where the zeroing went on the device, and the mapping that was being zeroed.
     */
    private static void warnZeroFailed(Mount mp, Inode ip, ExtentZeroException e) {
        Geometry geo = mp.geometry();
        long sector = geo.fsbToDaddr(e.startblock());
        long bytes = geo.fsbToB(e.blockcount());
        LOG.warn("XFS ({}): xfs_iomap_write_direct: zeroing blocks failed: inode {} error -{}, offset 0x{} count 0x{}, "
                        + "sector 0x{} bytes 0x{}, imap startblock 0x{} startoff 0x{} count 0x{}",
                mp.device().path().getFileName(), ip.ino, e.errno(),
                Long.toHexString(geo.fsbToB(e.startoff())), Long.toHexString(bytes), Long.toHexString(sector),
                Long.toHexString(bytes), Long.toHexString(e.startblock()), Long.toHexString(e.startoff()),
                Long.toHexString(e.blockcount()));
    }

    /** Ports xfs_alert_fsblock_zero: a mapping at block 0 (the superblock) is corruption, never data. */
    static FsCorruptedException alertFsblockZero(Inode ip, BmbtIrec m) {
        String msg = "Access to block zero in inode " + ip.ino + " start_block: " + m.startblock()
                + " start_off: " + m.startoff() + " blkcnt: " + m.blockcount() + " extent-state: "
                + (m.state() == ExtState.UNWRITTEN ? 1 : 0);
        LOG.error(msg);
        return new FsCorruptedException(msg);
    }
}
