// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.aops;

import org.jxfs.bmap.BmapDelalloc;
import org.jxfs.bmap.BmapiFlags;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.IextCursor;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.iomap.Iomap;

/** xfs_aops.c's block mapping for writeback (6.18, data fork only: jxfs has no COW fork). */
public final class XfsMapBlocks {
    private XfsMapBlocks() {
    }

    /**
     * Ports xfs_map_blocks: the mapping writeback writes the dirty block at byte {@code offset} through. A real
     * extent is returned as it is and a hole as a hole (up to the next extent); a delalloc record is converted by
     * xfs_convert_blocks: xfs_bmapi_convert_delalloc allocates the whole record as unwritten extents (the data
     * is converted to written once it is on disk, so a crash never exposes stale blocks), in as many allocations
     * as free space needs, until the returned mapping covers {@code offset}.
     */
    public static Iomap mapBlocks(Mount mp, Inode ip, long offset) throws XfsException {
        Geometry geo = mp.geometry();
        long offsetFsb = geo.bToFsbt(offset);
        BmbtIrec imap;
        ip.ilock.readLock().lock();
        try {
            imap = Ifork.get(mp, ip).iext().lookupExtent(offsetFsb, new IextCursor());
        } finally {
            ip.ilock.readLock().unlock();
        }
        if (imap == null) {
            return Iomap.fromIrec(geo, BmbtIrec.hole(offsetFsb, BmbtIrec.MAX_FILEOFF - offsetFsb), false);
        }
        if (imap.startoff() > offsetFsb) {
            return Iomap.fromIrec(geo, BmbtIrec.hole(offsetFsb, imap.startoff() - offsetFsb), false);
        }
        if (!imap.isDelay()) {
            return Iomap.fromIrec(geo, imap, false);
        }
        BmbtIrec real = BmapDelalloc.convertDelalloc(mp, ip, offsetFsb, BmapiFlags.PREALLOC);
        if (real == null || !real.contains(offsetFsb)) {
            throw new XfsException(XfsException.EIO, "inode " + ip.ino + ": writeback found no blocks at file block "
                    + offsetFsb + " after converting its delayed allocation");
        }
        return Iomap.fromIrec(geo, real, false);
    }
}
