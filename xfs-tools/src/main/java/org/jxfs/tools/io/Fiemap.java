// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel side of FS_IOC_FIEMAP on XFS (Linux 6.18: ioctl_fiemap, xfs_vn_fiemap, iomap_fiemap over
 * xfs_read_iomap_ops or xfs_xattr_iomap_ops, fiemap_fill_next_extent), over an {@link IoFile}'s fork records: what
 * xfs_io's fiemap receives. Offsets and lengths are in bytes.
 */
final class Fiemap {
    static final int FIEMAP_FLAG_SYNC = 0x1;
    static final int FIEMAP_FLAG_XATTR = 0x2;
    static final int FIEMAP_EXTENT_LAST = 0x1;
    static final int FIEMAP_EXTENT_UNKNOWN = 0x2;
    static final int FIEMAP_EXTENT_DELALLOC = 0x4;
    static final int FIEMAP_EXTENT_UNWRITTEN = 0x800;

    /** struct fiemap_extent. */
    record Extent(long logical, long physical, long length, int flags) {
    }

    private Fiemap() {
    }

    /**
     * Ports ioctl_fiemap for {@code count} extent slots of [{@code start}, {@code start + len}) (both u64). Every
     * record of the fork that meets the range is reported trimmed to it at block granularity (xfs_bmapi_read from
     * the block holding {@code start} to the block holding the range's last byte), holes skipped; the last extent of
     * the range carries FIEMAP_EXTENT_LAST when it fits in the array. EINVAL for a zero length, EFBIG for a start
     * past the largest file size. FIEMAP_FLAG_SYNC writes back cached data first (fiemap_prep's
     * filemap_write_and_wait), so a delayed allocation (FIEMAP_EXTENT_DELALLOC | UNKNOWN at physical 0) is seen
     * only without it; the attribute fork with no records maps nothing (ENOENT from xfs_xattr_iomap_begin, which
     * iomap_fiemap turns into an empty answer).
     */
    static List<Extent> fiemap(IoFile f, int flags, long start, long len, int count) throws IoException {
        if (len == 0) {
            throw new IoException(Errno.EINVAL);
        }
        long maxbytes = Vfs.MAX_BYTES;
        if (Long.compareUnsigned(start, maxbytes) >= 0) {
            throw new IoException(Errno.EFBIG);
        }
        if (Long.compareUnsigned(len, maxbytes) > 0 || maxbytes - len < start) {
            len = maxbytes - start;
        }
        if ((flags & FIEMAP_FLAG_SYNC) != 0) {
            f.syncRange(0, 0);
        }
        IoGeometry geo = f.geometry();
        int blocklog = geo.blocklog();
        long mask = geo.blocksize() - 1;
        long startFsb = start >>> blocklog;
        long endFsb = (start + len + mask) >>> blocklog;       // xfs_iomap_end_fsb; start + len <= s_maxbytes
        List<Extent> found = new ArrayList<>();
        for (IoExtent r : f.extents((flags & FIEMAP_FLAG_XATTR) != 0)) {
            long end = r.startOff() + r.blockCount();
            if (end <= startFsb || r.startOff() >= endFsb) {
                continue;
            }
            long s = Math.max(r.startOff(), startFsb);
            long e = Math.min(end, endFsb);
            long phys = r.isDelalloc() ? 0 : geo.fsbToDaddr(r.startBlock() + (s - r.startOff())) << 9;
            int fl = r.isDelalloc() ? FIEMAP_EXTENT_DELALLOC | FIEMAP_EXTENT_UNKNOWN
                    : r.unwritten() ? FIEMAP_EXTENT_UNWRITTEN : 0;
            found.add(new Extent(s << blocklog, phys, (e - s) << blocklog, fl));
            if (found.size() > count) {
                break;
            }
        }
        if (found.size() > count) {
            return found.subList(0, count);
        }
        if (!found.isEmpty()) {
            Extent last = found.remove(found.size() - 1);
            found.add(new Extent(last.logical(), last.physical(), last.length(), last.flags() | FIEMAP_EXTENT_LAST));
        }
        return found;
    }
}
