// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.ialloc;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.alloc.Alloc;
import org.jxfs.core.btree.Btree;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.btree.Lookup;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeCache;
import org.jxfs.core.inode.InodeLog;
import org.jxfs.core.mount.AgMetadataMap;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * Inode freeing (xfs_ialloc.c, the freeing half, and xfs_ifree of xfs_inode.c): mark the inode free in the inobt
 * and finobt, and give the whole chunk back to free space when its last inode is freed.
 */
public final class IallocFree {
    private IallocFree() {
    }

    /**
     * XFS_IFREE_SPACE_RES: freeing an inode may give a chunk its first free inode, and inserting that chunk into
     * the finobt may split every level of it; reserve for that up front (xfs_inactive_ifree does).
     */
    public static long spaceRes(Mount mp) {
        return mp.features().finobt() ? InobtOps.FINOBT.mountMaxLevels(mp.geometry()) : 0;
    }

    /**
     * Ports xfs_ifree: frees the on-disk inode (xfs_difree) and resets the in-core one to an unused inode, bumping
     * its generation so that a handle to the old file never matches a reincarnation. The caller has already
     * emptied the data fork (size and extents zero). Returns true when the inode's chunk was freed.
     */
    public static boolean ifree(Trans tp, Mount mp, Inode ip) throws XfsException {
        assert ip.nlink == 0 : "freeing a linked inode " + ip;
        assert ip.nextents == 0 && ip.nblocks == 0 : "freeing an inode that still maps blocks " + ip;
        ip.mode = 0;
        ip.flags = 0;
        ip.flags2 = mp.features().bigtime() ? Dinode.DIFLAG2_BIGTIME : 0;
        ip.forkoff = 0;
        ip.format = Dinode.FMT_EXTENTS;
        ip.setSize(0);
        ip.dataFork = new byte[ip.dataForkSize()];
        ip.dataForkIncore = null;
        ip.gen = (ip.gen + 1) & 0xffffffffL;
        InodeLog.log(tp, mp, ip);
        return difree(tp, mp, ip.ino);
    }

    /**
     * Ports xfs_difree + xfs_difree_inobt + xfs_difree_finobt. Unless the chunk becomes entirely free, this only
     * flips the inode's bit and counters. An entirely free chunk is deleted from both trees and its blocks freed
     * (xfs_difree_inode_chunk), and its cluster buffers invalidated (xfs_ifree_cluster), so space used for inodes
     * is not lost for good; the in-core inodes of the chunk become stale.
     */
    public static boolean difree(Trans tp, Mount mp, long ino) throws XfsException {
        Geometry geo = mp.geometry();
        boolean sparse = mp.features().sparseInodes();
        int agno = geo.inoToAgno(ino);
        long agino = geo.inoToAgino(ino);
        XfsBuf agbp = Ialloc.readAgi(tp, mp, agno);
        Agi agi = new Agi(agbp.data());

        BtreeCursor cur = InobtOps.INOBT.initCursor(tp, mp, agbp, agno);
        InobtOps.setKey(cur, agino);
        if (Btree.lookup(cur, Lookup.LE) != 1) {
            throw new FsCorruptedException("difree: inode " + ino + " has no inobt record");
        }
        InobtRec rec = InobtOps.getRec(cur, sparse);
        int off = (int) (agino - rec.startino);
        if (off < 0 || off >= Geometry.INODES_PER_CHUNK || (rec.free & (1L << off)) != 0) {
            throw new FsCorruptedException("difree: inode " + ino + " is not allocated in " + rec);
        }
        rec.free |= 1L << off;
        rec.freecount++;
        boolean deleted = rec.free == InobtRec.ALL_FREE && geo.inopblock <= Geometry.INODES_PER_CHUNK;
        if (deleted) {
            agi.setCount(agi.count() - rec.count);
            agi.setFreecount(agi.freecount() - (rec.freecount - 1));
            tp.logBuf(agbp, Agi.OFF_COUNT, Agi.OFF_COUNT + 3);
            tp.logBuf(agbp, Agi.OFF_FREECOUNT, Agi.OFF_FREECOUNT + 3);
            tp.modIcount(-rec.count);
            tp.modIfree(-(rec.freecount - 1));
            Btree.delete(cur);
            freeChunk(tp, mp, agno, rec);
        } else {
            agi.setFreecount(agi.freecount() + 1);
            tp.logBuf(agbp, Agi.OFF_FREECOUNT, Agi.OFF_FREECOUNT + 3);
            tp.modIfree(1);
            InobtOps.update(cur, rec, sparse);
        }
        if (mp.features().finobt()) {
            difreeFinobt(tp, mp, agbp, agno, rec, deleted);
        }
        return deleted;
    }

    /**
     * Ports xfs_difree_finobt: a chunk gains its first free inode (insert), or changes (update), or is gone
     * (delete); {@code rec} is the inobt record after the free.
     */
    private static void difreeFinobt(Trans tp, Mount mp, XfsBuf agbp, int agno, InobtRec rec, boolean deleted)
            throws XfsException {
        boolean sparse = mp.features().sparseInodes();
        BtreeCursor cur = InobtOps.FINOBT.initCursor(tp, mp, agbp, agno);
        InobtOps.setKey(cur, rec.startino);
        if (Btree.lookup(cur, Lookup.EQ) != 1) {
            if (rec.freecount != 1) {
                throw new FsCorruptedException("finobt of AG " + agno + " lacks " + rec);
            }
            InobtOps.setRec(cur, rec, sparse);
            Btree.insert(cur);
            return;
        }
        if (deleted) {
            Btree.delete(cur);
        } else {
            InobtOps.update(cur, rec, sparse);
        }
    }

    /**
     * Ports xfs_difree_inode_chunk + the buffer half of xfs_ifree_cluster: frees the blocks that hold inodes (all of
     * a full chunk; each allocated run of a sparse one) and invalidates their cluster buffers.
     */
    private static void freeChunk(Trans tp, Mount mp, int agno, InobtRec rec) throws XfsException {
        Geometry geo = mp.geometry();
        InodeCache ic = mp.inodeCache();
        int perBit = InobtRec.INODES_PER_HOLEMASK_BIT;
        int bit = 0;
        while (bit < 16) {
            if ((rec.holemask & (1 << bit)) != 0) {
                bit++;
                continue;
            }
            int end = bit;
            while (end < 16 && (rec.holemask & (1 << end)) == 0) {
                end++;
            }
            long firstAgino = rec.startino + (long) bit * perBit;
            long agbno = geo.aginoToAgbno(firstAgino);
            long blocks = Math.max(1, (long) (end - bit) * perBit / geo.inopblock);
            for (long b = agbno; b < agbno + blocks; b += ic.clusterBlocks()) {
                XfsBuf bp = tp.readBuf(geo.agbToDaddr(agno, ic.clusterAgbno(b)), ic.clusterBb(), mp.inodeOps());
                tp.binval(bp);
            }
            Alloc.freeExtent(tp, geo.agbToFsb(agno, agbno), blocks, AgMetadataMap.Kind.INODES);
            bit = end;
        }
        ic.forgetChunk(geo.aginoToIno(agno, rec.startino), Geometry.INODES_PER_CHUNK);
    }
}
