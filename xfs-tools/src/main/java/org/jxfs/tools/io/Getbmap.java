// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel side of XFS_IOC_GETBMAPX (fs/xfs/xfs_bmap_util.c, xfs_ioctl.c), over an {@link IoFile}'s fork
 * records: what xfs_io's bmap receives. Offsets and lengths are in 512-byte units; a hole has block -1.
 */
final class Getbmap {
    static final int BMV_IF_ATTRFORK = 0x1;
    static final int BMV_IF_PREALLOC = 0x4;
    static final int BMV_IF_DELALLOC = 0x8;
    static final int BMV_IF_NO_HOLES = 0x10;
    static final int BMV_IF_COWFORK = 0x20;
    static final int BMV_IF_VALID = 0x3f;
    static final int BMV_OF_PREALLOC = 0x1;
    static final int BMV_OF_DELALLOC = 0x2;
    static final int BMV_OF_LAST = 0x4;
    static final int BMV_OF_SHARED = 0x8;

    /** struct getbmapx, one returned entry. */
    static final class Entry {
        long offset;
        long block;
        long length;
        int oflags;
    }

    private Getbmap() {
    }

    /**
     * Ports xfs_ioc_getbmap + xfs_getbmap for a request of the whole file (bmv_offset 0, bmv_length -1) with
     * room for {@code count} slots (the header is slot 0, so at most count-1 entries). jxfs has no delayed
     * allocation and no CoW fork; a CoW query fails as on a kernel built without DEBUG.
     */
    static List<Entry> getbmap(IoFile f, int iflags, int count) throws IoException {
        if (count < 2) {
            throw new IoException(Errno.EINVAL);
        }
        if ((iflags & ~BMV_IF_VALID) != 0 || (iflags & BMV_IF_COWFORK) != 0) {
            throw new IoException(Errno.EINVAL);
        }
        IoInode ip = f.inode();
        IoGeometry geo = f.geometry();
        List<Entry> out = new ArrayList<>();
        boolean attr = (iflags & BMV_IF_ATTRFORK) != 0;
        long maxLen;
        if (attr) {
            if (!ip.hasAttrFork()) {
                return out;
            }
            maxLen = 1L << 32;
        } else if (extszHint(ip) != 0
                || (ip.diflags() & (IoInode.DIFLAG_PREALLOC | IoInode.DIFLAG_APPEND)) != 0) {
            maxLen = Vfs.MAX_BYTES;
        } else {
            maxLen = ip.size();
        }
        if (!attr && (iflags & BMV_IF_DELALLOC) == 0) {
            f.writebackForMap();
            ip = f.inode();
        }
        List<IoExtent> recs = f.extents(attr);
        int blocklog = geo.blocklog();
        long mask = geo.blocksize() - 1;
        Request bmv = new Request(count, iflags);
        // bmv_length == -1: the whole of max_len, rounded up to a block (XFS_B_TO_FSB is unsigned arithmetic)
        bmv.length = Math.max(0L, geo.fsbToBb((maxLen + mask) >>> blocklog));
        bmv.end = bmv.offset + bmv.length;
        long firstBno = 0;
        long bno = 0;
        long len = (bmv.length + (1L << (blocklog - 9)) - 1) >>> (blocklog - 9);
        long isizeFsb = (ip.size() + mask) >>> blocklog;

        int cur = lookup(recs, bno);
        if (cur < 0) {
            if ((iflags & BMV_IF_DELALLOC) != 0) {
                reportHole(geo, bmv, out, bno, isizeFsb);
            }
            return out;
        }
        while (!bmv.full(out)) {
            Irec got = trim(Irec.of(recs.get(cur)), firstBno, len);
            if (got.startOff > bno) {
                reportHole(geo, bmv, out, bno, got.startOff);
                if (bmv.full(out)) {
                    break;
                }
            }
            bno = got.startOff + got.blockCount;
            reportOne(geo, bmv, out, got);
            if (bmv.full(out)) {
                return out;
            }
            if (++cur >= recs.size()) {
                if (!out.isEmpty()) {
                    out.get(out.size() - 1).oflags |= BMV_OF_LAST;
                }
                if (!attr && bno < isizeFsb && !bmv.full(out)) {
                    reportHole(geo, bmv, out, bno, isizeFsb);
                }
                break;
            }
            if (bno >= firstBno + len) {
                break;
            }
        }
        return out;
    }

    /** Ports xfs_get_extsz_hint (a realtime file's hint is at least one rt extent). */
    static long extszHint(IoInode ip) {
        if ((ip.diflags() & IoInode.DIFLAG_EXTSIZE) != 0 && ip.extsize() != 0) {
            return ip.extsize();
        }
        return (ip.diflags() & IoInode.DIFLAG_REALTIME) != 0 ? 1 : 0;
    }

    /** The getbmapx header's running state. */
    private static final class Request {
        final int count;
        final int iflags;
        long offset;
        long length;
        long end;

        Request(int count, int iflags) {
            this.count = count;
            this.iflags = iflags;
        }

        /** Ports xfs_getbmap_full. */
        boolean full(List<Entry> out) {
            return length == 0 || out.size() >= count - 1;
        }
    }

    private record Irec(long startOff, long startBlock, long blockCount, boolean unwritten) {
        boolean delalloc() {
            return startBlock == IoExtent.DELALLOC;
        }

        static Irec of(IoExtent e) {
            return new Irec(e.startOff(), e.startBlock(), e.blockCount(), e.unwritten());
        }
    }

    /** Ports xfs_iext_lookup_extent: the first record that ends after bno, or -1. */
    private static int lookup(List<IoExtent> recs, long bno) {
        for (int i = 0; i < recs.size(); i++) {
            IoExtent e = recs.get(i);
            if (e.startOff() + e.blockCount() > bno) {
                return i;
            }
        }
        return -1;
    }

    /** Ports xfs_trim_extent. */
    private static Irec trim(Irec irec, long bno, long len) {
        long end = bno + len;
        if (irec.startOff + irec.blockCount <= bno || irec.startOff >= end) {
            // (a delayed allocation keeps DELALLOC as its block whatever is trimmed off)
            return new Irec(irec.startOff, irec.startBlock, 0, irec.unwritten);
        }
        long off = irec.startOff;
        long block = irec.startBlock;
        long count = irec.blockCount;
        if (off < bno) {
            long distance = bno - off;
            block += irec.delalloc() ? 0 : distance;
            off += distance;
            count -= distance;
        }
        if (end < off + count) {
            count -= off + count - end;
        }
        return new Irec(off, block, count, irec.unwritten);
    }

    /** Ports xfs_getbmap_report_one (no shared extents: reflink is not supported). */
    private static void reportOne(IoGeometry geo, Request bmv, List<Entry> out, Irec got) {
        Entry p = new Entry();
        if (got.delalloc()) {
            // A delayed allocation made after the flush is "after" the snapshot: shown only when asked for
            if ((bmv.iflags & BMV_IF_DELALLOC) == 0) {
                return;
            }
            p.oflags |= BMV_OF_DELALLOC;
            p.block = -2;
        } else {
            p.block = geo.fsbToDaddr(got.startBlock);
        }
        if (got.unwritten && (bmv.iflags & BMV_IF_PREALLOC) != 0) {
            p.oflags |= BMV_OF_PREALLOC;
        }
        p.offset = geo.fsbToBb(got.startOff);
        p.length = geo.fsbToBb(got.blockCount);
        add(bmv, out, p);
    }

    /** Ports xfs_getbmap_report_hole. */
    private static void reportHole(IoGeometry geo, Request bmv, List<Entry> out, long bno, long end) {
        if ((bmv.iflags & BMV_IF_NO_HOLES) != 0) {
            return;
        }
        Entry p = new Entry();
        p.block = -1;
        p.offset = geo.fsbToBb(bno);
        p.length = geo.fsbToBb(end - bno);
        add(bmv, out, p);
    }

    private static void add(Request bmv, List<Entry> out, Entry p) {
        bmv.offset = p.offset + p.length;
        bmv.length = Math.max(0L, bmv.end - bmv.offset);
        out.add(p);
    }
}
