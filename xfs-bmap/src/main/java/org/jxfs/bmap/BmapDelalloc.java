// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.NoSpaceException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/**
 * Delayed allocation in the data fork (xfs_bmap.c, "delalloc" parts): a buffered write reserves blocks without
 * choosing them, as a delalloc record in the in-core extent tree whose startblock encodes the worst-case number of
 * bmbt blocks converting it may need ({@link BmbtIrec#nullStartblock}, STARTBLOCKVAL). Both the data blocks and
 * that indirect reservation leave the free-block counter when the record is made, so a later conversion cannot
 * fail for lack of space; punching the record gives them back.
 *
 * <p>Accounting, as in the kernel: {@link Mount#delallocBlks} (m_delalloc_blks) counts data and indirect blocks of
 * every delalloc record, {@link Ifork#delayedBlks} (i_delayed_blks) the data blocks of one inode. Delalloc records
 * are in core only: they are not counted in nextents and never reach the inode or the bmbt.
 */
public final class BmapDelalloc {
    private BmapDelalloc() {
    }

    /**
     * Ports xfs_bmap_worst_indlen: the bmbt blocks a delalloc extent of {@code len} blocks may need when it is
     * converted, if every block became its own record: one leaf per maxrecs records, one node per maxrecs below
     * it, and one block per level up to the tallest tree once a level needs a single block.
     */
    public static long worstIndlen(Geometry geo, long len) {
        int maxlevels = BmbtOps.DATA.maxLevels(geo);
        long maxrecs = BmdrRoot.bmbtMaxrecs(geo.blocksize, true);
        long rval = 0;
        for (int level = 0; level < maxlevels; level++) {
            len = (len + maxrecs - 1) / maxrecs;
            rval += len;
            if (len == 1) {
                return rval + maxlevels - level - 1;
            }
            if (level == 0) {
                maxrecs = BmdrRoot.bmbtMaxrecs(geo.blocksize, false);
            }
        }
        return rval;
    }

    /** The indirect reservation held by a delalloc record (startblockval(br_startblock)). */
    static long indlen(BmbtIrec r) {
        assert r.isDelay() : r;
        return BmbtIrec.startblockVal(r.startblock());
    }

    /** A delalloc record of {@code count} blocks at {@code off} holding {@code indlen} indirect blocks. */
    static BmbtIrec delay(long off, long count, long indlen) {
        return new BmbtIrec(off, BmbtIrec.nullStartblock((int) indlen), count, ExtState.NORM);
    }

    /** Ports xfs_mod_delalloc for the data fork of a non-realtime inode: m_delalloc_blks moves by both deltas. */
    static void modDelalloc(Mount mp, long dataDelta, long indDelta) {
        mp.modDelallocBlks(dataDelta + indDelta);
    }

    /**
     * Reserves delayed allocations over every hole in [offsetFsb, +countFsb) (xfs_buffered_write_iomap_begin's
     * loop over {@link #reserveDelalloc}), leaving existing extents and delalloc records alone. Returns the data
     * blocks reserved. ENOSPC leaves the holes reserved before the one that failed, as a short buffered write does.
     * The caller holds the ilock exclusively.
     */
    public static long reserve(Mount mp, Inode ip, long offsetFsb, long countFsb, long prealloc) throws XfsException {
        mp.checkShutdown();
        assert ip.ilock.isWriteLockedByCurrentThread() : "reserve_delalloc without ILOCK_EXCL";
        assert countFsb > 0;
        Ifork ifp = Ifork.get(mp, ip);
        IextTree iext = ifp.iext();
        long off = offsetFsb;
        long end = offsetFsb + countFsb;
        long reserved = 0;
        while (off < end) {
            IextCursor icur = new IextCursor();
            BmbtIrec got = iext.lookupExtent(off, icur);
            boolean eof = got == null;
            if (!eof && got.startoff() <= off) {
                off = got.endoff();
                continue;
            }
            // Speculative preallocation only past the last extent, as for a write at EOF.
            BmbtIrec made = reserveDelalloc(ifp, off, end - off, eof ? prealloc : 0, got, icur, eof);
            long piece = Math.min(made.endoff(), end) - off;
            reserved += piece;
            off += piece;
        }
        return reserved;
    }

    /**
     * xfs_bmapi_reserve_delalloc as xfs_buffered_write_iomap_begin calls it: reserves [off, off+len) plus
     * {@code prealloc} blocks in the hole at {@code off}, before {@code got} (the next extent, null at EOF) found
     * with {@code icur}. Returns the delalloc record holding the reservation (merged with delalloc neighbours).
     * The caller holds the ilock exclusively.
     */
    public static BmbtIrec reserveDelalloc(Mount mp, Inode ip, long off, long len, long prealloc, BmbtIrec got,
            IextCursor icur) throws XfsException {
        mp.checkShutdown();
        assert ip.ilock.isWriteLockedByCurrentThread() : "reserve_delalloc without ILOCK_EXCL";
        return reserveDelalloc(Ifork.get(mp, ip), off, len, prealloc, got, icur, got == null);
    }

    /**
     * Ports xfs_bmapi_reserve_delalloc for the data fork (no extent size hint, no quota): reserves {@code len}
     * blocks at {@code off} plus {@code prealloc} blocks of speculative preallocation, trimmed to the hole before
     * {@code got} and to one record, and their worst-case indirect blocks, from the free counter: ENOSPC here,
     * never at writeback. Without room for the preallocation it retries without it. The new record goes into the
     * tree at {@code icur} and may merge with delalloc neighbours; returns the record holding it.
     */
    static BmbtIrec reserveDelalloc(Ifork ifp, long off, long len, long prealloc, BmbtIrec got, IextCursor icur,
            boolean eof) throws XfsException {
        Mount mp = ifp.mount();
        Geometry geo = mp.geometry();
        while (true) {
            long aoff = off;
            long alen = Math.min(len + prealloc, BmbtIrec.MAX_BMBT_EXTLEN);
            if (!eof) {
                alen = Math.min(alen, got.startoff() - aoff);
            }
            if (prealloc != 0 && alen >= len) {
                prealloc = alen - len;
            }
            long indlen = worstIndlen(geo, alen);
            assert indlen > 0;
            try {
                mp.reserveBlocks(alen + indlen);
            } catch (NoSpaceException e) {
                if (prealloc != 0) {
                    prealloc = 0; // retry without any preallocation
                    continue;
                }
                throw e;
            }
            ifp.delayedBlks += alen;
            modDelalloc(mp, alen, indlen);
            BmbtIrec nw = delay(aoff, alen, indlen);
            addExtentHoleDelay(ifp, icur, nw);
            // xfs_inode_set_eofblocks_tag when prealloc: nothing trims speculative preallocation yet.
            return ifp.iext().getExtent(icur);
        }
    }

    /**
     * Ports xfs_bmap_add_extent_hole_delay. A new delalloc record merges with delalloc neighbours that touch it
     * in the file, so a file written sequentially keeps one record; the merged record's indirect reservation is
     * the worst case for its new length, never more than the parts held, and the difference goes back to the free
     * counter. The cursor is left on the record holding {@code nw}.
     */
    static void addExtentHoleDelay(Ifork ifp, IextCursor icur, BmbtIrec nw) {
        IextTree iext = ifp.iext();
        Mount mp = ifp.mount();
        Geometry geo = mp.geometry();
        assert nw.isDelay();
        int state = 0;
        BmbtIrec left = iext.peekPrevExtent(icur);
        BmbtIrec right = iext.getExtent(icur);
        boolean leftDelay = left != null && left.isDelay();
        boolean rightDelay = right != null && right.isDelay();
        if (leftDelay && left.endoff() == nw.startoff()
                && left.blockcount() + nw.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN) {
            state |= BmapAddExtent.LEFT_CONTIG;
        }
        if (rightDelay && nw.endoff() == right.startoff()
                && nw.blockcount() + right.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN
                && ((state & BmapAddExtent.LEFT_CONTIG) == 0
                        || left.blockcount() + nw.blockcount() + right.blockcount() <= BmbtIrec.MAX_BMBT_EXTLEN)) {
            state |= BmapAddExtent.RIGHT_CONTIG;
        }
        long oldlen = 0, newlen = 0;
        switch (state) {
            case BmapAddExtent.LEFT_CONTIG | BmapAddExtent.RIGHT_CONTIG -> {
                // Contiguous with delalloc on both sides: the three become one record.
                long temp = left.blockcount() + nw.blockcount() + right.blockcount();
                oldlen = indlen(left) + indlen(nw) + indlen(right);
                newlen = Math.min(worstIndlen(geo, temp), oldlen);
                iext.remove(icur);
                iext.prev(icur);
                iext.updateExtent(icur, delay(left.startoff(), temp, newlen));
            }
            case BmapAddExtent.LEFT_CONTIG -> {
                long temp = left.blockcount() + nw.blockcount();
                oldlen = indlen(left) + indlen(nw);
                newlen = Math.min(worstIndlen(geo, temp), oldlen);
                iext.prev(icur);
                iext.updateExtent(icur, delay(left.startoff(), temp, newlen));
            }
            case BmapAddExtent.RIGHT_CONTIG -> {
                long temp = nw.blockcount() + right.blockcount();
                oldlen = indlen(nw) + indlen(right);
                newlen = Math.min(worstIndlen(geo, temp), oldlen);
                iext.updateExtent(icur, delay(nw.startoff(), temp, newlen));
            }
            default -> {
                // Not contiguous with any delalloc record: a new one. Delalloc records are not counted in nextents.
                iext.insert(icur, nw);
            }
        }
        if (oldlen != newlen) {
            assert oldlen > newlen;
            mp.unreserveBlocks(oldlen - newlen);
            modDelalloc(mp, 0, newlen - oldlen);
        }
    }

    /**
     * Ports xfs_bmap_split_indlen (6.18, after stealing moved to the caller): when a delalloc record is split and
     * {@code ores} cannot meet both worst cases, share it in proportion to them, so that repeated splits do not
     * leave one side with nothing; any remainder goes one block at a time, first to a side left with none.
     * {@code indlen} holds the two worst cases and receives the shares.
     */
    static void splitIndlen(long ores, long[] indlen) {
        long len1 = indlen[0];
        long len2 = indlen[1];
        long nres = len1 + len2;
        if (ores >= nres) {
            return;
        }
        long resfactor = ores * 100 / nres;
        len1 = len1 * resfactor / 100;
        len2 = len2 * resfactor / 100;
        assert len1 + len2 <= ores;
        assert len1 < indlen[0] && len2 < indlen[1];
        ores -= len1 + len2;
        assert (indlen[0] - len1) + (indlen[1] - len2) >= ores;
        if (ores != 0 && len2 == 0 && indlen[1] != 0) {
            len2++;
            ores--;
        }
        while (ores != 0) {
            if (len1 < indlen[0]) {
                len1++;
                ores--;
            }
            if (ores == 0) {
                break;
            }
            if (len2 < indlen[1]) {
                len2++;
                ores--;
            }
        }
        indlen[0] = len1;
        indlen[1] = len2;
    }

    /**
     * Ports xfs_bmap_del_extent_delay (6.18). {@code del} lies inside the delalloc record {@code got} at
     * {@code icur}: the whole record goes, its head or tail goes (the rest keeps the worst case for its length, at
     * most what it held), or the middle goes and the reservation is shared between the two sides, stealing from
     * the punched data blocks if the two worst cases need more than the record held. What is no longer reserved
     * goes back to the free counter. Returns {@code del} less the stolen blocks.
     */
    static BmbtIrec delExtentDelay(Ifork ifp, IextCursor icur, BmbtIrec got, BmbtIrec del) {
        IextTree iext = ifp.iext();
        Mount mp = ifp.mount();
        Geometry geo = mp.geometry();
        long delEndoff = del.endoff();
        long gotEndoff = got.endoff();
        long daOld = indlen(got);
        long daNew = 0;
        long stolen = 0;
        assert del.blockcount() > 0;
        assert got.startoff() <= del.startoff() && gotEndoff >= delEndoff : got + " / " + del;
        // The inode's count now; the superblock counters once we know how much indirect reservation is left.
        ifp.delayedBlks -= del.blockcount();
        int state = 0;
        if (got.startoff() == del.startoff()) {
            state |= BmapAddExtent.LEFT_FILLING;
        }
        if (gotEndoff == delEndoff) {
            state |= BmapAddExtent.RIGHT_FILLING;
        }
        switch (state) {
            case BmapAddExtent.LEFT_FILLING | BmapAddExtent.RIGHT_FILLING -> {
                // Matches the whole extent: delete the record.
                iext.remove(icur);
                iext.prev(icur);
            }
            case BmapAddExtent.LEFT_FILLING -> {
                // Deleting the first part of the extent.
                long count = got.blockcount() - del.blockcount();
                daNew = Math.min(worstIndlen(geo, count), daOld);
                iext.updateExtent(icur, delay(delEndoff, count, daNew));
            }
            case BmapAddExtent.RIGHT_FILLING -> {
                // Deleting the last part of the extent.
                long count = got.blockcount() - del.blockcount();
                daNew = Math.min(worstIndlen(geo, count), daOld);
                iext.updateExtent(icur, delay(got.startoff(), count, daNew));
            }
            default -> {
                // Deleting the middle: share the reservation between the two sides, stealing from the deleted
                // data blocks if it falls short of both worst cases.
                long gotCount = del.startoff() - got.startoff();
                long newCount = gotEndoff - delEndoff;
                long[] ind = {worstIndlen(geo, gotCount), worstIndlen(geo, newCount)};
                assert ind[0] != 0 && ind[1] != 0;
                daNew = ind[0] + ind[1];
                if (daNew > daOld) {
                    stolen = Math.min(daNew - daOld, del.blockcount());
                    daOld += stolen;
                }
                if (daNew > daOld) {
                    splitIndlen(daOld, ind);
                }
                daNew = ind[0] + ind[1];
                iext.updateExtent(icur, delay(got.startoff(), gotCount, ind[0]));
                iext.next(icur);
                iext.insert(icur, delay(delEndoff, newCount, ind[1]));
                del = new BmbtIrec(del.startoff(), del.startblock(), del.blockcount() - stolen, del.state());
            }
        }
        assert daOld >= daNew;
        long daDiff = daOld - daNew;
        mp.unreserveBlocks(daDiff + del.blockcount());
        modDelalloc(mp, -del.blockcount(), -daDiff);
        return del;
    }

    /**
     * Ports xfs_bmap_punch_delalloc_range: removes the delalloc records in [startFsb, endFsb) and nothing else
     * (real extents stay), with no transaction, since no on-disk state changes: what the page cache uses when a
     * buffered write fails or writeback trims what it reserved. Walks backwards from the end, as the kernel does.
     */
    public static void punchDelallocRange(Mount mp, Inode ip, long startFsb, long endFsb) throws XfsException {
        assert startFsb < endFsb;
        ip.ilock.writeLock().lock();
        try {
            Ifork ifp = Ifork.get(mp, ip);
            IextTree iext = ifp.iext();
            IextCursor icur = new IextCursor();
            BmbtIrec got = iext.lookupExtentBefore(endFsb, icur);
            while (got != null && got.endoff() > startFsb) {
                // xfs_trim_extent(&del, start_fsb, end_fsb - start_fsb)
                long dstart = Math.max(got.startoff(), startFsb);
                long dend = Math.min(got.endoff(), endFsb);
                if (dend <= dstart || !got.isDelay()) {
                    // A delete can push the cursor forward: step back on anything not to be deleted.
                    got = iext.prevExtent(icur);
                    continue;
                }
                delExtentDelay(ifp, icur, got, new BmbtIrec(dstart, got.startblock(), dend - dstart, got.state()));
                got = iext.getExtent(icur);
            }
        } finally {
            ip.ilock.writeLock().unlock();
        }
    }

    // ---- conversion ----

    /**
     * Ports xfs_bmapi_convert_delalloc (6.18): converts delalloc records from the one at {@code offsetFsb} on
     * until the mapping returned covers {@code offsetFsb}; each step allocates one whole record (or as much of it
     * as one free extent gives) in its own transaction. {@code flags} is {@link BmapiFlags#PREALLOC} for the
     * kernel's data-fork conversion (unwritten, converted after the data is written) or 0 for written extents.
     * Returns the real mapping at {@code offsetFsb}, or null if there is neither a delalloc record nor an extent
     * there. The caller holds no ilock.
     */
    public static BmbtIrec convertDelalloc(Mount mp, Inode ip, long offsetFsb, int flags) throws XfsException {
        while (true) {
            BmbtIrec m = convertOneDelalloc(mp, ip, offsetFsb, flags);
            if (m == null || m.endoff() > offsetFsb) {
                return m;
            }
        }
    }

    /**
     * Ports xfs_bmapi_convert_one_delalloc. The blocks were reserved when the record was made, so nothing is
     * reserved again: the record's reservation (data and indirect) is moved into the transaction's, which pays
     * the allocation and any bmbt blocks; what the remaining delalloc records still need is kept out of the free
     * counter and the rest goes back. The kernel takes the transaction first and then the ilock; the record must
     * be looked at to know what to move, so it is looked at under the ilock, the transaction taken with the lock
     * dropped, and the record checked again (retrying if it changed in between).
     */
    static BmbtIrec convertOneDelalloc(Mount mp, Inode ip, long offsetFsb, int flags) throws XfsException {
        assert !ip.ilock.isWriteLockedByCurrentThread();
        assert (flags & ~BmapiFlags.PREALLOC) == 0 : "convert_delalloc flags 0x" + Integer.toHexString(flags);
        while (true) {
            mp.checkShutdown();
            long need;
            ip.ilock.writeLock().lock();
            try {
                BmbtIrec got = Ifork.get(mp, ip).iext().lookupExtent(offsetFsb, new IextCursor());
                if (got == null || got.startoff() > offsetFsb) {
                    return null;
                }
                if (!got.isDelay()) {
                    return got;
                }
                need = got.blockcount() + indlen(got);
            } finally {
                ip.ilock.writeLock().unlock();
            }
            // Move the reservation into the transaction (XFS_TRANS_RESERVE with no blocks in the kernel).
            mp.unreserveBlocks(need);
            Trans tp;
            try {
                tp = Trans.alloc(mp, TransResv.WRITE, need);
            } catch (XfsException | RuntimeException e) {
                mp.unreserveBlocks(-need);
                throw e;
            }
            BmbtIrec m = convertLocked(mp, ip, offsetFsb, flags, tp, need);
            if (m != null) {
                return m;
            }
        }
    }

    /** The locked half of {@link #convertOneDelalloc}: null when the record changed and the caller must retry. */
    private static BmbtIrec convertLocked(Mount mp, Inode ip, long offsetFsb, int flags, Trans tp, long need)
            throws XfsException {
        try (tp) {
            ip.ilock.writeLock().lock();
            Bmalloca bma = null;
            try {
                Ifork ifp = Ifork.get(mp, ip);
                bma = new Bmalloca(tp, ifp);
                bma.got = ifp.iext().lookupExtent(offsetFsb, bma.icur);
                if (bma.got == null || !bma.got.isDelay() || bma.got.startoff() > offsetFsb
                        || bma.got.blockcount() + indlen(bma.got) != need) {
                    tp.cancel();
                    mp.unreserveBlocks(-need);
                    return null;
                }
                bma.funded = need;
                bma.wasdel = true;
                bma.offset = bma.got.startoff();
                bma.length = bma.got.blockcount();
                bma.minleft = bma.bmapiMinleft();
                bma.flags = flags;
                bma.prev = ifp.iext().peekPrevExtent(bma.icur);
                try {
                    Bmapi.allocate(bma);
                } catch (XfsException | RuntimeException e) {
                    // Nothing was converted if the allocation failed: the reservation goes back to the record.
                    BmapDelalloc.take(bma, bma.funded);
                    bma.funded = 0;
                    throw e;
                }
                if (bma.blkno == Geometry.NULLFSBLOCK) {
                    take(bma, bma.funded);
                    bma.funded = 0;
                    throw new NoSpaceException("No space left on device: converting delalloc blocks of inode "
                            + ip.ino + " at " + offsetFsb);
                }
                assert !bma.got.isDelay();
                BmbtIrec got = bma.got;
                IforkConvert.btreeToExtents(bma);
                settleFunded(bma);
                bma.finish();
                bma = null;
                tp.commit();
                return got;
            } finally {
                if (bma != null) {
                    bma.finish();
                }
                ip.ilock.writeLock().unlock();
            }
        }
    }

    // ---- conversion accounting ----

    /**
     * Delalloc reservation no longer needed after a conversion step. Blocks the caller already moved into the
     * transaction's reservation ({@link Bmalloca#funded}) are used first; the rest goes back to the free counter.
     * The kernel allocates delalloc blocks without touching the transaction (XFS_TRANS_SB_RES_FDBLOCKS); jxfs's
     * transactions count every allocation against their reservation, so the reservation moves instead.
     */
    static void release(Bmalloca bma, long blocks) {
        assert blocks >= 0;
        long fromFund = Math.min(bma.funded, blocks);
        bma.funded -= fromFund;
        bma.mp.unreserveBlocks(blocks - fromFund);
    }

    /**
     * More indirect reservation than the record held (xfs_dec_fdblocks with rsvd: it may dip below the set-aside,
     * as the kernel's may dip into the reserve pool): only splitting the middle of a delalloc record can ask this.
     */
    static void take(Bmalloca bma, long blocks) {
        assert blocks >= 0;
        bma.mp.unreserveBlocks(-blocks);
    }

    /**
     * At the end of a funded conversion: the part of the moved reservation the remaining delalloc records still
     * hold is consumed from the transaction (so its commit does not return it to the free counter).
     */
    static void settleFunded(Bmalloca bma) {
        long keep = bma.funded;
        if (keep == 0) {
            return;
        }
        long fromTp = Math.min(keep, bma.tp.blocksLeft());
        if (fromTp > 0) {
            bma.tp.modFdblocks(-fromTp);
        }
        take(bma, keep - fromTp);
        bma.funded = 0;
    }
}
