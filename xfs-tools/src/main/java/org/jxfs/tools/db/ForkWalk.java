// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.db;

import org.jxfs.bmap.BmbtRec;
import org.jxfs.bmap.BmdrRoot;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.Mount;

/**
 * The extent records of one on-disk inode fork in file order, as xfs_db reads them (db/frag.c process_exinode,
 * process_btinode, scan_lbtree, scanfunc_bmap): inline records for EXTENTS format, the bmbt below the root in the
 * inode for BTREE format (each bmbt block reported too). Local and device forks have no records.
 */
final class ForkWalk {
    static final int DATA_FORK = 0;
    static final int ATTR_FORK = 1;

    /** Receives one extent record, and each bmbt block the walk reads. */
    interface Visitor {
        void extent(long startoff, long startblock, long blockcount, boolean unwritten);

        default void bmbtBlock(long fsbno) {
        }
    }

    private final Mount mp;
    private final Geometry geo;
    private final Visitor visitor;
    private final StringBuilder out;
    private final String type;

    private ForkWalk(Mount mp, Visitor visitor, StringBuilder out, String type) {
        this.mp = mp;
        this.geo = mp.geometry();
        this.visitor = visitor;
        this.out = out;
        this.type = type;
    }

    /** Walks the fork's records; xfs_db's messages about bad bmbt blocks go to {@code out}. */
    static void walk(Mount mp, Dinode dip, int whichfork, Visitor visitor, StringBuilder out) throws XfsException {
        ForkWalk w = new ForkWalk(mp, visitor, out, whichfork == DATA_FORK ? "bmapbtd" : "bmapbta");
        long nex = whichfork == DATA_FORK ? dip.dataExtents() : dip.attrExtents();
        int forkOff = dip.base() + (whichfork == DATA_FORK ? Dinode.dataForkOffset() : dip.attrForkOffset());
        int format = whichfork == DATA_FORK ? dip.format() : dip.aformat();
        if (format == Dinode.FMT_EXTENTS) {
            w.records(dip.buffer(), forkOff, nex);
        } else if (format == Dinode.FMT_BTREE) {
            int size = whichfork == DATA_FORK ? dip.dataForkSize(w.geo.inodesize) : dip.attrForkSize(w.geo.inodesize);
            w.btinode(dip.buffer(), forkOff, size);
        }
    }

    /** Ports process_bmbt_reclist with convert_extent. */
    private void records(byte[] b, int off, long nrecs) {
        for (long i = 0; i < nrecs; i++, off += BmbtRec.SIZE) {
            long hi = BigEndian.u64(b, off);
            long lo = BigEndian.u64(b, off + 8);
            visitor.extent(BmbtRec.startoff(hi), BmbtRec.startblock(hi, lo), BmbtRec.blockcount(lo),
                    hi >>> BmbtRec.HI_EXNTFLAG_SHIFT != 0);
        }
    }

    /** Ports process_btinode: the bmdr root in the inode, then scan_lbtree below it. */
    private void btinode(byte[] b, int off, int forkSize) throws XfsException {
        int level = BigEndian.u16(b, off);
        int n = BigEndian.u16(b, off + 2);
        if (level == 0) {
            records(b, off + BmdrRoot.HDR_LEN, n);
            return;
        }
        int ptrs = off + BmdrRoot.HDR_LEN + BmdrRoot.maxrecs(forkSize, false) * BtreeBlockOps.BMBT.keyLen();
        for (int i = 0; i < n; i++) {
            scan(BigEndian.u64(b, ptrs + i * BtreeBlockOps.BMBT.ptrLen()), level - 1);
        }
    }

    /** Ports scan_lbtree with scanfunc_bmap. */
    private void scan(long fsbno, int level) throws XfsException {
        BtreeBlockOps ops = BtreeBlockOps.BMBT;
        visitor.bmbtBlock(fsbno);
        byte[] b = mp.bufCache().read(geo.fsbToDaddr(fsbno), geo.blockBb(), ops).data();
        int n = BtreeBlock.numrecs(b);
        int leafMax = ops.maxRecs(geo.blocksize, true);
        if (n > (level == 0 ? leafMax : ops.maxRecs(geo.blocksize, false))) {
            out.append("invalid numrecs (").append(n).append(") in ").append(type).append(" block\n");
            return;
        }
        if (level == 0) {
            records(b, BtreeBlock.LONG_HDR_LEN, n);
            return;
        }
        // xfs_db finds the pointers past m_bmap_dmxr[0] keys (the leaf maximum; a key and a pointer are a record's
        // 16 bytes, so the node maximum is the same).
        int ptrs = BtreeBlock.LONG_HDR_LEN + leafMax * ops.keyLen();
        for (int i = 0; i < n; i++) {
            scan(BigEndian.u64(b, ptrs + i * ops.ptrLen()), level - 1);
        }
    }
}
