// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.aops;

import org.jxfs.core.XfsException;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeLog;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.jxfs.dax.BufferHead;
import org.jxfs.iomap.IomapWriteUnwritten;

/** xfs_aops.c's I/O completion: what must happen once data is on disk (Linux 4.4). */
public final class XfsEndIo {
    private XfsEndIo() {
    }

    /**
     * Ports xfs_end_io_direct_write: after a direct write of {@code size} bytes at {@code offset} completed, the
     * unwritten extents it wrote into become written and the size moves to the end of the write, both in
     * transactions (xfs_iomap_write_unwritten logs the size as it converts); a write that needed no conversion but
     * ends past EOF logs the new size alone (xfs_setfilesize). Conversion comes only after the data is on disk, so
     * a crash can never expose stale blocks. The caller holds the iolock.
     */
    public static void endIoDirectWrite(Mount mp, Inode ip, long offset, long size, boolean unwritten)
            throws XfsException {
        if (size <= 0) {
            return;
        }
        if (unwritten) {
            IomapWriteUnwritten.writeUnwritten(mp, ip, offset, size, true);
        }
        if (offset + size > ip.size) {
            ip.ilock.writeLock().lock();
            try {
                ip.size = offset + size;       // i_size_write in the direct I/O completion
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
        if (offset + size > ip.diskSize) {
            setFilesize(mp, ip, offset + size);
        }
    }

    /**
     * Ports xfs_end_ioend for a buffered writeback ioend of the data fork: once [offset, offset + size) is on disk,
     * the unwritten extents it was written into become written (xfs_iomap_write_unwritten, without moving i_size),
     * and an ioend past the on-disk size logs the new size (xfs_setfilesize, at most i_size).
     */
    public static void endIoend(Mount mp, Inode ip, long offset, long size, boolean unwritten) throws XfsException {
        if (size <= 0) {
            return;
        }
        if (unwritten) {
            IomapWriteUnwritten.writeUnwritten(mp, ip, offset, size, false);
        }
        if (offset + size > ip.diskSize) {
            setFilesize(mp, ip, offset + size);
        }
    }

    /**
     * Ports xfs_setfilesize: logs a larger on-disk size in its own transaction, at most the in-core size
     * (xfs_new_eof); never shrinks it. Direct I/O moves the in-core size to {@code newSize} first.
     */
    public static void setFilesize(Mount mp, Inode ip, long newSize) throws XfsException {
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
            ip.ilock.writeLock().lock();
            try {
                long isize = newEof(ip, newSize);
                if (isize != 0) {
                    ip.diskSize = isize;
                    InodeLog.log(tp, mp, ip);
                }
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
    }

    /**
     * Ports xfs_new_eof: the on-disk size an I/O ending at {@code newSize} may log, capped at the in-core size;
     * 0 when it would not grow the on-disk size.
     */
    public static long newEof(Inode ip, long newSize) {
        long isize = ip.size;
        if (newSize > isize || newSize < 0) {
            newSize = isize;
        }
        return newSize > ip.diskSize ? newSize : 0;
    }

    /**
     * Ports xfs_end_io_dax_write (Linux 4.3/4.4), the complete_unwritten callback of a DAX fault: when the fault
     * mapped an unwritten extent and zeroed its page, the extent is converted to written now that the page is in
     * place. Under the 4.4 fix no DAX mapping is unwritten and this is never needed; under the 4.3 behaviour it is
     * where a racing fault's data can be lost.
     */
    public static void endIoDaxWrite(Mount mp, Inode ip, BufferHead bh, boolean uptodate) throws XfsException {
        if (!uptodate || !bh.unwritten() || !(bh.bPrivate instanceof XfsIoend io)) {
            return;
        }
        IomapWriteUnwritten.writeUnwritten(mp, ip, io.offset(), io.size(), false);
    }

    /** The complete_unwritten callback handed to the DAX fault path for {@code ip}. */
    public static org.jxfs.dax.DaxIoDone daxIoDone(Mount mp, Inode ip) {
        return (bh, uptodate) -> endIoDaxWrite(mp, ip, bh, uptodate);
    }
}
