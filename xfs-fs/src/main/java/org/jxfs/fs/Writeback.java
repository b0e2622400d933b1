// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.aops.XfsEndIo;
import org.jxfs.aops.XfsMapBlocks;
import org.jxfs.core.ErrorTag;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.iomap.Iomap;

/**
 * Writeback of an inode's dirty page cache (iomap_writepages with xfs_writeback_ops, 6.18): dirty blocks in file
 * order, each mapped by {@link XfsMapBlocks#mapBlocks} (which converts delayed allocations into unwritten extents),
 * written to the device in runs, gathered into ioends of file-contiguous blocks of one kind, and completed by
 * {@link XfsEndIo#endIoend}: unwritten extents converted and the on-disk size moved once the data is on disk.
 */
final class Writeback {
    /** The longest run of contiguous blocks gathered before it goes to the device. */
    static final int MAX_RUN_BYTES = 1 << 20;

    private Writeback() {
    }

    /** One ioend: a file range written into one kind of extent (struct iomap_ioend). */
    private static final class Ioend {
        final long offset;
        long size;
        final boolean unwritten;

        Ioend(long offset, long size, boolean unwritten) {
            this.offset = offset;
            this.size = size;
            this.unwritten = unwritten;
        }
    }

    /**
     * filemap_write_and_wait_range(start, end) for one inode ({@code end} inclusive, bytes): writes back every dirty
     * block in the range and completes it before returning. Blocks wholly past EOF are dropped unwritten, and the
     * bytes of the EOF block past EOF are written as zeros (iomap_writepage_handle_eof).
     */
    static void writeRange(Mount mp, AddressSpace as, long start, long end) throws XfsException {
        Inode ip = as.ip;
        Geometry geo = mp.geometry();
        int bs = geo.blocksize;
        long first = start >>> geo.blocklog;
        long last = end >>> geo.blocklog;
        if (start > end || first > last) {
            return;
        }
        if (as.dirtyCount() == 0) {
            return;                     // the mapping is not tagged dirty: writepages is not called
        }
        as.truncated = false;           // xfs_vm_writepages clears XFS_ITRUNCATED, whatever the range
        as.writebackLock.lock();
        try {
            List<AddressSpace.DirtyBlock> blocks = as.takeDirty(first, last);
            if (blocks.isEmpty()) {
                return;
            }
            mp.checkShutdown();
            long isize = ip.size;
            List<Ioend> ioends = new ArrayList<>();
            Run run = new Run(mp, as);
            Iomap map = null;
            try {
                for (AddressSpace.DirtyBlock b : blocks) {
                    long pos = b.index() << geo.blocklog;
                    if (pos >= isize) {
                        continue;
                    }
                    if (map == null || pos < map.offset() || pos >= map.end()) {
                        run.flush();
                        map = XfsMapBlocks.mapBlocks(mp, ip, pos);
                    }
                    if (map.type() == Iomap.Type.HOLE) {
                        continue;               // nothing backs it (iomap_writepage_map_blocks skips holes)
                    }
                    Folio folio = b.folio();
                    if (pos + bs > isize) {
                        synchronized (as) {
                            java.util.Arrays.fill(folio.data, (int) (isize - pos), bs, (byte) 0);
                        }
                    }
                    run.add(map.deviceAt(pos), folio);
                    long ioEnd = Math.min(pos + bs, isize);
                    boolean unwritten = map.type() == Iomap.Type.UNWRITTEN;
                    Ioend cur = ioends.isEmpty() ? null : ioends.get(ioends.size() - 1);
                    if (cur != null && cur.unwritten == unwritten && cur.offset + cur.size == pos) {
                        cur.size = ioEnd - cur.offset;
                    } else {
                        ioends.add(new Ioend(pos, ioEnd - pos, unwritten));
                    }
                }
                run.flush();
            } catch (XfsException | RuntimeException e) {
                // No ioend completes: nothing is converted to written over data that may not be on disk, and every
                // block stays dirty for the next writeback (the bytes are still in the cache).
                for (AddressSpace.DirtyBlock b : blocks) {
                    as.redirty(b);
                }
                throw e;
            }
            completeAll(mp, ip, ioends);
        } finally {
            as.writebackLock.unlock();
        }
    }

    private static void completeAll(Mount mp, Inode ip, List<Ioend> ioends) throws XfsException {
        for (Ioend io : ioends) {
            XfsEndIo.endIoend(mp, ip, io.offset, io.size, io.unwritten);
        }
    }

    /**
     * Blocks that follow one another on the device, written as one device write (one bio): each block's bytes go to
     * the device's data write cache, which combines the contiguous blocks into pwrites of up to
     * 256 KiB (DataWriteCache.CAPACITY) rather than first stores into a mapping of the image, which cost ten times as
     * much per page (docs/performance.md, "Direct I/O and DAX writes"); the run needs no buffer of its own. The bytes
     * are copied from the folios under the address space's monitor, which buffered writes hold as they copy in.
     */
    private static final class Run {
        private final Mount mp;
        private final AddressSpace as;
        private final List<Folio> blocks = new ArrayList<>();
        private long dev = -1;
        private int len;

        Run(Mount mp, AddressSpace as) {
            this.mp = mp;
            this.as = as;
        }

        void add(long devPos, Folio f) throws XfsException {
            int n = f.data.length;
            if (len > 0 && (dev + len != devPos || len + n > MAX_RUN_BYTES)) {
                flush();
            }
            if (len == 0) {
                dev = devPos;
            }
            blocks.add(f);
            len += n;
        }

        void flush() throws XfsException {
            if (len == 0) {
                return;
            }
            mp.errors().check(ErrorTag.DATA_WRITE_IO, "data writeback", dev >>> Geometry.BBSHIFT);
            long at = dev;
            synchronized (as) {
                for (Folio f : blocks) {
                    mp.device().writeData(at, f.data, 0, f.data.length);
                    at += f.data.length;
                }
            }
            blocks.clear();
            len = 0;
        }
    }
}
