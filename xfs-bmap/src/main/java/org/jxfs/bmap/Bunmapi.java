// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.InvalidArgumentException;
import org.jxfs.core.XfsException;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/** Unmapping file ranges (xfs_bmap.c, __xfs_bunmapi). */
public final class Bunmapi {
    /** XFS_ITRUNC_MAX_EXTENTS: extents truncate removes per transaction. */
    public static final int ITRUNC_MAX_EXTENTS = 2;

    private Bunmapi() {
    }

    /**
     * Ports xfs_bunmapi: unmaps [startFsb, +lenFsb) and returns true when all of it is done. Works from the end of
     * the range backwards, removing at most {@code maxExtents} extents (0: no limit), whole or in part, across
     * written/unwritten boundaries; the blocks are freed when {@code tp} commits. Delayed allocations in the range
     * are removed too, their reservation going back to the free counter at once (xfs_bmap_del_extent_delay). A
     * bounded number per call is what lets the caller fit the work in transactions of bounded size: loop with a
     * new transaction until done.
     */
    public static boolean unmap(Trans tp, Inode ip, long startFsb, long lenFsb, int flags, int maxExtents)
            throws XfsException {
        return bunmapi(tp, ip, startFsb, lenFsb, flags, maxExtents) == 0;
    }

    /**
     * Ports __xfs_bunmapi: as {@link #unmap}, returning the length still mapped-or-unvisited at the start of the
     * range (*rlen), 0 when done.
     */
    public static long bunmapi(Trans tp, Inode ip, long start, long len, int flags, int nexts) throws XfsException {
        Mount mp = (Mount) tp.mount();
        mp.checkShutdown();
        assert len > 0 && nexts >= 0;
        assert ip.ilock.isWriteLockedByCurrentThread() : "bunmapi without ILOCK_EXCL";
        if ((flags & BmapiFlags.ATTRFORK) != 0) {
            throw new InvalidArgumentException("attr fork unmapping is not supported");
        }
        Ifork ifp = Ifork.get(mp, ip);
        IextTree iext = ifp.iext();
        if (iext.count() == 0) {
            return 0;
        }
        Bmalloca bma = new Bmalloca(tp, ifp);
        IextCursor icur = bma.icur;
        long end = Math.min(start + len, BmbtIrec.MAX_FILEOFF + 1);
        BmbtIrec got = iext.lookupExtentBefore(end, icur);
        if (got == null) {
            return 0;
        }
        end--;
        bma.ensureCursor();
        int extno = 0;
        boolean done = false;
        try {
            while (end != -1 && end >= start && (nexts == 0 || extno < nexts)) {
                // Past a hole in which end lives: back up to the previous extent.
                if (got.startoff() > end && (got = iext.prevExtent(icur)) == null) {
                    done = true;
                    break;
                }
                end = Math.min(end, got.endoff() - 1);
                if (end < start) {
                    break;
                }
                // Then deal with the (possibly delayed) allocated space we found.
                boolean wasdel = got.isDelay();
                long dstart = got.startoff(), dblock = got.startblock(), dcount = got.blockcount();
                if (got.startoff() < start) {
                    dstart = start;
                    dcount -= start - got.startoff();
                    if (!wasdel) {
                        dblock += start - got.startoff();
                    }
                }
                if (dstart + dcount > end + 1) {
                    dcount = end + 1 - dstart;
                }
                BmbtIrec del = new BmbtIrec(dstart, dblock, dcount, got.state());
                if (wasdel) {
                    del = BmapDelalloc.delExtentDelay(ifp, icur, got, del);
                } else {
                    BmapDelExtent.delReal(bma, del);
                }
                end = del.startoff() - 1;
                if (end != -1 && end >= start) {
                    got = iext.getExtent(icur);
                    if (got == null || (got.startoff() > end && (got = iext.prevExtent(icur)) == null)) {
                        done = true;
                        break;
                    }
                    extno++;
                }
            }
            if (ifp.needsBtree()) {
                assert bma.cur == null;
                IforkConvert.extentsToBtree(bma);
            } else {
                IforkConvert.btreeToExtents(bma);
            }
        } finally {
            bma.finish();
        }
        return done || end == -1 || end < start ? 0 : end - start + 1;
    }
}
