// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.InvalidArgumentException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * Mapping file ranges (xfs_bmap.c, "bmapi" section): {@link #read} reports what is mapped, {@link #write} allocates
 * holes and converts unwritten/written state. Mappings come back in {@code maps}, which the caller sizes: its length
 * is the kernel's *nmap, the most mappings wanted; the return value is how many were filled.
 */
public final class Bmapi {
    private Bmapi() {
    }

    /**
     * Ports xfs_bmapi_read. Holes come back as HOLESTARTBLOCK mappings, unwritten extents with their state; mappings
     * physically contiguous with the previous one in the same state are merged, as for records that could not be
     * merged on disk only because of the length limit. Needs the fork loaded ({@link Ifork#get}); use the
     * overload with a mount otherwise.
     */
    public static int read(Inode ip, long offsetFsb, long countFsb, int flags, BmbtIrec[] maps) throws XfsException {
        Ifork ifp = Ifork.peek(ip);
        if (ifp == null) {
            throw new IllegalStateException("inode " + ip.ino + ": data fork not loaded; use read(mp, ip, ...)");
        }
        return read(ifp, offsetFsb, countFsb, flags, maps);
    }

    /** {@link #read(Inode, long, long, int, BmbtIrec[])}, reading the extents first if needed (xfs_iread_extents). */
    public static int read(Mount mp, Inode ip, long offsetFsb, long countFsb, int flags, BmbtIrec[] maps)
            throws XfsException {
        if (mp.isShutdown()) {              // xfs_is_shutdown: a read-only mount reads on
            mp.checkShutdown();
        }
        return read(Ifork.get(mp, ip), offsetFsb, countFsb, flags, maps);
    }

    private static int read(Ifork ifp, long bno, long len, int flags, BmbtIrec[] maps) throws XfsException {
        assert maps.length >= 1 && len > 0;
        if ((flags & ~BmapiFlags.ENTIRE) != 0) {
            throw new InvalidArgumentException("bmapi_read flags 0x" + Integer.toHexString(flags));
        }
        IextTree iext = ifp.iext();
        IextCursor icur = new IextCursor();
        BmbtIrec got = iext.lookupExtent(bno, icur);
        boolean eof = got == null;
        long end = bno + len;
        long obno = bno;
        int[] st = {0};
        long[] pos = {bno, len};
        while (pos[0] < end && st[0] < maps.length) {
            if (eof) {
                got = BmbtIrec.hole(end, 0);
            }
            if (got.startoff() > pos[0]) {
                // Reading in a hole.
                long cnt = Math.min(pos[1], got.startoff() - pos[0]);
                maps[st[0]++] = BmbtIrec.hole(pos[0], cnt);
                pos[0] += cnt;
                pos[1] -= cnt;
                continue;
            }
            maps[st[0]] = trimMap(got, pos, obno, end, st[0], flags);
            updateMap(maps, st, pos, obno, end, flags);
            if (pos[0] >= end || st[0] >= maps.length) {
                break;
            }
            got = iext.nextExtent(icur);
            eof = got == null;
        }
        return st[0];
    }

    /**
     * Ports xfs_bmapi_trim_map: the part of {@code got} inside [bno, end) (all of it with ENTIRE). {@code pos} is
     * {bno, len}; bno moves up to obno if the extent starts before the range.
     */
    static BmbtIrec trimMap(BmbtIrec got, long[] pos, long obno, long end, int n, int flags) {
        if ((flags & BmapiFlags.ENTIRE) != 0 || got.endoff() <= obno) {
            return got.isDelay() ? new BmbtIrec(got.startoff(), BmbtIrec.DELAYSTARTBLOCK, got.blockcount(),
                    got.state()) : got;
        }
        if (obno > pos[0]) {
            pos[0] = obno;
        }
        long bno = pos[0];
        assert bno >= obno || n == 0;
        assert bno < end;
        long startblock = got.isDelay() ? BmbtIrec.DELAYSTARTBLOCK : got.startblock() + (bno - got.startoff());
        long cnt = Math.min(end - bno, got.blockcount() - (bno - got.startoff()));
        return new BmbtIrec(bno, startblock, cnt, got.state());
    }

    /**
     * Ports xfs_bmapi_update_map: advances past maps[n] and folds it into maps[n-1] when it extends it (same start
     * after a retry, or physically contiguous with the same state). {@code st[0]} is n.
     */
    static void updateMap(BmbtIrec[] maps, int[] st, long[] pos, long obno, long end, int flags) {
        int n = st[0];
        BmbtIrec m = maps[n];
        assert (flags & BmapiFlags.ENTIRE) != 0 || m.endoff() <= end;
        pos[0] = m.endoff();
        pos[1] = end - pos[0];
        BmbtIrec p = n > 0 ? maps[n - 1] : null;
        if (p != null && m.startoff() == p.startoff()) {
            assert m.startblock() == p.startblock() && m.blockcount() > p.blockcount();
            maps[n - 1] = new BmbtIrec(p.startoff(), p.startblock(), m.blockcount(), m.state());
        } else if (p != null && m.startblock() != BmbtIrec.DELAYSTARTBLOCK
                && p.startblock() != BmbtIrec.DELAYSTARTBLOCK && p.startblock() != BmbtIrec.HOLESTARTBLOCK
                && m.startblock() == p.startblock() + p.blockcount() && p.state() == m.state()) {
            assert m.startoff() == p.endoff();
            maps[n - 1] = new BmbtIrec(p.startoff(), p.startblock(), p.blockcount() + m.blockcount(), p.state());
        } else if (p != null && m.startblock() == BmbtIrec.DELAYSTARTBLOCK
                && p.startblock() == BmbtIrec.DELAYSTARTBLOCK && m.startoff() == p.endoff()) {
            maps[n - 1] = new BmbtIrec(p.startoff(), p.startblock(), p.blockcount() + m.blockcount(), p.state());
        } else if (!(n == 0 && m.endoff() <= obno)) {
            st[0]++;
        }
    }

    /**
     * Ports xfs_bmapi_write with total 0: what the kernel's direct-I/O and preallocation paths pass, leaving the
     * bmbt's needs to minleft.
     */
    public static int write(Trans tp, Inode ip, long offsetFsb, long countFsb, int flags, BmbtIrec[] maps)
            throws XfsException {
        return write(tp, ip, offsetFsb, countFsb, flags, 0, maps);
    }

    /**
     * Ports xfs_bmapi_write. Walks [offsetFsb, +countFsb): holes are allocated (unwritten with PREALLOC), extents
     * in the other state are converted (unwritten to written unless PREALLOC; written to unwritten with
     * PREALLOC|CONVERT), ZERO zeroes what was allocated or converted before the transaction commits. Stops after
     * maps.length mappings or allocations; the caller loops with fresh transactions for the rest, because one
     * transaction only reserves enough blocks for a bounded number of bmbt splits. {@code total} is what the
     * whole transaction still needs from the chosen AG (xfs_bmalloca.total).
     */
    public static int write(Trans tp, Inode ip, long offsetFsb, long countFsb, int flags, long total,
            BmbtIrec[] maps) throws XfsException {
        Mount mp = (Mount) tp.mount();
        mp.checkShutdown();
        assert countFsb > 0 && maps.length >= 1;
        assert ip.ilock.isWriteLockedByCurrentThread() : "bmapi_write without ILOCK_EXCL";
        if ((flags & BmapiFlags.ATTRFORK) != 0) {
            throw new InvalidArgumentException("attr fork mapping is not supported");
        }
        Ifork ifp = Ifork.get(mp, ip);
        Bmalloca bma = new Bmalloca(tp, ifp);
        bma.total = total;
        IextTree iext = ifp.iext();
        long bno = offsetFsb;
        long len = countFsb;
        long end = bno + len;
        long obno = bno;
        bma.got = iext.lookupExtent(bno, bma.icur);
        boolean eof = bma.got == null;
        bma.prev = iext.peekPrevExtent(bma.icur);
        bma.minleft = bma.bmapiMinleft();
        int[] st = {0};
        long[] pos = {bno, len};
        try {
            while (pos[0] < end && st[0] < maps.length) {
                boolean needAlloc = eof || bma.got.startoff() > pos[0];
                boolean wasdelay = !needAlloc && bma.got.isDelay();
                if (needAlloc || wasdelay) {
                    bma.eof = eof;
                    bma.conv = (flags & BmapiFlags.CONVERT) != 0;
                    bma.wasdel = wasdelay;
                    bma.offset = pos[0];
                    bma.flags = flags;
                    bma.length = Math.min(pos[1], BmbtIrec.MAX_BMBT_EXTLEN);
                    if (wasdelay) {
                        // only the asked-for part of the delalloc record (writeback converts whole records)
                        bma.length = Math.min(bma.length, bma.got.blockcount() - (pos[0] - bma.got.startoff()));
                    } else if (!eof) {
                        bma.length = Math.min(bma.length, bma.got.startoff() - pos[0]);
                    }
                    assert pos[1] > 0 && bma.length > 0;
                    allocate(bma);
                    if (bma.blkno == Geometry.NULLFSBLOCK) {
                        break;
                    }
                    eof = false;
                }
                maps[st[0]] = trimMap(bma.got, pos, obno, end, st[0], flags);
                if (convertUnwritten(bma, maps, st[0], pos[1], flags)) {
                    continue; // merged with a neighbour of the other length: map again
                }
                updateMap(maps, st, pos, obno, end, flags);
                if (pos[0] >= end || st[0] >= maps.length || bma.nallocs >= maps.length) {
                    break;
                }
                bma.prev = bma.got;
                bma.got = iext.nextExtent(bma.icur);
                eof = bma.got == null;
            }
            IforkConvert.btreeToExtents(bma);
            assert !ifp.isBtree() || ip.nextents > ifp.maxExtents();
        } finally {
            bma.finish();
        }
        return st[0];
    }

    /**
     * Ports xfs_bmapi_allocate: blocks for [bma.offset, bma.offset + bma.length), which the caller sized (a hole up
     * to the next extent; for a delalloc record, xfs_bmapi_write asks for the part it maps and
     * xfs_bmapi_convert_delalloc for the whole record), are found by {@link BmapBtalloc#btalloc}, zeroed for ZERO,
     * and the new extent is added to the fork, which may merge it with its neighbours; bma.got becomes the record
     * holding it.
     */
    static void allocate(Bmalloca bma) throws XfsException {
        assert bma.length > 0 && bma.length <= BmbtIrec.MAX_BMBT_EXTLEN;
        if (bma.wasdel) {
            bma.prev = bma.ifp.iext().peekPrevExtent(bma.icur);
            long room = bma.tp.blocksLeft() - BmapUtil.extentaddSpaceRes(bma.mp);
            if (bma.funded == 0 && bma.length > room && room > 0) {
                // Not in the kernel: bmapi_write's own transaction pays for the blocks here (see
                // BmapDelalloc.release), so only what it reserved is allocated.
                bma.length = room;
            }
        }
        bma.minlen = (bma.flags & BmapiFlags.CONTIG) != 0 ? bma.length : 1;
        BmapBtalloc.btalloc(bma);
        if (bma.blkno == Geometry.NULLFSBLOCK) {
            return;
        }
        if ((bma.flags & BmapiFlags.ZERO) != 0) {
            try {
                BmapBtalloc.zeroExtent(bma.mp, bma.blkno, bma.length);
            } catch (XfsException e) {
                BmapBtalloc.unallocate(bma);
                throw new ExtentZeroException(e, bma.offset, bma.blkno, bma.length);
            }
        }
        if (bma.wasdel) {
            // xfs_bmap_alloc_account: the blocks leave the delalloc counters.
            bma.ifp.delayedBlks -= bma.length;
            BmapDelalloc.modDelalloc(bma.mp, -bma.length, 0);
            BmapDelalloc.release(bma, bma.length);
        }
        bma.ensureCursor();
        bma.nallocs++;
        ExtState state = (bma.flags & BmapiFlags.PREALLOC) != 0 ? ExtState.UNWRITTEN : ExtState.NORM;
        BmbtIrec nw = new BmbtIrec(bma.offset, bma.blkno, bma.length, state);
        if (bma.wasdel) {
            BmapDelayReal.add(bma, nw);
        } else {
            BmapAddExtent.holeReal(bma, nw);
        }
        bma.got = bma.ifp.iext().getExtent(bma.icur);
        assert bma.got.startoff() <= bma.offset && bma.got.endoff() >= bma.offset + bma.length : bma.got;
    }

    /**
     * Ports xfs_bmapi_convert_unwritten: flips the state of maps[n] if the flags ask for it. Returns true (the
     * kernel's -EAGAIN) when the mapping was shorter than what is left, because the conversion may have merged it
     * with the next extent and the caller must map again from the same offset.
     */
    private static boolean convertUnwritten(Bmalloca bma, BmbtIrec[] maps, int n, long len, int flags)
            throws XfsException {
        BmbtIrec m = maps[n];
        if (m.state() == ExtState.UNWRITTEN && (flags & BmapiFlags.PREALLOC) != 0) {
            return false;
        }
        if (m.state() == ExtState.NORM && (flags & (BmapiFlags.PREALLOC | BmapiFlags.CONVERT))
                != (BmapiFlags.PREALLOC | BmapiFlags.CONVERT)) {
            return false;
        }
        assert m.blockcount() <= len;
        bma.ensureCursor();
        m = m.withState(m.state() == ExtState.UNWRITTEN ? ExtState.NORM : ExtState.UNWRITTEN);
        maps[n] = m;
        if ((flags & BmapiFlags.ZERO) != 0) {
            try {
                BmapBtalloc.zeroExtent(bma.mp, m.startblock(), m.blockcount());
            } catch (XfsException e) {
                throw new ExtentZeroException(e, m.startoff(), m.startblock(), m.blockcount());
            }
        }
        BmapAddExtent.unwrittenReal(bma, m);
        bma.logged = true;
        bma.got = bma.ifp.iext().getExtent(bma.icur);
        return m.blockcount() < len;
    }
}
