// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.ialloc;

import java.util.concurrent.ThreadLocalRandom;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.NoSpaceException;
import org.jxfs.core.XfsException;
import org.jxfs.core.alloc.Alloc;
import org.jxfs.core.alloc.AllocArg;
import org.jxfs.core.alloc.AllocType;
import org.jxfs.core.btree.Btree;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.btree.Lookup;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.AgiOps;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.InodeGeometry;
import org.jxfs.core.inode.InodeCache;
import org.jxfs.core.mount.AgMetadataMap;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * Inode allocation (xfs_ialloc.c, the allocation half): pick an AG, take a free inode from the finobt or inobt, and
 * when the AG has none allocate and initialise a new 64-inode chunk. Freeing is in {@link IallocFree}. Only full
 * chunks are allocated; that is valid with the sparse-inodes feature too (sparse chunks are a fallback the kernel
 * uses when free space is too fragmented for a full one).
 */
public final class Ialloc {
    private Ialloc() {
    }

    /**
     * XFS_IALLOC_SPACE_RES: the blocks an inode allocation may use (a new chunk plus a split of every level of
     * the inobt and finobt), to reserve in the transaction up front.
     */
    public static long spaceRes(Mount mp) {
        int levels = InobtOps.INOBT.mountMaxLevels(mp.geometry());
        return mp.inodeGeometry().iallocBlocks + (long) (mp.features().finobt() ? 2 : 1) * levels;
    }

    /** Ports xfs_ialloc_read_agi: the AGI buffer of {@code agno}, locked and joined to {@code tp}. */
    public static XfsBuf readAgi(Trans tp, Mount mp, int agno) throws XfsException {
        Geometry geo = mp.geometry();
        return tp.readBuf(geo.agHeaderDaddr(agno, Agi.SECTOR), geo.sectorBb(), AgiOps.INSTANCE);
    }

    /**
     * Ports xfs_dialloc. Directories are spread over the AGs by a rotor so that unrelated trees do not compete for
     * the same AG; other files start in their parent's AG so a directory's inodes stay close together. Each AG is
     * tried in turn: its free inodes first, else a new chunk. Returns the new inode number; the inode on disk is
     * still unused (mode 0) and the caller initialises it ({@link org.jxfs.core.inode.InodeInit}).
     */
    public static long dialloc(Trans tp, Mount mp, long parentIno, int mode) throws XfsException {
        Geometry geo = mp.geometry();
        int startAgno;
        if ((mode & Dinode.S_IFMT) == Dinode.S_IFDIR) {
            startAgno = mp.inodeCache().nextRotorAg(geo.agcount);
        } else {
            startAgno = geo.inoToAgno(parentIno);
            if (startAgno >= geo.agcount) {
                startAgno = 0;
            }
        }
        for (int i = 0; i < geo.agcount; i++) {
            int agno = (startAgno + i) % geo.agcount;
            XfsBuf agbp = readAgi(tp, mp, agno);
            Agi agi = new Agi(agbp.data());
            if (agi.freecount() == 0 && !agAlloc(tp, mp, agbp, agno)) {
                continue;
            }
            return diallocAg(tp, mp, agbp, agno, parentIno);
        }
        throw new NoSpaceException("No space left on device: no free inodes and no room for a new inode chunk");
    }

    /**
     * Ports xfs_ialloc_ag_alloc (full chunks only). First try the blocks right after the last chunk allocated
     * (agi_newino), exactly, to keep chunks contiguous; else any aligned place near the inobt root. Chunks are
     * aligned to sb_inoalignmt so that an inode's cluster is found from its number alone (xfs_imap). Returns false
     * when the AG has no room.
     */
    static boolean agAlloc(Trans tp, Mount mp, XfsBuf agbp, int agno) throws XfsException {
        Geometry geo = mp.geometry();
        InodeGeometry igeo = mp.inodeGeometry();
        Agi agi = new Agi(agbp.data());
        long newino = agi.newino();
        AllocArg args = null;
        int minleft = InobtOps.INOBT.mountMaxLevels(geo) * (mp.features().finobt() ? 2 : 1);
        if (newino != Geometry.NULLAGINO) {
            long agbno = geo.aginoToAgbno(newino) + igeo.iallocBlocks;
            if (agbno < agi.length() && agbno % igeo.clusterAlign == 0) {
                args = chunkArgs(tp, mp, agno, agbno, minleft);
                args.type = AllocType.THIS_BNO;
                args.alignment = 1;
                Alloc.vextent(args);
            }
        }
        if (args == null || args.fsbno == Geometry.NULLFSBLOCK) {
            args = chunkArgs(tp, mp, agno, agi.root(), minleft);
            args.type = AllocType.NEAR_BNO;
            args.alignment = igeo.clusterAlign;
            Alloc.vextent(args);
        }
        if (args.fsbno == Geometry.NULLFSBLOCK) {
            return false;
        }
        if (geo.fsbToAgno(args.fsbno) != agno || args.len != igeo.iallocBlocks) {
            throw new FsCorruptedException("inode chunk allocation in AG " + agno + " returned " + args.len
                    + " blocks at fsblock " + args.fsbno);
        }
        long agbno = geo.fsbToAgbno(args.fsbno);
        assert agbno % igeo.clusterAlign == 0 : "unaligned inode chunk at agbno " + agbno;
        inodeInit(tp, mp, agno, agbno, args.len, ThreadLocalRandom.current().nextInt() & 0xffffffffL);

        long startino = geo.agbToAgino(agbno);
        InobtRec rec = InobtRec.newChunk(startino);
        insertRec(tp, mp, agbp, agno, InobtOps.INOBT, rec);
        if (mp.features().finobt()) {
            insertRec(tp, mp, agbp, agno, InobtOps.FINOBT, rec);
        }
        agi.setCount(agi.count() + Geometry.INODES_PER_CHUNK);
        agi.setFreecount(agi.freecount() + Geometry.INODES_PER_CHUNK);
        agi.setNewino(startino);
        tp.logBuf(agbp, Agi.OFF_COUNT, Agi.OFF_COUNT + 3);
        tp.logBuf(agbp, Agi.OFF_FREECOUNT, Agi.OFF_DIRINO - 1);
        tp.modIcount(Geometry.INODES_PER_CHUNK);
        tp.modIfree(Geometry.INODES_PER_CHUNK);
        return true;
    }

    private static AllocArg chunkArgs(Trans tp, Mount mp, int agno, long agbno, int minleft) {
        InodeGeometry igeo = mp.inodeGeometry();
        AllocArg args = new AllocArg(tp, mp);
        args.tp = tp;
        args.mp = mp;
        args.agno = agno;
        args.agbno = agbno;
        args.fsbno = mp.geometry().agbToFsb(agno, agbno);
        args.minlen = igeo.iallocBlocks;
        args.maxlen = igeo.iallocBlocks;
        args.prod = 1;
        args.mod = 0;
        args.minleft = minleft;
        args.total = igeo.iallocBlocks;
        args.metadata = AgMetadataMap.Kind.INODES;
        return args;
    }

    /**
     * Ports xfs_ialloc_inode_init: every inode of the new chunk gets a valid unused v3 core (magic, version,
     * generation, null next_unlinked, its own number and the filesystem UUID, CRC); the kernel and repair refuse a
     * chunk with zeroed inodes. Buffers are got (not read) cluster by cluster with the same address and length the
     * inode cache uses. As in the kernel the buffers are ordered, not logged: one ICREATE item lets recovery
     * rebuild the chunk.
     */
    static void inodeInit(Trans tp, Mount mp, int agno, long agbno, long blocks, long gen) {
        Geometry geo = mp.geometry();
        InodeCache ic = mp.inodeCache();
        int clusterBlocks = ic.clusterBlocks();
        byte[] uuid = mp.metaUuid();
        for (long b = agbno; b < agbno + blocks; b += clusterBlocks) {
            assert ic.clusterAgbno(b) == b : "chunk not aligned to clusters at agbno " + b;
            XfsBuf bp = tp.getBuf(geo.agbToDaddr(agno, b), ic.clusterBb(), mp.inodeOps());
            byte[] data = bp.data();
            long firstIno = geo.aginoToIno(agno, geo.agbToAgino(b));
            for (int i = 0; (i << geo.inodelog) < data.length; i++) {
                int off = i << geo.inodelog;
                Dinode.initEmpty(data, off, geo.inodesize, firstIno + i, uuid, gen);
                Dinode.updateCrc(data, off, geo.inodesize);
            }
            tp.orderedBuf(bp);
        }
        tp.logIcreate(agno, agbno, Geometry.INODES_PER_CHUNK, geo.inodesize, blocks, gen);
    }

    /** Ports xfs_inobt_insert_rec after a lookup: inserts a chunk record that must not exist yet. */
    static void insertRec(Trans tp, Mount mp, XfsBuf agbp, int agno, InobtOps ops, InobtRec rec)
            throws XfsException {
        boolean sparse = mp.features().sparseInodes();
        BtreeCursor cur = ops.initCursor(tp, mp, agbp, agno);
        InobtOps.setRec(cur, rec, sparse);
        if (Btree.lookup(cur, Lookup.EQ) != 0) {
            throw new FsCorruptedException(ops.name() + " of AG " + agno + " already has chunk " + rec.startino);
        }
        InobtOps.setRec(cur, rec, sparse);
        if (Btree.insert(cur) != 1) {
            throw new FsCorruptedException(ops.name() + " insert of " + rec + " failed");
        }
    }

    /**
     * Ports xfs_dialloc_ag: takes one free inode of the AG. With a finobt the chunk comes from it (near the parent
     * when the parent is in this AG, else the last allocated chunk or the first with a free inode) and the inobt
     * record is updated to match; without, the inobt is searched ({@link #findFreeInobt}).
     */
    static long diallocAg(Trans tp, Mount mp, XfsBuf agbp, int agno, long parentIno) throws XfsException {
        Geometry geo = mp.geometry();
        boolean sparse = mp.features().sparseInodes();
        Agi agi = new Agi(agbp.data());
        long pagino = geo.inoToAgno(parentIno) == agno ? geo.inoToAgino(parentIno) : Geometry.NULLAGINO;
        InobtRec rec;
        int offset;
        BtreeCursor icur = InobtOps.INOBT.initCursor(tp, mp, agbp, agno);
        if (mp.features().finobt()) {
            BtreeCursor fcur = InobtOps.FINOBT.initCursor(tp, mp, agbp, agno);
            rec = pagino != Geometry.NULLAGINO ? finobtNear(fcur, pagino, sparse)
                    : finobtNewino(fcur, agi.newino(), sparse);
            if (rec == null || rec.freecount == 0) {
                throw new FsCorruptedException("AG " + agno + ": agi_freecount " + agi.freecount()
                        + " but the finobt has no chunk with a free inode");
            }
            offset = takeInode(rec);
            if (rec.freecount > 0) {
                InobtOps.update(fcur, rec, sparse);
            } else {
                Btree.delete(fcur);
            }
            InobtOps.setKey(icur, rec.startino);
            if (Btree.lookup(icur, Lookup.EQ) != 1) {
                throw new FsCorruptedException("AG " + agno + ": finobt chunk " + rec.startino + " not in the inobt");
            }
            InobtRec irec = InobtOps.getRec(icur, sparse);
            if (irec.freecount != rec.freecount + 1 || (irec.free & ~rec.free) == 0) {
                throw new FsCorruptedException("AG " + agno + ": inobt " + irec + " does not match finobt " + rec);
            }
            InobtOps.update(icur, rec, sparse);
        } else {
            rec = findFreeInobt(icur, pagino, agi.newino(), sparse);
            if (rec == null) {
                throw new FsCorruptedException("AG " + agno + ": agi_freecount " + agi.freecount()
                        + " but the inobt has no chunk with a free inode");
            }
            offset = takeInode(rec);
            InobtOps.update(icur, rec, sparse);
        }
        long ino = geo.aginoToIno(agno, rec.startino + offset);
        agi.setFreecount(agi.freecount() - 1);
        tp.logBuf(agbp, Agi.OFF_FREECOUNT, Agi.OFF_FREECOUNT + 3);
        tp.modIfree(-1);
        return ino;
    }

    /** Marks the chunk's first free inode in use; returns its offset in the chunk. */
    private static int takeInode(InobtRec rec) {
        int offset = rec.firstFreeInode();
        assert offset < Geometry.INODES_PER_CHUNK && rec.freecount > 0;
        rec.free &= ~(1L << offset);
        rec.freecount--;
        return offset;
    }

    /**
     * Ports xfs_dialloc_ag_finobt_near: the finobt chunk holding {@code pagino}, else the closer of its two
     * neighbours, so a file's inode lands near its directory's.
     */
    private static InobtRec finobtNear(BtreeCursor cur, long pagino, boolean sparse) throws XfsException {
        InobtOps.setKey(cur, pagino);
        InobtRec left = null;
        if (Btree.lookup(cur, Lookup.LE) == 1) {
            left = InobtOps.getRec(cur, sparse);
            if (pagino < left.startino + Geometry.INODES_PER_CHUNK) {
                return left;
            }
        }
        BtreeCursor rcur = cur.dup();
        InobtOps.setKey(rcur, pagino);
        InobtRec right = Btree.lookup(rcur, Lookup.GE) == 1 ? InobtOps.getRec(rcur, sparse) : null;
        if (right != null && (left == null
                || right.startino - pagino < pagino - left.startino - Geometry.INODES_PER_CHUNK + 1)) {
            InobtOps.setKey(cur, right.startino);
            Btree.lookup(cur, Lookup.EQ);
            return right;
        }
        return left;
    }

    /**
     * Ports xfs_dialloc_ag_finobt_newino: the chunk last allocated (agi_newino) if it still has a free inode, else
     * the leftmost chunk with one.
     */
    private static InobtRec finobtNewino(BtreeCursor cur, long newino, boolean sparse) throws XfsException {
        if (newino != Geometry.NULLAGINO) {
            InobtOps.setKey(cur, newino);
            if (Btree.lookup(cur, Lookup.EQ) == 1) {
                InobtRec rec = InobtOps.getRec(cur, sparse);
                if (rec.freecount > 0) {
                    return rec;
                }
            }
        }
        InobtOps.setKey(cur, 0);
        return Btree.lookup(cur, Lookup.GE) == 1 ? InobtOps.getRec(cur, sparse) : null;
    }

    /**
     * Ports xfs_dialloc_ag_inobt, with a simpler search: the parent's chunk, then the last allocated chunk
     * (agi_newino), then the leftmost chunk with a free inode. The kernel also searches outwards from the parent's
     * chunk in both directions; the result is a free inode either way, only placement differs.
     */
    private static InobtRec findFreeInobt(BtreeCursor cur, long pagino, long newino, boolean sparse)
            throws XfsException {
        for (long target : new long[] {pagino, newino}) {
            if (target == Geometry.NULLAGINO) {
                continue;
            }
            InobtOps.setKey(cur, target);
            if (Btree.lookup(cur, Lookup.LE) == 1) {
                InobtRec rec = InobtOps.getRec(cur, sparse);
                if (target < rec.startino + Geometry.INODES_PER_CHUNK && rec.freecount > 0) {
                    return rec;
                }
            }
        }
        InobtOps.setKey(cur, 0);
        if (Btree.lookup(cur, Lookup.GE) != 1) {
            return null;
        }
        do {
            InobtRec rec = InobtOps.getRec(cur, sparse);
            if (rec.freecount > 0) {
                return rec;
            }
        } while (Btree.increment(cur, 0) == 1);
        return null;
    }
}
