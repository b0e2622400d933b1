// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.db;

import org.jxfs.core.XfsException;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.AgiOps;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.InodeGeometry;
import org.jxfs.core.ialloc.InobtRec;
import org.jxfs.core.mount.Mount;

/**
 * Every allocated inode of an image, AG by AG in inode btree order, as xfs_db's frag finds them (db/frag.c
 * scan_ag, scan_sbtree, scanfunc_ino): the inobt walked depth first, each chunk read buffer by buffer (a cluster
 * with sparse inodes, the whole chunk otherwise), sparse holes and free inodes skipped.
 */
final class InodeWalk {
    /** Receives one allocated inode. */
    interface Visitor {
        void inode(int agno, long ino, Dinode dip) throws XfsException;
    }

    private final Mount mp;
    private final Geometry geo;
    private final InodeGeometry igeo;
    private final boolean sparse;
    private final Visitor visitor;
    private final StringBuilder out;

    private InodeWalk(Mount mp, Visitor visitor, StringBuilder out) {
        this.mp = mp;
        this.geo = mp.geometry();
        this.igeo = mp.inodeGeometry();
        this.sparse = mp.features().sparseInodes();
        this.visitor = visitor;
        this.out = out;
    }

    /** Visits every allocated inode; xfs_db's messages about unreadable btree blocks go to {@code out}. */
    static void walk(Mount mp, Visitor visitor, StringBuilder out) throws XfsException {
        InodeWalk w = new InodeWalk(mp, visitor, out);
        for (int agno = 0; agno < w.geo.agcount; agno++) {
            Agi agi = new Agi(mp.bufCache().read(w.geo.agHeaderDaddr(agno, Agi.SECTOR), w.geo.sectorBb(),
                    AgiOps.INSTANCE).data());
            w.scanInobt(agno, agi.root(), (int) agi.level() - 1);
        }
    }

    /** Ports scan_sbtree with scanfunc_ino. */
    private void scanInobt(int agno, long agbno, int level) throws XfsException {
        if (agbno == 0 || agbno >= geo.agBlockCount(agno)) {
            out.append("can't read btree block ").append(agno).append('/').append(agbno).append('\n');
            return;
        }
        BtreeBlockOps ops = BtreeBlockOps.INOBT;
        byte[] b = mp.bufCache().read(geo.agbToDaddr(agno, agbno), geo.blockBb(), ops).data();
        int n = BtreeBlock.numrecs(b);
        if (level > 0) {
            int ptrs = BtreeBlock.SHORT_HDR_LEN + ops.maxRecs(geo.blocksize, false) * ops.keyLen();
            for (int i = 0; i < n; i++) {
                scanInobt(agno, BigEndian.u32(b, ptrs + i * ops.ptrLen()), level - 1);
            }
            return;
        }
        int blksPerBuf = sparse ? igeo.blocksPerCluster : igeo.iallocBlocks;
        int inodesPerBuf = (int) Math.min((long) blksPerBuf << geo.inopblog, Geometry.INODES_PER_CHUNK);
        for (int i = 0; i < n; i++) {
            int off = BtreeBlock.SHORT_HDR_LEN + i * ops.recLen();
            InobtRec rec = InobtRec.decode(b, off, sparse);
            // xfs_inobt_is_sparse_disk reads the holemask half of the record whatever the format.
            int holemask = BigEndian.u16(b, off + InobtRec.OFF_HOLEMASK);
            long chunkAgbno = geo.aginoToAgbno(rec.startino);
            int inoOff = (int) (rec.startino & ((1L << geo.inopblog) - 1));
            long endAgbno = chunkAgbno + igeo.iallocBlocks;
            for (int ioff = 0; chunkAgbno < endAgbno && ioff < Geometry.INODES_PER_CHUNK;
                    chunkAgbno += blksPerBuf, ioff += inodesPerBuf) {
                if ((holemask & (1 << (ioff / InobtRec.INODES_PER_HOLEMASK_BIT))) != 0) {
                    continue;
                }
                // Read around the cache: the mount caches inode buffers by cluster, xfs_db reads whole chunks
                // where inodes are not sparse.
                byte[] ibuf = new byte[blksPerBuf * geo.blocksize];
                mp.bufCache().readUncached(geo.agbToDaddr(agno, chunkAgbno), ibuf);
                for (int j = 0; j < inodesPerBuf; j++) {
                    if ((rec.free >>> (ioff + j) & 1) != 0) {
                        continue;
                    }
                    visitor.inode(agno, geo.aginoToIno(agno, rec.startino + ioff + j),
                            new Dinode(ibuf, (inoOff + j) << geo.inodelog));
                }
            }
        }
    }
}
