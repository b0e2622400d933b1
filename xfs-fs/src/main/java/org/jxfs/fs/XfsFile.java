// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.util.List;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;

/**
 * An open regular file (struct file over an XFS inode): fallocate in the kernel's modes and ftruncate, with the
 * VFS's argument checks and the errno the kernel returns. Opened through {@link Xfs#openFile}.
 * <pre>{@code
 * try (Xfs fs = Xfs.open(img); XfsFile f = fs.create("/data")) { f.fallocate(0, 1 << 20); f.truncate(4096); }
 * }</pre>
 */
public final class XfsFile implements AutoCloseable {
    private final Mount mp;
    private final Inode ip;
    private final boolean writable;
    private volatile boolean direct;
    private boolean closed;

    XfsFile(Mount mp, Inode ip, boolean writable, boolean direct) {
        this.mp = mp;
        this.ip = ip;
        this.writable = writable;
        this.direct = direct;
    }

    public Inode inode() {
        return ip;
    }

    public long size() {
        return ip.size;
    }

    public boolean writable() {
        return writable;
    }

    /**
     * Ports vfs_fallocate and xfs_file_fallocate: {@code mode} is a combination of {@link FallocMode} bits.
     * ALLOCATE_RANGE (0) preallocates unwritten extents over the holes and extends the size; KEEP_SIZE keeps it;
     * PUNCH_HOLE (with KEEP_SIZE, as the VFS requires) frees the whole blocks of the range and zeroes the rest;
     * ZERO_RANGE punches and preallocates the range rounded out to blocks. EINVAL for a negative offset or a
     * non-positive length, EFBIG past the maximum file size, EOPNOTSUPP for other modes.
     */
    public void fallocate(int mode, long offset, long len) throws XfsException {
        checkOpen();
        VfsChecks.fallocate(ip, writable, mode, offset, len);
        Fallocate.fallocate(mp, ip, mode, offset, len);
    }

    /** fallocate(fd, 0, offset, len): preallocate and extend the size. */
    public void fallocate(long offset, long len) throws XfsException {
        fallocate(FallocMode.ALLOCATE_RANGE, offset, len);
    }

    /** fallocate(fd, PUNCH_HOLE | KEEP_SIZE, offset, len). */
    public void punchHole(long offset, long len) throws XfsException {
        fallocate(FallocMode.PUNCH_HOLE | FallocMode.KEEP_SIZE, offset, len);
    }

    /** fallocate(fd, ZERO_RANGE [| KEEP_SIZE], offset, len). */
    public void zeroRange(long offset, long len, boolean keepSize) throws XfsException {
        fallocate(FallocMode.ZERO_RANGE | (keepSize ? FallocMode.KEEP_SIZE : 0), offset, len);
    }

    /**
     * fallocate(fd, COLLAPSE_RANGE, offset, len): removes the block-aligned range and moves everything after it
     * down, the size shrinking by {@code len}. EINVAL if the range is not block-aligned or reaches EOF. This is
     * the entry for the shift operations: cached data over the shifted part of the file is written back and
     * invalidated in one place on the way, ShiftFileSpace.flushUnmapRange (xfs_prepare_shift's
     * xfs_flush_unmap_range), under the iolock and mmaplock that {@link #fallocate(int, long, long)} takes, after
     * post-EOF speculative preallocation is trimmed.
     */
    public void collapseRange(long offset, long len) throws XfsException {
        fallocate(FallocMode.COLLAPSE_RANGE, offset, len);
    }

    /**
     * fallocate(fd, INSERT_RANGE, offset, len): opens a block-aligned hole of {@code len} bytes at {@code offset}
     * by moving everything from there up, the size growing by {@code len}. EINVAL if not block-aligned or
     * {@code offset} is at or past EOF, EFBIG past the largest file size. Cached data is flushed and invalidated
     * as for {@link #collapseRange}.
     */
    public void insertRange(long offset, long len) throws XfsException {
        fallocate(FallocMode.INSERT_RANGE, offset, len);
    }

    /**
     * Ports do_sys_ftruncate and xfs_vn_setattr_size: sets the size, stamps mtime and ctime, and when the file
     * does not grow frees every block from the new EOF on (preallocation past EOF included).
     */
    public void truncate(long size) throws XfsException {
        checkOpen();
        VfsChecks.ftruncate(ip, writable, size);
        ip.iolock.writeLock().lock();
        ip.mmaplock.writeLock().lock();
        try {
            mp.checkShutdown();
            SetattrSize.setattrSize(mp, ip, size, true);
        } finally {
            ip.mmaplock.writeLock().unlock();
            ip.iolock.writeLock().unlock();
        }
    }

    /** Whether the file is open with O_DIRECT. */
    public boolean direct() {
        return direct;
    }

    /** fcntl(F_SETFL) of O_DIRECT. */
    public void setDirect(boolean direct) {
        this.direct = direct;
    }

    /**
     * pwrite(2): writes {@code len} bytes of {@code buf[off..]} at file offset {@code pos} and returns how many were
     * written. With O_DIRECT this is xfs_file_dio_write (offset and length must be multiples of the 512-byte
     * logical sector, EINVAL otherwise); on a DAX inode it is the DAX write (dax_do_io); otherwise the buffered
     * write: the bytes go into the page cache under delayed allocation and reach the device at writeback (fsync,
     * sync_file_range, close of the filesystem, or when dirty data passes the cache's bound). ENOSPC before any byte
     * is copied when the reservation cannot be met.
     */
    public int pwrite(long pos, byte[] buf, int off, int len) throws XfsException {
        checkOpen();
        return FileIo.write(mp, ip, writable, direct, pos, buf, off, len);
    }

    /**
     * pread(2): reads up to {@code len} bytes at {@code pos} into {@code buf[off..]}; returns how many were read,
     * 0 at or past EOF. Holes and unwritten extents read as zeros. With O_DIRECT the same alignment rule as
     * {@link #pwrite} and cached dirty data written back first; without it the read goes through the page cache.
     */
    public int pread(long pos, byte[] buf, int off, int len) throws XfsException {
        checkOpen();
        return FileIo.read(mp, ip, direct, pos, buf, off, len);
    }

    /** fsync(2): the file's data and all metadata are on stable storage when it returns (xfs_file_fsync). */
    public void fsync() throws XfsException {
        checkOpen();
        FileIo.fsync(mp, ip, false);
    }

    /** fdatasync(2): the file's data and the metadata needed to read it back (xfs_file_fsync with datasync). */
    public void fdatasync() throws XfsException {
        checkOpen();
        FileIo.fsync(mp, ip, true);
    }

    /**
     * vfs_fsync_range(file, start, end, 0), what an O_SYNC write asks for after writing [start, end] (bytes, end
     * inclusive; generic_write_sync): that range's cached data written back, then all metadata made durable.
     */
    public void fsyncRange(long start, long end) throws XfsException {
        checkOpen();
        mp.checkShutdown();
        FileIo.writeAndWait(mp, ip, start, end);
        mp.sync();
    }

    /**
     * xfs_log_force_inode: the inode's committed changes made durable, no data written back (what fallocate does
     * on an O_SYNC file). Until the write-ahead log lands, a log force is Mount.sync.
     */
    public void forceLog() throws XfsException {
        checkOpen();
        mp.checkShutdown();
        mp.sync();
    }

    /** FS_IOC_FSGETXATTR's fsx_xflags: the inode's flags as FS_XFLAG_* bits (xfs_ip2xflags). */
    public int fsxflags() {
        return XflagsMap.fromInode(ip);
    }

    /**
     * FS_IOC_FSSETXATTR of fsx_xflags (xfs_ioctl_setattr_xflags): sets the inode's flags from FS_XFLAG_* bits,
     * FS_XFLAG_DAX ({@code chattr +x}) included; EINVAL for flags this inode or jxfs cannot take (realtime,
     * extent size hints, directory-only flags on a file).
     */
    public void fssetxflags(int xflags) throws XfsException {
        checkOpen();
        XflagsMap.set(mp, ip, xflags);
    }

    /** Whether file I/O on this inode takes the DAX path (IS_DAX: the inode's flag or the mount's dax=always). */
    public boolean isDax() {
        return org.jxfs.iomap.DaxPolicy.isDax(mp, ip);
    }

    /**
     * mmap(2) with MAP_SHARED of {@code [offset, offset+length)} (xfs_file_mmap, Linux 4.4): for a DAX file the
     * {@link org.jxfs.dax.DaxMmap} of the inode's one address_space ({@link DaxFiles#mapping}), whose loads and
     * stores take file byte offsets and fault on first touch (get_block allocating, under the 4.4 fix, written
     * zeroed blocks; under the 4.3 modes unwritten ones that the fault zeroes and converts). The whole file is
     * addressable through it; the range is checked as mmap(2) checks it. EINVAL for an offset that is not
     * page-aligned or a length that is not positive, EACCES for a writable mapping of a file not open for writing,
     * EOPNOTSUPP for a file that is not DAX ({@link #map} maps any file).
     */
    public org.jxfs.dax.DaxMmap mmap(long offset, long length, boolean writable) throws XfsException {
        checkMmap(offset, length, writable);
        if (!isDax()) {
            throw VfsChecks.err(XfsException.EOPNOTSUPP, "mmap: inode " + ip.ino + " is not DAX: map it with "
                    + "map(), which maps its page cache");
        }
        return DaxFiles.of(mp).mapping(ip).mmap();
    }

    /** mmap(2)'s argument checks (EINVAL, EACCES), on an open file. */
    private void checkMmap(long offset, long length, boolean writable) throws XfsException {
        checkOpen();
        if (offset < 0 || (offset & (org.jxfs.dax.DaxMapping.PAGE_SIZE - 1)) != 0 || length <= 0
                || offset + length < 0) {
            throw VfsChecks.err(XfsException.EINVAL, "mmap: offset " + offset + ", length " + length);
        }
        if (writable && !this.writable) {
            throw VfsChecks.err(DaxFiles.EACCES, "mmap: shared writable mapping of a file not open for writing");
        }
    }

    /**
     * mmap(2) with MAP_SHARED of {@code [offset, offset+length)} for any regular file: a DAX file's pmem mapping
     * ({@link #mmap}), otherwise a mapping of its page cache ({@link PageCacheMmap}: read faults read blocks in,
     * the first store into a clean page reserves delayed allocations for it, msync and writeback write it). The
     * same checks as {@link #mmap}.
     */
    public FileMapping map(long offset, long length, boolean writable) throws XfsException {
        checkMmap(offset, length, writable);
        if (isDax()) {
            org.jxfs.dax.DaxMmap m = DaxFiles.of(mp).mapping(ip).mmap();
            return new FileMapping() {
                @Override
                public byte readByte(long pos) throws XfsException {
                    return m.readByte(pos);
                }

                @Override
                public void writeByte(long pos, byte v) throws XfsException {
                    m.writeByte(pos, v);
                }

                @Override
                public void msync(long pos, long len) throws XfsException {
                    m.msync(pos, len);
                }

                @Override
                public void munmap() {
                    m.munmap();
                }
            };
        }
        return new PageCacheMmap(mp, ip, writable);
    }

    /** lseek(fd, pos, SEEK_DATA): the first data offset at or after {@code pos}; ENXIO at or past EOF or if none. */
    public long seekData(long pos) throws XfsException {
        checkOpen();
        return FileSeek.seekData(mp, ip, pos);
    }

    /** lseek(fd, pos, SEEK_HOLE): the first hole offset at or after {@code pos} (EOF if none); ENXIO at or past EOF. */
    public long seekHole(long pos) throws XfsException {
        checkOpen();
        return FileSeek.seekHole(mp, ip, pos);
    }

    /** The data fork's extent records in file offset order. */
    public List<BmbtIrec> extents() throws XfsException {
        checkOpen();
        ip.ilock.readLock().lock();
        try {
            return FileSpace.extents(mp, ip);
        } finally {
            ip.ilock.readLock().unlock();
        }
    }

    private void checkOpen() throws XfsException {
        if (closed) {
            throw new XfsException(XfsException.EBADF, "file is closed");
        }
    }

    /**
     * sync_file_range(2) with SYNC_FILE_RANGE_WRITE (and WAIT_BEFORE/WAIT_AFTER, which change nothing here:
     * writeback completes before it returns): writes back the cached dirty data of [offset, offset + nbytes), to
     * EOF when {@code nbytes} is 0. Metadata is not forced, as the kernel's does not. EINVAL for a negative offset
     * or length.
     */
    public void syncRange(long offset, long nbytes) throws XfsException {
        checkOpen();
        if (offset < 0 || nbytes < 0) {
            throw VfsChecks.err(XfsException.EINVAL, "sync_file_range: offset " + offset + ", nbytes " + nbytes);
        }
        long end = nbytes == 0 || offset + nbytes < 0 ? Long.MAX_VALUE : offset + nbytes - 1;
        FileIo.writeAndWait(mp, ip, offset, end);
    }

    /**
     * The delayed allocations of the file: blocks reserved for cached data that writeback has not placed yet
     * (i_delayed_blks). What FS_IOC_GETBMAP asks about before deciding to flush.
     */
    public long delayedBlocks() throws XfsException {
        checkOpen();
        return org.jxfs.bmap.Ifork.get(mp, ip).delayedBlks();
    }

    /** The size on disk (i_disk_size): it trails {@link #size} until buffered data past it is written back. */
    public long diskSize() {
        return ip.diskSize;
    }

    /**
     * Releases the file (xfs_file_release): a file truncated down since its last release starts writeback of its
     * delayed allocations, and the first release of a writable file trims the speculative preallocation past EOF
     * (persistent preallocation of DIFLAG_PREALLOC files stays). Like the kernel's release it reports no error: a
     * failure is logged and the file is closed anyway.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            EofBlocks.release(mp, ip, writable);
        } catch (XfsException e) {
            org.slf4j.LoggerFactory.getLogger(XfsFile.class).warn("inode {}: release: {}", ip.ino, e.getMessage());
        }
    }
}
