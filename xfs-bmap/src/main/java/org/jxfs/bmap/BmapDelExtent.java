// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.NoSpaceException;
import org.jxfs.core.XfsException;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.format.Dinode;

/** Removing mappings from the data fork (xfs_bmap.c, xfs_bmap_del_extent_real). */
final class BmapDelExtent {
    private BmapDelExtent() {
    }

    /**
     * Ports xfs_bmap_del_extent_real. {@code del} lies inside the record at bma.icur; what is left of the record is
     * nothing, its tail, its head, or both (a split, the only case that adds a record and so may need a bmbt
     * block). The blocks are freed when the transaction commits and leave di_nblocks now. A split that would push
     * an EXTENTS fork into BTREE format with no block reservation is refused before anything changes, as the
     * kernel does for callers that run without one (truncate never splits).
     */
    static void delReal(Bmalloca bma, BmbtIrec del) throws XfsException {
        IextTree iext = bma.ifp.iext();
        IextCursor icur = bma.icur;
        BtreeCursor cur = bma.cur;
        long ino = bma.ip.ino;
        assert del.blockcount() > 0;
        BmbtIrec got = iext.getExtent(icur);
        assert got.startoff() <= del.startoff() && got.endoff() >= del.endoff() && !got.isDelay() : got + " / " + del;
        long delEndoff = del.endoff();
        long gotEndoff = got.endoff();
        long delEndblock = del.startblock() + del.blockcount();
        if (bma.tp.blocksLeft() == 0 && bma.ifp.format() == Dinode.FMT_EXTENTS
                && bma.ip.nextents >= bma.ifp.maxExtents() && del.startoff() > got.startoff()
                && delEndoff < gotEndoff) {
            throw new NoSpaceException("No space left on device: splitting an extent needs a bmbt block");
        }
        if (cur != null) {
            Bmbt.lookupEqFound(cur, got, ino);
        }
        int state = 0;
        if (got.startoff() == del.startoff()) {
            state |= BmapAddExtent.LEFT_FILLING;
        }
        if (gotEndoff == delEndoff) {
            state |= BmapAddExtent.RIGHT_FILLING;
        }
        switch (state) {
            case BmapAddExtent.LEFT_FILLING | BmapAddExtent.RIGHT_FILLING -> {
                // The whole record goes.
                iext.remove(icur);
                iext.prev(icur);
                bma.ip.nextents--;
                if (cur != null) {
                    Bmbt.delete(cur, ino);
                }
            }
            case BmapAddExtent.LEFT_FILLING -> {
                BmbtIrec g = new BmbtIrec(delEndoff, delEndblock, got.blockcount() - del.blockcount(), got.state());
                iext.updateExtent(icur, g);
                if (cur != null) {
                    Bmbt.update(cur, g);
                }
            }
            case BmapAddExtent.RIGHT_FILLING -> {
                BmbtIrec g = new BmbtIrec(got.startoff(), got.startblock(), got.blockcount() - del.blockcount(),
                        got.state());
                iext.updateExtent(icur, g);
                if (cur != null) {
                    Bmbt.update(cur, g);
                }
            }
            default -> {
                // The middle goes: the record keeps its head and a new one holds the tail.
                BmbtIrec g = new BmbtIrec(got.startoff(), got.startblock(), del.startoff() - got.startoff(),
                        got.state());
                BmbtIrec nw = new BmbtIrec(delEndoff, delEndblock, gotEndoff - delEndoff, got.state());
                if (cur != null) {
                    Bmbt.update(cur, g);
                    Bmbt.increment0(cur);
                    try {
                        Bmbt.insert(cur, nw, ino);
                    } catch (NoSpaceException e) {
                        // The split found no block: put the record back as it was and give up cleanly.
                        Bmbt.lookupEqFound(cur, g, ino);
                        Bmbt.update(cur, got);
                        throw e;
                    }
                }
                iext.updateExtent(icur, g);
                bma.ip.nextents++;
                iext.next(icur);
                iext.insert(icur, nw);
            }
        }
        DeferredFrees.add(bma.tp, del.startblock(), del.blockcount());
        bma.ip.nblocks -= del.blockcount();
        bma.logged = true;
    }
}
