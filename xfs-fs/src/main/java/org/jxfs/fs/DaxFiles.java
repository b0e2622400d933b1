// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import org.jxfs.aops.XfsEndIo;
import org.jxfs.aops.XfsGetBlocks;
import org.jxfs.core.XfsException;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.mount.MountSlot;
import org.jxfs.dax.DaxClearBlocks;
import org.jxfs.dax.DaxIoDone;
import org.jxfs.dax.DaxLockMode;
import org.jxfs.dax.DaxMapping;
import org.jxfs.dax.GetBlock;
import org.jxfs.dax.Pmem;
import org.jxfs.iomap.DaxPolicy;

/**
 * The DAX side of one mount: the device seen as pmem (what a pmem block device gives the kernel through
 * bdev_direct_access), installed as the device's zeroing so that xfs_zero_extent is dax_clear_blocks, and one
 * {@link DaxMapping} per DAX inode: the address_space is the inode's, so every open of the file and every mmap of it
 * share one page cache, one i_mmap lock and one i_mmap list. Made on first use through a {@link MountSlot}.
 *
 * <p>The mapping's methods are xfs_file.c's for a DAX inode (Linux 4.4): get_block is xfs_get_blocks_dax_fault and
 * complete_unwritten is xfs_end_io_dax_write. xfs_filemap_fault takes the XFS mmaplock shared around the whole
 * dax_fault; the generic fault code here has no hook around a whole fault, so the mmaplock is taken shared around
 * each call into the filesystem (get_block and the completion) instead, which is what keeps a fault's allocation and
 * conversion apart from a truncate or hole punch holding it exclusive.
 */
public final class DaxFiles {
    /** EACCES (not among XfsException's constants): a writable shared mapping of a file opened read-only. */
    static final int EACCES = 13;

    private static final MountSlot<DaxFiles> SLOT = new MountSlot<>(DaxFiles::new);

    private final Mount mp;
    private volatile Pmem pmem;
    /** The address_space of each DAX inode, with the in-core inode it belongs to (an inode number can be reused). */
    private final ConcurrentHashMap<Long, Entry> mappings = new ConcurrentHashMap<>();

    private record Entry(Inode ip, DaxMapping mapping) {
    }

    private DaxFiles(Mount mp) {
        this.mp = mp;
    }

    /** The DAX state of {@code mp}. */
    public static DaxFiles of(Mount mp) {
        return mp.slot(SLOT);
    }

    /**
     * The mount's pmem view of its device, made on first use and installed then as the device's zeroing
     * ({@link DaxClearBlocks#install}), so that from then on every xfs_zero_extent runs as dax_clear_blocks.
     */
    public Pmem pmem() {
        Pmem p = pmem;
        if (p == null) {
            synchronized (this) {
                p = pmem;
                if (p == null) {
                    p = new Pmem(mp.device());
                    DaxClearBlocks.install(p);
                    pmem = p;
                }
            }
        }
        return p;
    }

    /**
     * The address_space of DAX inode {@code ip}, made on first use: i_size is read from the inode at every check,
     * the lock mode follows the mount's {@link DaxPolicy.Mode} ({@link DaxLockMode#MMAP_LOCK} for
     * {@link DaxPolicy.Mode#MMAP_LOCK}, none otherwise). EOPNOTSUPP for a non-DAX inode and for block sizes above
     * the page size (the kernel refuses DAX there too).
     */
    public DaxMapping mapping(Inode ip) throws XfsException {
        Entry e = mappings.get(ip.ino);
        if (e != null && e.ip() == ip) {
            return e.mapping();
        }
        if (!DaxPolicy.isDax(mp, ip)) {
            throw new XfsException(XfsException.EOPNOTSUPP, "inode " + ip.ino + " is not a DAX file");
        }
        int bs = mp.geometry().blocksize;
        if (bs > DaxMapping.PAGE_SIZE) {
            throw new XfsException(XfsException.EOPNOTSUPP, "DAX needs a block size of at most "
                    + DaxMapping.PAGE_SIZE + " bytes; this filesystem's is " + bs);
        }
        return mappings.compute(ip.ino, (ino, old) -> old != null && old.ip() == ip ? old
                : new Entry(ip, newMapping(ip, bs))).mapping();
    }

    /** The mapping of inode number {@code ino} if one was made, else null. */
    public DaxMapping mappingIfMade(long ino) {
        Entry e = mappings.get(ino);
        return e == null ? null : e.mapping();
    }

    /**
     * Ports the DAX half of truncate_pagecache_range / unmap_mapping_range: every mapped page of the file in
     * [off, off + len) bytes ({@code len} Long.MAX_VALUE: to the end) is unmapped and its hole page dropped, so the
     * next access faults and finds the blocks as they are after the caller frees or changes them. Called with the
     * iolock and mmaplock held exclusively, before blocks are freed.
     */
    static void invalidate(Mount mp, Inode ip, long off, long len) {
        DaxFiles files = mp.slotIfMade(SLOT);
        DaxMapping m = files == null ? null : files.mappingIfMade(ip.ino);
        if (m != null) {
            m.invalidateRange(off, len);
        }
    }

    private DaxMapping newMapping(Inode ip, int blockSize) {
        DaxLockMode lockMode = DaxPolicy.of(mp).mode() == DaxPolicy.Mode.MMAP_LOCK ? DaxLockMode.MMAP_LOCK
                : DaxLockMode.NONE;
        return new DaxMapping(pmem(), blockSize, () -> ip.size, getBlock(mp, ip), ioDone(mp, ip), lockMode);
    }

    /**
     * xfs_get_blocks_dax_fault under the mmaplock held shared (xfs_filemap_fault's XFS_MMAPLOCK_SHARED). A write
     * fault that allocates first stamps mtime and ctime as xfs_filemap_page_mkwrite's file_update_time does, outside
     * the mmaplock (the generic code gives no hook at the start of every write fault, so a write fault on a block
     * already mapped does not stamp them).
     */
    static GetBlock getBlock(Mount mp, Inode ip) {
        GetBlock inner = XfsGetBlocks.daxFault(mp, ip);
        return (iblock, bh, create) -> {
            if (create) {
                FileTimes.fileModified(mp, ip);
            }
            Lock l = ip.mmaplock.readLock();
            l.lock();
            try {
                inner.getBlock(iblock, bh, create);
            } finally {
                l.unlock();
            }
        };
    }

    /** xfs_end_io_dax_write, the complete_unwritten of XFS's DAX faults, under the mmaplock held shared. */
    static DaxIoDone ioDone(Mount mp, Inode ip) {
        DaxIoDone inner = XfsEndIo.daxIoDone(mp, ip);
        return (bh, uptodate) -> {
            Lock l = ip.mmaplock.readLock();
            l.lock();
            try {
                inner.complete(bh, uptodate);
            } finally {
                l.unlock();
            }
        };
    }
}
