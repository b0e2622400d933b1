// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.xfs;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.fs.FileMapping;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.tools.io.IoException;
import org.jxfs.tools.io.IoExtent;
import org.jxfs.tools.io.IoFile;
import org.jxfs.tools.io.IoGeometry;
import org.jxfs.tools.io.IoInode;
import org.jxfs.tools.io.IoMapping;
import org.jxfs.tools.io.IoSignal;
import org.jxfs.tools.io.IoStat;

/** An {@link XfsFile} behind the io commands. */
final class XfsIoFile implements IoFile {
    /** PAGE_SIZE of the kernel jxfs follows (x86-64). */
    private static final int PAGE_SIZE = 4096;
    private final XfsFile file;
    private final Xfs fs;

    XfsIoFile(XfsFile file, Xfs fs) {
        this.file = file;
        this.fs = fs;
    }

    @Override
    public void fallocate(long offset, long length, boolean keepSize) throws IoException {
        try {
            file.fallocate(keepSize ? org.jxfs.fs.FallocMode.KEEP_SIZE : 0, offset, length);
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    @Override
    public void punchHole(long offset, long length) throws IoException {
        try {
            file.punchHole(offset, length);
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    @Override
    public void zeroRange(long offset, long length, boolean keepSize) throws IoException {
        try {
            file.zeroRange(offset, length, keepSize);
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    @Override
    public void collapseRange(long offset, long length) throws IoException {
        run(() -> file.collapseRange(offset, length));
    }

    @Override
    public void insertRange(long offset, long length) throws IoException {
        run(() -> file.insertRange(offset, length));
    }

    @Override
    public void unshareRange(long offset, long length, boolean keepSize) throws IoException {
        int mode = org.jxfs.fs.FallocMode.UNSHARE_RANGE | (keepSize ? org.jxfs.fs.FallocMode.KEEP_SIZE : 0);
        run(() -> file.fallocate(mode, offset, length));
    }

    @Override
    public long seekData(long pos) throws IoException {
        return call(() -> file.seekData(pos));
    }

    @Override
    public long seekHole(long pos) throws IoException {
        return call(() -> file.seekHole(pos));
    }

    @Override
    public void truncate(long size) throws IoException {
        try {
            file.truncate(size);
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    @Override
    public int pwrite(long pos, byte[] buf, int off, int len) throws IoException {
        try {
            return file.pwrite(pos, buf, off, len);
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    @Override
    public int pread(long pos, byte[] buf, int off, int len) throws IoException {
        try {
            return file.pread(pos, buf, off, len);
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    @Override
    public void fsync() throws IoException {
        try {
            file.fsync();
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    @Override
    public void fsyncRange(long start, long end) throws IoException {
        run(() -> file.fsyncRange(start, end));
    }

    @Override
    public void forceLog() throws IoException {
        run(() -> file.forceLog());
    }

    @Override
    public void fdatasync() throws IoException {
        try {
            file.fdatasync();
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    /**
     * {@link XfsFile#mmap}: a DAX file's mapping (MAP_SYNC asks nothing more of it: its stores reach pmem and its
     * faults commit their allocations); EOPNOTSUPP for any other file. A fault that fails is the SIGBUS the
     * kernel's DAX fault handler gives for any error but ENOMEM (__dax_fault).
     */
    @Override
    public IoMapping mmap(long offset, long length, boolean writable, boolean sync) throws IoException {
        FileMapping m;
        try {
            m = file.map(offset, length, writable);
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
        return new IoMapping() {
            @Override
            public byte load(long pos) throws IoException {
                try {
                    return m.readByte(pos);
                } catch (XfsException e) {
                    throw new IoSignal(IoSignal.SIGBUS, e.getMessage());
                }
            }

            @Override
            public void store(long pos, byte value) throws IoException {
                try {
                    m.writeByte(pos, value);
                } catch (XfsException e) {
                    throw new IoSignal(IoSignal.SIGBUS, e.getMessage());
                }
            }

            @Override
            public void fill(long pos, int len, byte value) throws IoException {
                byte[] bytes = new byte[len];
                java.util.Arrays.fill(bytes, value);
                try {
                    m.write(pos, bytes, 0, len);
                } catch (XfsException e) {
                    throw new IoSignal(IoSignal.SIGBUS, e.getMessage());
                }
            }

            @Override
            public void msync(long pos, long len, boolean syncWrites) throws IoException {
                if (!syncWrites) {
                    return;             // MS_ASYNC and MS_INVALIDATE: writeback comes later, as in the kernel
                }
                try {
                    m.msync(pos, len);
                    file.fdatasync();   // vfs_fsync_range(file, start, end, 1)
                } catch (XfsException e) {
                    throw XfsErrno.of(e);
                }
            }

            @Override
            public void munmap() {
                m.munmap();
            }
        };
    }

    @Override
    public int fsxflags() {
        return file.fsxflags();
    }

    @Override
    public void fssetxflags(int xflags) throws IoException {
        try {
            file.fssetxflags(xflags);
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    /**
     * fstat(2) as xfs_vn_getattr fills it: st_blksize max(PAGE_SIZE, block size) (xfs_stat_blksize without
     * largeio), st_blocks the allocated and delayed blocks in 512-byte units, st_rdev 0:0 for files that are not
     * devices. An image opened by jxfs is no block device, so st_dev is 0:0.
     */
    @Override
    public IoStat stat() throws IoException {
        Inode ip = file.inode();
        Geometry g = fs.mount().geometry();
        long delayed;
        try {
            delayed = file.delayedBlocks();
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
        return new IoStat(Math.max(PAGE_SIZE, g.blocksize), ip.nlink, ip.uid, ip.gid, ip.mode, ip.ino, ip.size,
                (ip.nblocks + delayed) << (g.blocklog - 9), ip.atimeSec, ip.atimeNsec, ip.ctimeSec, ip.ctimeNsec, ip.mtimeSec,
                ip.mtimeNsec, 0, 0, 0, 0);
    }

    @Override
    public void writebackForMap() throws IoException {
        try {
            if (file.delayedBlocks() > 0 || file.size() > file.diskSize()) {
                file.syncRange(0, 0);
            }
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    @Override
    public void syncRange(long offset, long nbytes) throws IoException {
        try {
            file.syncRange(offset, nbytes);
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    /**
     * The inode as fstat(2) and FS_IOC_FSGETXATTR report it: the blocks allocated and reserved by delayed
     * allocations (st_blocks = XFS_FSB_TO_BB(i_nblocks + i_delayed_blks)), the data fork's in-core records,
     * delayed ones included (fsx_nextents = xfs_iext_count).
     */
    @Override
    public IoInode inode() {
        Inode ip = file.inode();
        // xfs_fill_fsxattr: once the extents are read, fsx_nextents is the in-core count (delalloc records too);
        // delayed allocations exist only in a fork that was read
        org.jxfs.bmap.Ifork df = org.jxfs.bmap.Ifork.peek(ip);
        long nextents = df != null ? df.iext().count() : ip.nextents;
        long delayed = df != null ? df.delayedBlks() : 0;
        return new IoInode(ip.ino, ip.mode, ip.size, ip.nblocks + delayed, ip.flags, ip.flags2, ip.projid(),
                ip.extsize(), ip.cowextsize(), nextents,
                ip.anextents, ip.forkoff != 0, ip.atimeSec, ip.mtimeSec, ip.ctimeSec);
    }

    @Override
    public IoGeometry geometry() {
        Geometry g = fs.mount().geometry();
        var sb = fs.mount().sb();
        return new IoGeometry(g.blocksize, g.sectsize, g.agblocks, g.agblklog, g.agcount, sb.unit(), sb.width(),
                g.sectsize);
    }

    @Override
    public List<IoExtent> extents(boolean attrFork) throws IoException {
        if (attrFork) {
            return List.of();       // jxfs writes no attributes: the attr fork, if any, is empty
        }
        try {
            List<IoExtent> out = new ArrayList<>();
            for (BmbtIrec r : file.extents()) {
                long block = r.isDelay() ? IoExtent.DELALLOC : r.startblock();
                out.add(new IoExtent(r.startoff(), block, r.blockcount(), r.isUnwritten()));
            }
            return out;
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    @Override
    public void close() {
        file.close();
    }

    /** A call into xfs-fs whose XfsException becomes the errno xfs_io would have printed. */
    @FunctionalInterface
    private interface XfsCall<T> {
        T call() throws XfsException;
    }

    /** A void call into xfs-fs, as {@link XfsCall}. */
    @FunctionalInterface
    private interface XfsRun {
        void run() throws XfsException;
    }

    private static <T> T call(XfsCall<T> c) throws IoException {
        try {
            return c.call();
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }

    private static void run(XfsRun r) throws IoException {
        try {
            r.run();
        } catch (XfsException e) {
            throw XfsErrno.of(e);
        }
    }
}
