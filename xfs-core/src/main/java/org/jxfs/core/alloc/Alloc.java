// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.u32;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.NoSpaceException;
import org.jxfs.core.XfsException;
import org.jxfs.core.btree.Btree;
import org.jxfs.core.btree.BtreeBlockAllocator;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.btree.Lookup;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * TEMPORARY stand-in for branch alloc's Alloc, so that branch ialloc compiles and runs before that branch lands: a
 * first-fit/nearest-fit allocator over the bnobt/cntbt without AGFL refills (a free-space btree split or join
 * fails with ENOSPC). Removed when branch alloc is merged.
 */
public final class Alloc {
    private static final AllocbtOps BNO = AllocbtOps.BNO.withBufOps(BtreeBlockOps.BNOBT);
    private static final AllocbtOps CNT = AllocbtOps.CNT.withBufOps(BtreeBlockOps.CNTBT);
    private static final int AGF_OFF_FREEBLKS = 52;

    private static final BtreeBlockAllocator NO_AGFL = new BtreeBlockAllocator() {
        @Override
        public long allocBlock(BtreeCursor cur, long hintPtr) throws XfsException {
            throw new NoSpaceException("stand-in allocator: free-space btree split needs the AGFL");
        }

        @Override
        public void freeBlock(BtreeCursor cur, long ptr) throws XfsException {
            throw new NoSpaceException("stand-in allocator: free-space btree join needs the AGFL");
        }
    };

    private Alloc() {
    }

    public static void vextent(AllocArg args) throws XfsException {
        Mount mp = args.mp;
        Geometry geo = mp.geometry();
        int first;
        long target = 0;
        boolean exact = args.type == AllocType.THIS_BNO;
        boolean oneAg = args.type == AllocType.THIS_AG || args.type == AllocType.THIS_BNO
                || args.type == AllocType.NEAR_BNO;
        if (args.fsbno >= 0) {
            first = geo.fsbToAgno(args.fsbno);
            target = geo.fsbToAgbno(args.fsbno);
        } else {
            first = args.agno;
            target = args.agbno;
        }
        for (int i = 0; i < geo.agcount; i++) {
            int agno = (first + i) % geo.agcount;
            if (i > 0) {
                target = 0;
            }
            if (allocAg(args, agno, target, exact)) {
                return;
            }
            if (oneAg) {
                break;
            }
        }
        args.fsbno = -1;
        args.len = 0;
    }

    private static boolean allocAg(AllocArg args, int agno, long target, boolean exact) throws XfsException {
        Trans tp = args.tp;
        Mount mp = args.mp;
        Geometry geo = mp.geometry();
        XfsBuf agbp = tp.readBuf(geo.agHeaderDaddr(agno, Agf.SECTOR), geo.sectorBb(), AgfOps.INSTANCE);
        BtreeCursor bno = BNO.initCursor(tp, geo, mp.metaUuid(), agbp, agno, NO_AGFL);
        List<long[]> recs = new ArrayList<>();
        Btree.visitRecords(bno, (b, off) -> {
            recs.add(new long[] {u32(b, off), u32(b, off + 4)});
            return true;
        });
        long align = Math.max(1, args.alignment);
        long len = args.maxlen;
        long best = -1;
        long bestDist = Long.MAX_VALUE;
        long[] bestRec = null;
        for (long[] r : recs) {
            long start = exact ? target : Math.max(r[0], Math.min(target, r[0] + r[1] - len));
            start = (start + align - 1) / align * align;
            if (start < r[0] || start + len > r[0] + r[1]) {
                start = (r[0] + align - 1) / align * align;
                if (exact || start + len > r[0] + r[1]) {
                    continue;
                }
            }
            long dist = Math.abs(start - target);
            if (dist < bestDist) {
                bestDist = dist;
                best = start;
                bestRec = r;
            }
        }
        if (bestRec == null) {
            return false;
        }
        removeFree(tp, mp, agbp, agno, bestRec[0], bestRec[1], best, len);
        args.agno = agno;
        args.agbno = best;
        args.fsbno = geo.agbToFsb(agno, best);
        args.len = len;
        tp.modFdblocks(-len);
        return true;
    }

    private static void removeFree(Trans tp, Mount mp, XfsBuf agbp, int agno, long fbno, long flen, long bno,
            long len) throws XfsException {
        Geometry geo = mp.geometry();
        BtreeCursor cnt = CNT.initCursor(tp, geo, mp.metaUuid(), agbp, agno, NO_AGFL);
        AllocbtOps.setRec(cnt, fbno, flen);
        if (Btree.lookup(cnt, Lookup.EQ) != 1) {
            throw new IllegalStateException("cntbt lost [" + fbno + "," + flen + "]");
        }
        Btree.delete(cnt);
        BtreeCursor bnoc = BNO.initCursor(tp, geo, mp.metaUuid(), agbp, agno, NO_AGFL);
        AllocbtOps.setRec(bnoc, fbno, flen);
        if (Btree.lookup(bnoc, Lookup.EQ) != 1) {
            throw new IllegalStateException("bnobt lost [" + fbno + "," + flen + "]");
        }
        Btree.delete(bnoc);
        if (bno > fbno) {
            insertFree(tp, mp, agbp, agno, fbno, bno - fbno);
        }
        if (bno + len < fbno + flen) {
            insertFree(tp, mp, agbp, agno, bno + len, fbno + flen - bno - len);
        }
        byte[] agf = agbp.data();
        putU32(agf, AGF_OFF_FREEBLKS, u32(agf, AGF_OFF_FREEBLKS) - len);
        tp.logBuf(agbp, AGF_OFF_FREEBLKS, AGF_OFF_FREEBLKS + 3);
    }

    private static void insertFree(Trans tp, Mount mp, XfsBuf agbp, int agno, long bno, long len)
            throws XfsException {
        Geometry geo = mp.geometry();
        for (AllocbtOps ops : new AllocbtOps[] {BNO, CNT}) {
            BtreeCursor c = ops.initCursor(tp, geo, mp.metaUuid(), agbp, agno, NO_AGFL);
            AllocbtOps.setRec(c, bno, len);
            Btree.lookup(c, Lookup.EQ);
            Btree.insert(c);
        }
    }

    public static void freeExtent(Trans tp, long fsbno, long len) throws XfsException {
        Mount mp = (Mount) tp.mount();
        Geometry geo = mp.geometry();
        int agno = geo.fsbToAgno(fsbno);
        long bno = geo.fsbToAgbno(fsbno);
        XfsBuf agbp = tp.readBuf(geo.agHeaderDaddr(agno, Agf.SECTOR), geo.sectorBb(), AgfOps.INSTANCE);
        BtreeCursor bnoc = BNO.initCursor(tp, geo, mp.metaUuid(), agbp, agno, NO_AGFL);
        long nbno = bno;
        long nlen = len;
        AllocbtOps.setRec(bnoc, bno, len);
        if (Btree.lookup(bnoc, Lookup.LE) == 1) {
            AllocRec l = AllocbtOps.getRec(bnoc);
            if (l.startblock() + l.blockcount() == bno) {
                removeRec(tp, mp, agbp, agno, l);
                nbno = l.startblock();
                nlen += l.blockcount();
            }
        }
        bnoc = BNO.initCursor(tp, geo, mp.metaUuid(), agbp, agno, NO_AGFL);
        AllocbtOps.setRec(bnoc, bno, len);
        if (Btree.lookup(bnoc, Lookup.GE) == 1) {
            AllocRec r = AllocbtOps.getRec(bnoc);
            if (r != null && r.startblock() == bno + len) {
                removeRec(tp, mp, agbp, agno, r);
                nlen += r.blockcount();
            }
        }
        insertFree(tp, mp, agbp, agno, nbno, nlen);
        byte[] agf = agbp.data();
        putU32(agf, AGF_OFF_FREEBLKS, u32(agf, AGF_OFF_FREEBLKS) + len);
        tp.logBuf(agbp, AGF_OFF_FREEBLKS, AGF_OFF_FREEBLKS + 3);
        tp.modFdblocks(len);
    }

    private static void removeRec(Trans tp, Mount mp, XfsBuf agbp, int agno, AllocRec r) throws XfsException {
        for (AllocbtOps ops : new AllocbtOps[] {BNO, CNT}) {
            BtreeCursor c = ops.initCursor(tp, mp.geometry(), mp.metaUuid(), agbp, agno, NO_AGFL);
            AllocbtOps.setRec(c, r.startblock(), r.blockcount());
            if (Btree.lookup(c, Lookup.EQ) != 1) {
                throw new IllegalStateException(ops.name() + " lost " + r);
            }
            Btree.delete(c);
        }
    }
}
