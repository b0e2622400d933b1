// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.util.concurrent.locks.Lock;
import org.jxfs.aops.XfsEndIo;
import org.jxfs.aops.XfsGetBlocks;
import org.jxfs.core.ErrorTag;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.dax.BufferHead;
import org.jxfs.iomap.DaxPolicy;

/**
 * xfs_file.c's read and write paths for direct I/O and DAX, over the get_block of xfs_aops.c (Linux 4.4's shape:
 * do_blockdev_direct_IO and dax_io asking __xfs_get_blocks for one mapping at a time). Data moves between the
 * caller's array and the device; there is no page cache, so nothing has to be flushed or invalidated first.
 */
final class FileIo {
    /** The logical sector size of the image's "device": O_DIRECT offsets and lengths must be multiples of it. */
    static final int LOGICAL_SECTOR = 512;

    private FileIo() {
    }

    /**
     * Ports xfs_file_write_iter's direct and DAX branches (xfs_file_dio_aio_write, Linux 4.4): checks, the iolock
     * (exclusive for sub-block writes and for writes past EOF, shared otherwise), xfs_file_aio_write_checks
     * (zeroing the gap from EOF to the write, stamping the times), then the write and its completion.
     */
    static int write(Mount mp, Inode ip, boolean writable, boolean direct, long pos, byte[] buf, int off, int len)
            throws XfsException {
        if (!writable) {
            throw VfsChecks.err(XfsException.EBADF, "pwrite: file not open for writing");
        }
        if (pos < 0 || len < 0 || off < 0 || off + len > buf.length) {
            throw VfsChecks.err(XfsException.EINVAL, "pwrite: offset " + pos + ", length " + len);
        }
        if (ip.fileType() != Dinode.S_IFREG) {
            throw VfsChecks.err(XfsException.EINVAL, "pwrite: not a regular file");
        }
        if (len == 0) {
            return 0;
        }
        if (pos + len < 0 || pos + len > VfsChecks.MAX_BYTES) {
            throw VfsChecks.err(XfsException.EFBIG, "pwrite: offset " + pos + " + length " + len);
        }
        boolean dax = DaxPolicy.isDax(mp, ip);
        if (!direct && !dax) {
            return BufferedIo.write(mp, ip, pos, buf, off, len);
        }
        // DIO must be aligned to the device's logical sector size; DAX has no such rule.
        if (!dax && ((pos | len) & (LOGICAL_SECTOR - 1)) != 0) {
            throw VfsChecks.err(XfsException.EINVAL, "pwrite: O_DIRECT offset " + pos + " or length " + len
                    + " not a multiple of " + LOGICAL_SECTOR);
        }
        Geometry geo = mp.geometry();
        long blockmask = geo.blocksize - 1;
        boolean unaligned = ((pos | (pos + len)) & blockmask) != 0;
        Lock iolock = unaligned || pos + len > ip.size ? ip.iolock.writeLock() : ip.iolock.readLock();
        iolock.lock();
        try {
            // Immutable and append-only are enforced when a file is opened for writing (may_open), not on a
            // descriptor that was open before the flag was set: the kernel lets such writes through.
            mp.checkShutdown();
            writeChecks(mp, ip, pos);
            if (!dax) {
                // kiocb_invalidate_pages: cached data over the range is written back and dropped first
                flushUnmap(mp, ip, pos, pos + len - 1);
            }
            return directWrite(mp, ip, dax, pos, buf, off, len);
        } finally {
            iolock.unlock();
        }
    }

    /**
     * Ports xfs_file_aio_write_checks: a write that starts past EOF first zeroes what lies between EOF and the
     * write (xfs_zero_eof: only the written part of the block holding EOF can hold stale bytes), then the times
     * are stamped (file_modified).
     */
    private static void writeChecks(Mount mp, Inode ip, long pos) throws XfsException {
        long isize = ip.size;
        if (pos > isize) {
            assert ip.iolock.isWriteLockedByCurrentThread();
            FileZero.zeroRange(mp, ip, isize, pos - isize);
        }
        FileTimes.fileModified(mp, ip);
    }

    /**
     * The write itself, as do_blockdev_direct_IO and dax_io move it: one get_block(create) per mapping, at most
     * {@link XfsGetBlocks#MAX_DIRECT_MAPPING} bytes at a time; in a buffer that is new (freshly allocated,
     * unwritten or past EOF) the parts of its first and last block the write does not cover are zeroed
     * (dio_zero_block / dax_new_buf); then xfs_end_io_direct_write converts and moves the size. An error after some
     * bytes were written returns the count written, as a short write.
     */
    private static int directWrite(Mount mp, Inode ip, boolean dax, long pos, byte[] buf, int off, int len)
            throws XfsException {
        Geometry geo = mp.geometry();
        long bs = geo.blocksize;
        long end = pos + len;
        long cur = pos;
        boolean unwritten = false;
        BufferHead bh = new BufferHead();
        try {
            while (cur < end) {
                long iblock = cur >>> geo.blocklog;
                long blockStart = iblock << geo.blocklog;
                long want = Math.min(roundUp(end, bs) - blockStart, XfsGetBlocks.MAX_DIRECT_MAPPING);
                bh.reset(want);
                XfsGetBlocks.getBlocks(mp, ip, iblock, bh, true, true, dax);
                if (!bh.mapped()) {
                    throw new XfsException(XfsException.EIO, "inode " + ip.ino + ": no mapping for a direct write"
                            + " at block " + iblock);
                }
                long segEnd = Math.min(end, blockStart + bh.size);
                long devBase = (bh.blocknr << geo.blocklog) - blockStart;   // device byte = file byte + devBase
                if (bh.isNew()) {
                    long head = cur & (bs - 1);
                    if (head != 0) {
                        mp.device().zeroRange(devBase + cur - head, head);
                    }
                    long tail = segEnd & (bs - 1);
                    if (tail != 0 && segEnd == end) {
                        mp.device().zeroRange(devBase + segEnd, bs - tail);
                    }
                }
                mp.errors().check(ErrorTag.DATA_WRITE_IO, "data write", (devBase + cur) >>> Geometry.BBSHIFT);
                mp.device().writeData(devBase + cur, buf, off + (int) (cur - pos), (int) (segEnd - cur));
                if (bh.unwritten()) {
                    unwritten = true;
                }
                cur = segEnd;
            }
        } catch (XfsException e) {
            if (cur == pos) {
                throw e;
            }
        }
        XfsEndIo.endIoDirectWrite(mp, ip, pos, cur - pos, unwritten);
        return (int) (cur - pos);
    }

    /**
     * Ports xfs_file_read_iter's direct and DAX branches (xfs_file_dio_aio_read, dax_io): the iolock shared, reads
     * stop at EOF, holes and unwritten extents read as zeros. Without O_DIRECT on a non-DAX file this is the
     * buffered read with no page cache: the same path without the alignment rule.
     */
    static int read(Mount mp, Inode ip, boolean direct, long pos, byte[] buf, int off, int len) throws XfsException {
        if (pos < 0 || len < 0 || off < 0 || off + len > buf.length) {
            throw VfsChecks.err(XfsException.EINVAL, "pread: offset " + pos + ", length " + len);
        }
        if (ip.isDir()) {
            throw VfsChecks.err(XfsException.EISDIR, "pread: a directory");
        }
        boolean dax = DaxPolicy.isDax(mp, ip);
        if (direct && !dax && ((pos | len) & (LOGICAL_SECTOR - 1)) != 0) {
            throw VfsChecks.err(XfsException.EINVAL, "pread: O_DIRECT offset " + pos + " or length " + len
                    + " not a multiple of " + LOGICAL_SECTOR);
        }
        if (!direct && !dax) {
            return BufferedIo.read(mp, ip, pos, buf, off, len);
        }
        Lock iolock = ip.iolock.readLock();
        iolock.lock();
        try {
            long isize = ip.size;
            if (!dax && len > 0 && pos < isize) {
                writeAndWait(mp, ip, pos, pos + len - 1);      // kiocb_write_and_wait
            }
            if (len == 0 || pos >= isize) {
                return 0;
            }
            long end = Math.min(pos + (long) len, isize);
            Geometry geo = mp.geometry();
            long bs = geo.blocksize;
            long cur = pos;
            BufferHead bh = new BufferHead();
            while (cur < end) {
                long iblock = cur >>> geo.blocklog;
                long blockStart = iblock << geo.blocklog;
                bh.reset(Math.min(roundUp(end, bs) - blockStart, XfsGetBlocks.MAX_DIRECT_MAPPING));
                XfsGetBlocks.getBlocks(mp, ip, iblock, bh, false, true, dax);
                long segEnd = Math.min(end, blockStart + Math.max(bh.size, bs));
                int at = off + (int) (cur - pos);
                int n = (int) (segEnd - cur);
                if (bh.mapped()) {
                    long devBase = (bh.blocknr << geo.blocklog) - blockStart;
                    mp.device().read(devBase + cur, buf, at, n);
                } else {
                    java.util.Arrays.fill(buf, at, at + n, (byte) 0);
                }
                cur = segEnd;
            }
            return (int) (end - pos);
        } finally {
            iolock.unlock();
        }
    }

    /**
     * Ports xfs_file_fsync: the file's dirty cached data is written back (file_write_and_wait_range over the whole
     * file), then (xfs_fsync_flush_log) the log is forced if the inode's last change is not durable yet, which makes
     * it and every transaction before it durable, and the device is flushed, which makes the data written back, by
     * direct I/O and by DAX durable. jxfs does not track which fields changed (ili_fsync_fields), so fdatasync
     * forces as fsync does.
     */
    static void fsync(Mount mp, Inode ip, boolean datasync) throws XfsException {
        mp.checkShutdown();
        writeAndWait(mp, ip, 0, Long.MAX_VALUE);
        AddressSpace as = PageCache.of(mp).peekSpace(ip);
        if (as != null) {
            as.truncated = false;                   // xfs_file_fsync clears XFS_ITRUNCATED
        }
        mp.forceLogTo(ip.lastCommitSeq(), true);
    }

    /** filemap_write_and_wait_range: writes back the cached dirty data of [start, end] (bytes, end inclusive). */
    static void writeAndWait(Mount mp, Inode ip, long start, long end) throws XfsException {
        PageCache pc = PageCache.peek(mp);
        AddressSpace as = pc == null ? null : pc.peekSpace(ip);
        if (as != null && as.dirtyCount() > 0) {
            Writeback.writeRange(mp, as, start, end);
        }
    }

    /** Writes back, then drops, the cached blocks of [start, end] (bytes, end inclusive). */
    static void flushUnmap(Mount mp, Inode ip, long start, long end) throws XfsException {
        PageCache pc = PageCache.peek(mp);
        AddressSpace as = pc == null ? null : pc.peekSpace(ip);
        if (as != null) {
            Writeback.writeRange(mp, as, start, end);
            int blocklog = mp.geometry().blocklog;
            as.invalidate(start >>> blocklog, end >>> blocklog);
        }
    }

    /**
     * Ports xfs_flush_unmap_range: before a hole punch, zero range or shift, the range rounded out to the page
     * (or block, if larger) is written back and dropped from the cache.
     */
    static void flushUnmapRange(Mount mp, Inode ip, long offset, long len) throws XfsException {
        long rounding = Math.max(mp.geometry().blocksize, org.jxfs.dax.DaxMapping.PAGE_SIZE);
        long start = Math.floorDiv(offset, rounding) * rounding;
        long endEx = offset + len;
        long end = endEx > Long.MAX_VALUE - rounding ? Long.MAX_VALUE : roundUp(endEx, rounding) - 1;
        flushUnmap(mp, ip, start, end);
    }

    private static long roundUp(long v, long bs) {
        return (v + bs - 1) / bs * bs;
    }
}
