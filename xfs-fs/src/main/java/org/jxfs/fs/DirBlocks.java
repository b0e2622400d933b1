// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.jxfs.core.format.BigEndian.u64;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.bmap.BmapUtil;
import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmapiFlags;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.Bunmapi;
import org.jxfs.bmap.IextCursor;
import org.jxfs.bmap.IextTree;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.NoSpaceException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * Directory blocks as the da layer reaches them (xfs_da_btree.c's buffer half, xfs_dir2.c's grow/shrink): mapping a
 * directory block through the data fork, reading and getting its buffer, and adding or removing blocks through the
 * bmap layer ({@link Bmapi#write} with METADATA, {@link Bunmapi}, whose frees are deferred to commit). A directory
 * block must be one extent (jxfs asks for CONTIG when a directory block spans several filesystem blocks).
 */
final class DirBlocks {
    final Mount mp;
    final DirGeo geo;

    DirBlocks(Mount mp) {
        this.mp = mp;
        this.geo = new DirGeo(mp.geometry());
    }

    /**
     * XFS_DAENTER_SPACE_RES for the data fork plus the name's bytes (XFS_DIRENTER_SPACE_RES): what one entry added
     * can allocate, a directory block and its bmbt split at every level of the da btree and one more.
     */
    long enterSpaceRes(int namelen) {
        long dbs = DirGeo.NODE_MAXDEPTH + 1;
        long perBlock = geo.fsbcount + BmapUtil.extentaddSpaceRes(mp);
        return dbs * perBlock + mp.geometry().bToFsb(namelen);
    }

    /** Ports xfs_dabuf_map: the daddr of file block {@code da}, or -1 for a hole. */
    long map(Inode dp, long da) throws XfsException {
        BmbtIrec[] maps = new BmbtIrec[1];
        int n = Bmapi.read(mp, dp, da, geo.fsbcount, 0, maps);
        if (n == 0 || maps[0].isHole()) {
            return -1;
        }
        if (!maps[0].isWrittenExtent() || maps[0].blockcount() < geo.fsbcount) {
            throw new FsCorruptedException("Metadata corruption detected: directory inode " + dp.ino + " block "
                    + da + " is " + (maps[0].isWrittenExtent() ? "not one extent" : "not a written extent"));
        }
        return mp.geometry().fsbToDaddr(maps[0].startblock());
    }

    /**
     * Ports xfs_da_read_buf: the buffer of directory block {@code da}, checked by {@code ops} and for its owner
     * (xfs_dir3_*_header_check). Null for a hole.
     */
    XfsBuf read(Trans tp, Inode dp, long da, BufOps ops) throws XfsException {
        long daddr = map(dp, da);
        if (daddr < 0) {
            return null;
        }
        int bb = (int) mp.geometry().fsbToBb(geo.fsbcount);
        XfsBuf bp = tp != null ? tp.readBuf(daddr, bb, ops) : mp.bufCache().read(daddr, bb, ops);
        int ownerOff = ops == DaNodeOps.INSTANCE ? DaBlk.OFF_OWNER : Dir2Block.OFF_OWNER;
        long owner = u64(bp.data(), ownerOff);
        if (owner != dp.ino) {
            throw new FsCorruptedException("Metadata corruption detected: " + ops.name() + " at daddr 0x"
                    + Long.toHexString(daddr) + ": owner " + owner + " is not inode " + dp.ino);
        }
        return bp;
    }

    /** {@link #read} that treats a hole as corruption: the caller's index points at the block. */
    XfsBuf readMapped(Trans tp, Inode dp, long da, BufOps ops) throws XfsException {
        XfsBuf bp = read(tp, dp, da, ops);
        if (bp == null) {
            throw new FsCorruptedException("Metadata corruption detected: directory inode " + dp.ino
                    + " has a hole at block " + da + " where its index points");
        }
        return bp;
    }

    /** Ports xfs_da_get_buf: a zeroed buffer for directory block {@code da}, which must be mapped. */
    XfsBuf get(Trans tp, Inode dp, long da, BufOps ops) throws XfsException {
        long daddr = map(dp, da);
        if (daddr < 0) {
            throw new IllegalStateException("directory inode " + dp.ino + " block " + da + " is not mapped");
        }
        return tp.getBuf(daddr, (int) mp.geometry().fsbToBb(geo.fsbcount), ops);
    }

    /**
     * Ports xfs_dir2_grow_inode (xfs_da_grow_inode_int): maps a new directory block at the first hole of
     * {@code space} (xfs_bmap_first_unused), allocated near the inode as metadata. A data block past the end
     * makes the directory that much larger (di_size covers the data space only). Returns the directory block
     * number.
     */
    long grow(Trans tp, Inode dp, int space) throws XfsException {
        long bno = firstUnused(dp, geo.dbToDa(geo.byteToDb(space * DirGeo.SPACE_SIZE)), geo.fsbcount);
        growAt(tp, dp, bno);
        long db = geo.daToDb(bno);
        if (space == DirGeo.DATA_SPACE) {
            long end = mp.geometry().fsbToB(bno + geo.fsbcount);
            if (end > dp.size) {
                dp.setSize(end);
            }
        }
        return db;
    }

    /** Maps directory block {@code da} (a hole) with one contiguous extent. */
    void growAt(Trans tp, Inode dp, long da) throws XfsException {
        BmbtIrec[] maps = new BmbtIrec[1];
        int flags = BmapiFlags.METADATA | (geo.fsbcount > 1 ? BmapiFlags.CONTIG : 0);
        int n = Bmapi.write(tp, dp, da, geo.fsbcount, flags, tp.blocksLeft(), maps);
        if (n != 1 || !maps[0].isWrittenExtent() || maps[0].startoff() != da
                || maps[0].blockcount() != geo.fsbcount) {
            throw new NoSpaceException("No space left on device for a block of directory inode " + dp.ino);
        }
        Ifork.logExtents(tp, dp);
    }

    /**
     * Ports xfs_bmap_first_unused: the lowest file block at or after {@code start} beginning a hole of
     * {@code len} blocks.
     */
    long firstUnused(Inode dp, long start, long len) throws XfsException {
        IextTree iext = Ifork.get(mp, dp).iext();
        IextCursor cur = new IextCursor();
        long lowest = start;
        for (BmbtIrec got = iext.lookupExtent(start, cur); got != null; got = iext.nextExtent(cur)) {
            if (got.startoff() >= lowest + len) {
                break;
            }
            lowest = Math.max(lowest, got.endoff());
        }
        return lowest;
    }

    /**
     * Ports xfs_dir2_shrink_inode: unmaps directory block {@code db} (freed when {@code tp} commits) and
     * invalidates its buffer; when it was the last data block, di_size shrinks to the end of the data block
     * before it (xfs_bmap_last_before).
     */
    void shrink(Trans tp, Inode dp, long db, XfsBuf bp) throws XfsException {
        long da = geo.dbToDa(db);
        if (!Bunmapi.unmap(tp, dp, da, geo.fsbcount, 0, 0)) {
            throw new IllegalStateException("directory inode " + dp.ino + ": block " + da + " not unmapped");
        }
        Ifork.logExtents(tp, dp);
        if (bp != null) {
            tp.binval(bp);
        }
        if (db >= geo.leafFirstDb()) {
            return;
        }
        Geometry g = mp.geometry();
        if (dp.size > g.fsbToB(da + geo.fsbcount)) {
            return;
        }
        BmbtIrec before = Ifork.get(mp, dp).iext().lookupExtentBefore(da, new IextCursor());
        dp.setSize(before == null ? 0 : g.fsbToB(Math.min(before.endoff(), da)));
    }

    /** The directory blocks (directory block numbers) mapped in [fromDb, toDb), in order. */
    List<Long> mappedBlocks(Inode dp, long fromDb, long toDb) throws XfsException {
        List<Long> out = new ArrayList<>();
        IextTree iext = Ifork.get(mp, dp).iext();
        IextCursor cur = new IextCursor();
        long from = geo.dbToDa(fromDb), to = geo.dbToDa(toDb);
        for (BmbtIrec got = iext.lookupExtent(from, cur); got != null && got.startoff() < to;
                got = iext.nextExtent(cur)) {
            long s = Math.max(got.startoff(), from);
            long first = (s + geo.fsbcount - 1) / geo.fsbcount * geo.fsbcount;
            for (long da = first; da + geo.fsbcount <= Math.min(got.endoff(), to); da += geo.fsbcount) {
                out.add(geo.daToDb(da));
            }
        }
        return out;
    }
}
