// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.alloc.Alloc;
import org.jxfs.core.alloc.AllocArg;
import org.jxfs.core.alloc.AllocType;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.format.Dir2SfEntry;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * Directory contents (xfs_dir2.c with xfs_dir2_sf.c and the block half of xfs_dir2_block.c): look up, add and
 * remove names in a short-form (LOCAL) or single-block directory, converting between the two as the kernel does
 * when the short form overflows the inode or the block shrinks back into it. Leaf and node directories (more than
 * one block) are refused with {@link #multiBlock}.
 */
final class Dir2 {
    /** The data block's logical offset in the directory (XFS_DIR2_DATA_OFFSET, block 0). */
    static final long DATA_STARTOFF = 0;

    private final Mount mp;
    private final boolean ftype;

    Dir2(Mount mp) {
        this.mp = mp;
        this.ftype = mp.features().ftype();
    }

    /** A directory's parent and entries, in offset order (without "." and ".."). */
    record Contents(long parent, List<Dir2SfEntry> entries) {
    }

    static XfsException multiBlock(String what) {
        return new XfsException(XfsException.EOPNOTSUPP,
                "directory " + what + " is full: multi-block directories are not supported yet");
    }

    /** Ports xfs_dir2_isblock: true for a one-block directory, false for short form; refuses the rest. */
    boolean isBlock(Inode dp, String what) throws XfsException {
        if (dp.format == Dinode.FMT_LOCAL) {
            return false;
        }
        if (dp.format == Dinode.FMT_EXTENTS && dp.nextents == 1 && dp.size == mp.geometry().dirBlockSize()) {
            return true;
        }
        throw new XfsException(XfsException.EOPNOTSUPP,
                "directory " + what + " is a multi-block (leaf or node) directory: not supported yet");
    }

    /** The data fork's single extent of a block directory: {startoff, startblock (fsblock), blockcount}. */
    static long[] extent(Inode dp) {
        long hi = u64(dp.dataFork, 0);
        long lo = u64(dp.dataFork, 8);
        return new long[] {(hi & Long.MAX_VALUE) >>> 9, ((hi & 0x1ff) << 43) | (lo >>> 21), lo & 0x1fffff};
    }

    /** Packs an extent record (xfs_bmbt_disk_set_all, written, not unwritten) at the data fork's start. */
    static void setExtent(Inode dp, long startoff, long startblock, long count) {
        putU64(dp.dataFork, 0, (startoff << 9) | (startblock >>> 43));
        putU64(dp.dataFork, 8, ((startblock & ((1L << 43) - 1)) << 21) | count);
    }

    private int dirBlockFsbs() {
        return 1 << mp.geometry().dirblklog;
    }

    /** Ports xfs_dir3_block_read: reads the directory block and checks it belongs to {@code dp}. */
    XfsBuf readBlock(Trans tp, Inode dp) throws XfsException {
        long[] ext = extent(dp);
        Geometry geo = mp.geometry();
        if (ext[0] != DATA_STARTOFF || ext[2] != dirBlockFsbs()) {
            throw new FsCorruptedException("directory inode " + dp.ino + ": bad block directory extent "
                    + Arrays.toString(ext));
        }
        long daddr = geo.fsbToDaddr(ext[1]);
        int bb = (int) geo.fsbToBb(ext[2]);
        XfsBuf bp = tp != null ? tp.readBuf(daddr, bb, DirBlockOps.INSTANCE)
                : mp.bufCache().read(daddr, bb, DirBlockOps.INSTANCE);
        long owner = u64(bp.data(), Dir2Block.OFF_OWNER);
        if (owner != dp.ino) {
            throw new FsCorruptedException("Metadata corruption detected: xfs_dir3_block at daddr 0x"
                    + Long.toHexString(daddr) + ": owner " + owner + " is not inode " + dp.ino);
        }
        return bp;
    }

    /** Reads the whole directory (xfs_readdir's view): parent and entries. */
    Contents read(Trans tp, Inode dp, String what) throws XfsException {
        if (isBlock(dp, what)) {
            Dir2Block.Contents c = Dir2Block.parse(readBlock(tp, dp).data(), ftype);
            return new Contents(c.parent(), c.entries());
        }
        return new Contents(Dir2Sf.parent(dp.dataFork, 0), Dir2Sf.entries(dp.dataFork, 0, ftype));
    }

    /** Ports xfs_dir_lookup: the inode number of {@code name}, or -1; "." and ".." resolve as the kernel does. */
    long lookup(Trans tp, Inode dp, byte[] name, String what) throws XfsException {
        Contents c = read(tp, dp, what);
        if (Arrays.equals(name, new byte[] {'.'})) {
            return dp.ino;
        }
        if (Arrays.equals(name, new byte[] {'.', '.'})) {
            return c.parent();
        }
        for (Dir2SfEntry e : c.entries()) {
            if (Arrays.equals(e.name(), name)) {
                return e.ino();
            }
        }
        return -1;
    }

    /**
     * Ports the space check of xfs_dir_canenter: true when the directory can take {@code name} without becoming a
     * leaf directory, decided before anything changes.
     */
    boolean canEnter(Trans tp, Inode dp, byte[] name, String what) throws XfsException {
        Contents c = read(tp, dp, what);
        List<Dir2SfEntry> next = new ArrayList<>(c.entries());
        next.add(new Dir2SfEntry(name, 0, Dir2Sf.FT_UNKNOWN, 0));
        return Dir2Block.bytesNeeded(next, ftype) <= mp.geometry().dirBlockSize();
    }

    /**
     * Ports xfs_dir_createname: adds {@code name -> ino}. A short-form directory that outgrows the inode's literal
     * area becomes a block directory (xfs_dir2_sf_to_block); a block directory that would need a second block is
     * refused before anything changes (see {@link #canEnter}). Returns the number of directory blocks allocated.
     */
    long addname(Trans tp, Inode dp, byte[] name, long ino, int ft, String what) throws XfsException {
        Contents c = read(tp, dp, what);
        List<Dir2SfEntry> next = new ArrayList<>(c.entries());
        next.add(new Dir2SfEntry(name, 0, ft, ino));
        if (Dir2Block.bytesNeeded(next, ftype) > mp.geometry().dirBlockSize()) {
            throw multiBlock(what);
        }
        if (dp.format == Dinode.FMT_LOCAL) {
            if (Dir2Sf.size(c.parent(), next, ftype) <= dp.dataForkSize()) {
                writeSf(dp, c.parent(), next);
                return 0;
            }
            sfToBlock(tp, dp, c.parent(), next);
            return dirBlockFsbs();
        }
        writeBlock(tp, dp, c.parent(), next);
        return 0;
    }

    /**
     * Ports xfs_dir_removename: removes {@code name}; returns its inode number or -1. A block directory whose
     * entries fit the inode again goes back to short form (xfs_dir2_block_to_sf), freeing its block.
     */
    long removename(Trans tp, Inode dp, byte[] name, String what) throws XfsException {
        Contents c = read(tp, dp, what);
        List<Dir2SfEntry> next = new ArrayList<>(c.entries());
        long ino = -1;
        for (int i = 0; i < next.size(); i++) {
            if (Arrays.equals(next.get(i).name(), name)) {
                ino = next.remove(i).ino();
                break;
            }
        }
        if (ino < 0) {
            return -1;
        }
        if (dp.format == Dinode.FMT_LOCAL) {
            writeSf(dp, c.parent(), next);
        } else if (Dir2Sf.size(c.parent(), next, ftype) <= dp.dataForkSize()) {
            blockToSf(tp, dp, c.parent(), next);
        } else {
            writeBlock(tp, dp, c.parent(), next);
        }
        return ino;
    }

    /** Ports xfs_dir_replace for "..": points the directory's parent entry at {@code parent}. */
    void setParent(Trans tp, Inode dp, long parent, String what) throws XfsException {
        Contents c = read(tp, dp, what);
        if (dp.format == Dinode.FMT_LOCAL) {
            writeSf(dp, parent, c.entries());
        } else {
            writeBlock(tp, dp, parent, c.entries());
        }
    }

    private void writeSf(Inode dp, long parent, List<Dir2SfEntry> entries) {
        Arrays.fill(dp.dataFork, (byte) 0);
        dp.setSize(Dir2Sf.write(dp.dataFork, 0, parent, entries, ftype));
    }

    private void writeBlock(Trans tp, Inode dp, long parent, List<Dir2SfEntry> entries) throws XfsException {
        XfsBuf bp = readBlock(tp, dp);
        Dir2Block.build(bp.data(), bp.daddr(), mp.metaUuid(), dp.ino, parent, entries, ftype);
        tp.logBuf(bp, 0, bp.length() - 1);
    }

    /**
     * Ports xfs_dir2_sf_to_block: allocates the directory block in the inode's AG near the inode (as
     * xfs_bmap_btalloc aims a directory's first block), writes the entries there and turns the data fork into one
     * extent record.
     */
    private void sfToBlock(Trans tp, Inode dp, long parent, List<Dir2SfEntry> entries) throws XfsException {
        Geometry geo = mp.geometry();
        int fsbs = dirBlockFsbs();
        AllocArg args = new AllocArg(tp, mp);
        args.fsbno = geo.inoToFsb(dp.ino);
        args.type = AllocType.START_BNO;
        args.minlen = fsbs;
        args.maxlen = fsbs;
        args.total = fsbs;
        args.alignment = 1;
        Alloc.vextent(args);
        if (args.fsbno == Geometry.NULLFSBLOCK) {
            throw new org.jxfs.core.NoSpaceException("No space left on device for directory inode " + dp.ino);
        }
        long daddr = geo.fsbToDaddr(args.fsbno);
        XfsBuf bp = tp.getBuf(daddr, (int) geo.fsbToBb(fsbs), DirBlockOps.INSTANCE);
        Dir2Block.build(bp.data(), daddr, mp.metaUuid(), dp.ino, parent, entries, ftype);
        tp.logBuf(bp, 0, bp.length() - 1);
        Arrays.fill(dp.dataFork, (byte) 0);
        setExtent(dp, DATA_STARTOFF, args.fsbno, fsbs);
        dp.format = Dinode.FMT_EXTENTS;
        dp.nextents = 1;
        dp.nblocks += fsbs;
        dp.setSize(geo.dirBlockSize());
    }

    /** An empty block directory being removed gives its block back (it is then short form with no entries). */
    void removeBlock(Trans tp, Inode dp, long parent) throws XfsException {
        blockToSf(tp, dp, parent, List.of());
    }

    /** Ports xfs_dir2_block_to_sf: the entries go back into the inode and the block is freed. */
    private void blockToSf(Trans tp, Inode dp, long parent, List<Dir2SfEntry> entries) throws XfsException {
        XfsBuf bp = readBlock(tp, dp);
        long[] ext = extent(dp);
        tp.binval(bp);
        Alloc.freeExtent(tp, ext[1], ext[2]);
        dp.nblocks -= ext[2];
        dp.nextents = 0;
        dp.format = Dinode.FMT_LOCAL;
        writeSf(dp, parent, entries);
    }
}
