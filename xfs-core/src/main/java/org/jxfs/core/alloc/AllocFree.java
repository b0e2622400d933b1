// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/** Giving space back to an AG (xfs_free_ag_extent): the extent joins its free neighbours in both trees. */
final class AllocFree {
    private AllocFree() {
    }

    /**
     * Ports xfs_free_ag_extent. The by-block tree finds the neighbours: the last extent starting at or before
     * {@code bno} and the one after it. Each that touches the freed range is merged with it, so the trees never
     * hold two adjacent extents (xfs_repair insists on that); one that overlaps it means the range is partly free
     * already. The by-size tree loses the neighbours' records and gains the merged one. {@code agflResv} marks
     * blocks coming off the free list: they were counted free all along, so the superblock counter does not move.
     */
    static void freeAgExtent(Trans tp, Mount mp, XfsBuf agbp, int agno, long bno, long len, boolean agflResv)
            throws XfsException {
        AllocCursor bnoCur = AllocCursor.bno(tp, mp, agbp, agno);
        AllocCursor cntCur = AllocCursor.cnt(tp, mp, agbp, agno);
        try {
            free(tp, agbp, agno, bno, len, agflResv, bnoCur, cntCur);
        } finally {
            AllocCursor.release(bnoCur);
            AllocCursor.release(cntCur);
        }
    }

    private static void free(Trans tp, XfsBuf agbp, int agno, long bno, long len, boolean agflResv,
            AllocCursor bnoCur, AllocCursor cntCur) throws XfsException {
        long ltbno = 0;
        long ltlen = 0;
        long gtbno = 0;
        long gtlen = 0;
        boolean haveleft = bnoCur.lookupLe(bno, len) == 1;
        if (haveleft) {
            AllocRec lt = bnoCur.mustGetRec();
            ltbno = lt.startblock();
            ltlen = lt.blockcount();
            if (ltbno + ltlen < bno) {
                haveleft = false;
            } else if (ltbno + ltlen > bno) {
                throw alreadyFree(agno, bno, len, lt);
            }
        }
        boolean haveright = bnoCur.increment() == 1;
        if (haveright) {
            AllocRec gt = bnoCur.mustGetRec();
            gtbno = gt.startblock();
            gtlen = gt.blockcount();
            if (bno + len < gtbno) {
                haveright = false;
            } else if (bno + len > gtbno) {
                throw alreadyFree(agno, bno, len, gt);
            }
        }
        long nbno;
        long nlen;
        if (haveleft && haveright) {
            // Both neighbours: the three become one.
            deleteCnt(cntCur, ltbno, ltlen);
            deleteCnt(cntCur, gtbno, gtlen);
            bnoCur.delete();
            if (bnoCur.decrement() != 1) {
                throw bnoCur.corrupt("no left neighbour after deleting the right one");
            }
            AllocRec check = bnoCur.mustGetRec();
            if (check.startblock() != ltbno || check.blockcount() != ltlen) {
                throw bnoCur.corrupt("delete moved the cursor off the left neighbour");
            }
            nbno = ltbno;
            nlen = len + ltlen + gtlen;
            bnoCur.update(nbno, nlen);
        } else if (haveleft) {
            deleteCnt(cntCur, ltbno, ltlen);
            if (bnoCur.decrement() != 1) {
                throw bnoCur.corrupt("left neighbour vanished");
            }
            nbno = ltbno;
            nlen = len + ltlen;
            bnoCur.update(nbno, nlen);
        } else if (haveright) {
            deleteCnt(cntCur, gtbno, gtlen);
            nbno = bno;
            nlen = len + gtlen;
            bnoCur.update(nbno, nlen);
        } else {
            nbno = bno;
            nlen = len;
            // Position for the insert: the earlier lookup moved on to the right neighbour.
            if (bnoCur.lookupEq(nbno, nlen) != 0) {
                throw bnoCur.corrupt("free extent [" + nbno + ", " + nlen + "] already recorded");
            }
            bnoCur.insert();
        }
        // In all cases the merged extent goes into the by-size tree.
        if (cntCur.lookupEq(nbno, nlen) != 0) {
            throw cntCur.corrupt("by-size record [" + nbno + ", " + nlen + "] already present");
        }
        cntCur.insert();
        Alloc.updateCounters(tp, agbp, len);
        // xfs_ag_resv_free_extent: only blocks leaving the AG's users (not the AGFL) count in sb_fdblocks.
        if (!agflResv) {
            tp.modFdblocks(len);
        }
    }

    private static void deleteCnt(AllocCursor cntCur, long bno, long len) throws XfsException {
        if (cntCur.lookupEq(bno, len) != 1) {
            throw cntCur.corrupt("by-size record [" + bno + ", " + len + "] missing");
        }
        cntCur.delete();
    }

    private static FsCorruptedException alreadyFree(int agno, long bno, long len, AllocRec r) {
        return new FsCorruptedException("Metadata corruption detected: freeing AG " + agno + " extent [" + bno
                + ", " + len + "] that overlaps free extent [" + r.startblock() + ", " + r.blockcount() + "]");
    }
}
