// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxfs.bmap.IextCursor;
import org.jxfs.bmap.IextTree;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.format.Dir2SfEntry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * Directory contents (xfs_dir2.c): look up, add, remove and replace names in a directory of any format the kernel
 * writes, dispatching on the format as xfs_dir2_format does. Short form and block directories are here; leaf and
 * node directories in {@link Dir2Leaf} and {@link Dir2Node}. A directory grows short form, block, leaf, node as
 * each fills, and shrinks back the same way as entries go (xfs_dir2_block_to_sf, xfs_dir2_leaf_to_block,
 * xfs_dir2_node_to_leaf). Every directory block is allocated and freed through the bmap layer ({@link DirBlocks}).
 */
final class Dir2 {
    /** The directory formats (enum xfs_dir2_fmt). */
    enum Format { SF, BLOCK, LEAF, NODE }

    /** Where a name lives: its inode, and its data block and offset (-1 for short form). */
    record Found(long ino, int ftype, long db, int off) {
    }

    /** A directory's parent and entries (without "." and ".."), in directory order. */
    record Contents(long parent, List<Dir2SfEntry> entries) {
    }

    final Mount mp;
    final boolean ftype;
    final DirBlocks blocks;
    final DirGeo geo;
    private final Dir2Leaf leaf;
    private final Dir2Node node;

    Dir2(Mount mp) {
        this.mp = mp;
        this.ftype = mp.features().ftype();
        this.blocks = new DirBlocks(mp);
        this.geo = blocks.geo;
        this.node = new Dir2Node(this);
        this.leaf = new Dir2Leaf(this, node);
        node.setLeaf(leaf);
    }

    /**
     * Ports xfs_dir2_format: short form for a LOCAL fork; otherwise by where the last mapped block ends (one
     * directory block: block; the leaf space's first block: leaf; anything else: node).
     */
    Format format(Inode dp) throws XfsException {
        if (dp.format == Dinode.FMT_LOCAL) {
            return Format.SF;
        }
        IextTree iext = Ifork.get(mp, dp).iext();
        long eof = 0;
        if (iext.count() > 0) {
            IextCursor cur = new IextCursor();
            iext.last(cur);
            eof = iext.getExtent(cur).endoff();
        }
        if (eof == geo.fsbcount) {
            if (dp.size != geo.blksize) {
                throw new FsCorruptedException("Metadata corruption detected: directory inode " + dp.ino
                        + ": block directory of size " + dp.size);
            }
            return Format.BLOCK;
        }
        if (eof == geo.leafblk + geo.fsbcount) {
            return Format.LEAF;
        }
        if (eof == 0) {
            throw new FsCorruptedException("Metadata corruption detected: directory inode " + dp.ino
                    + " maps no blocks");
        }
        return Format.NODE;
    }

    // ---- reading ----

    /** Ports xfs_dir_lookup: where {@code name} is, or null; "." and ".." resolve as the kernel does. */
    Found lookup(Trans tp, Inode dp, byte[] name) throws XfsException {
        if (Arrays.equals(name, Dir2Data.DOT)) {
            return new Found(dp.ino, Dir2Sf.FT_DIR, -1, -1);
        }
        switch (format(dp)) {
            case SF -> {
                if (Arrays.equals(name, Dir2Data.DOTDOT)) {
                    return new Found(Dir2Sf.parent(dp.dataFork, 0), Dir2Sf.FT_DIR, -1, -1);
                }
                for (Dir2SfEntry e : sfEntries(dp)) {
                    if (Arrays.equals(e.name(), name)) {
                        return new Found(e.ino(), e.ftype(), -1, e.offset());
                    }
                }
                return null;
            }
            case BLOCK -> {
                return blockLookup(tp, dp, name);
            }
            case LEAF -> {
                return leaf.lookup(tp, dp, name);
            }
            default -> {
                return node.lookup(tp, dp, name);
            }
        }
    }

    /** The inode number of {@code name}, or -1. */
    long lookupIno(Trans tp, Inode dp, byte[] name) throws XfsException {
        Found f = lookup(tp, dp, name);
        return f == null ? -1 : f.ino();
    }

    /** The entry of data block {@code db} at {@code off} when it holds {@code name}, else null. */
    Found entryIfNamed(Trans tp, Inode dp, long db, int off, byte[] name) throws XfsException {
        XfsBuf bp = blocks.readMapped(tp, dp, geo.dbToDa(db), DirBlockOps.INSTANCE);
        if (off < Dir2Block.HDR_SIZE || off >= geo.blksize || !Dir2Data.nameEquals(bp.data(), off, name)) {
            return null;
        }
        Dir2SfEntry e = Dir2Data.entryAt(bp.data(), off, ftype);
        return new Found(e.ino(), e.ftype(), db, off);
    }

    /** Ports xfs_dir2_block_lookup_int: the leaf's entries of the name's hash, each checked against the data. */
    private Found blockLookup(Trans tp, Inode dp, byte[] name) throws XfsException {
        XfsBuf bp = blocks.readMapped(tp, dp, 0, DirBlockOps.INSTANCE);
        byte[] b = bp.data();
        long hash = DaHash.hashname(name);
        int lo = Dir2Block.leafOff(b);
        int n = (Dir2Block.tailOff(b.length) - lo) / Dir2Block.LEAF_ENTRY_SIZE;
        int l = 0, h = n;
        while (l < h) {
            int mid = (l + h) >>> 1;
            if (u32(b, lo + mid * 8) < hash) {
                l = mid + 1;
            } else {
                h = mid;
            }
        }
        for (int i = l; i < n && u32(b, lo + i * 8) == hash; i++) {
            long addr = u32(b, lo + i * 8 + 4);
            if (addr == Dir2Block.NULL_DATAPTR) {
                continue;
            }
            int off = geo.dataptrToOff(addr);
            if (Dir2Data.nameEquals(b, off, name)) {
                Dir2SfEntry e = Dir2Data.entryAt(b, off, ftype);
                return new Found(e.ino(), e.ftype(), 0, off);
            }
        }
        return null;
    }

    /** Reads the whole directory (xfs_readdir's view): parent and entries, data block by data block. */
    Contents read(Trans tp, Inode dp) throws XfsException {
        Format f = format(dp);
        if (f == Format.SF) {
            return new Contents(Dir2Sf.parent(dp.dataFork, 0), sfEntries(dp));
        }
        if (f == Format.BLOCK) {
            return contents(Dir2Block.entries(blocks.readMapped(tp, dp, 0, DirBlockOps.INSTANCE).data(), ftype));
        }
        List<Dir2SfEntry> all = new ArrayList<>();
        for (long db : blocks.mappedBlocks(dp, 0, geo.leafFirstDb())) {
            XfsBuf bp = blocks.readMapped(tp, dp, geo.dbToDa(db), DirBlockOps.INSTANCE);
            all.addAll(Dir2Data.entries(bp.data(), geo.blksize, ftype));
        }
        return contents(all);
    }

    static Contents contents(List<Dir2SfEntry> all) {
        long parent = 0;
        List<Dir2SfEntry> out = new ArrayList<>(all.size());
        for (Dir2SfEntry e : all) {
            if (e.offset() == Dir2Block.DOTDOT_OFFSET && Arrays.equals(e.name(), Dir2Data.DOTDOT) && parent == 0) {
                parent = e.ino();
            } else if (!(e.offset() == Dir2Block.DOT_OFFSET && Arrays.equals(e.name(), Dir2Data.DOT))) {
                out.add(e);
            }
        }
        return new Contents(parent, out);
    }

    /** Ports xfs_dir_isempty: only a short-form directory with no entries is empty. */
    boolean isEmpty(Inode dp) {
        return dp.format == Dinode.FMT_LOCAL && Dir2Sf.count(dp.dataFork, 0) == 0;
    }

    /**
     * The short-form entries, after the header check of xfs_dir2_sf_verify: a count the fork cannot hold is
     * corruption, not a read past the fork.
     */
    private List<Dir2SfEntry> sfEntries(Inode dp) throws FsCorruptedException {
        String why = Dir2Sf.verify(dp.dataFork, 0, (int) Math.min(dp.size, dp.dataFork.length), ftype, null,
                geo.blksize);
        if (dp.size > dp.dataFork.length && why == null) {
            why = "size " + dp.size + " exceeds the fork";
        }
        if (why != null) {
            throw new FsCorruptedException("Metadata corruption detected: short-form directory inode " + dp.ino
                    + ": " + why);
        }
        return Dir2Sf.entries(dp.dataFork, 0, ftype);
    }

    // ---- writing ----

    /**
     * Ports xfs_dir_createname: adds {@code name -> ino}, converting the directory to the next format when it is
     * full (xfs_dir2_sf_to_block, xfs_dir2_block_to_leaf, xfs_dir2_leaf_to_node).
     */
    void addname(Trans tp, Inode dp, byte[] name, long ino, int ft) throws XfsException {
        switch (format(dp)) {
            case SF -> sfAddname(tp, dp, name, ino, ft);
            case BLOCK -> blockAddname(tp, dp, name, ino, ft);
            case LEAF -> leaf.addname(tp, dp, name, ino, ft);
            default -> node.addname(tp, dp, name, ino, ft);
        }
    }

    /**
     * Ports xfs_dir_removename: removes {@code name}; returns its inode number or -1. Emptied blocks are freed and
     * the directory converts back as it shrinks.
     */
    long removename(Trans tp, Inode dp, byte[] name) throws XfsException {
        Found f = lookup(tp, dp, name);
        if (f == null) {
            return -1;
        }
        switch (format(dp)) {
            case SF -> {
                List<Dir2SfEntry> next = new ArrayList<>(sfEntries(dp));
                next.removeIf(e -> Arrays.equals(e.name(), name));
                writeSf(dp, Dir2Sf.parent(dp.dataFork, 0), next);
            }
            case BLOCK -> blockRemovename(tp, dp, name, f);
            case LEAF -> leaf.removename(tp, dp, name, f);
            default -> node.removename(tp, dp, name, f);
        }
        return f.ino();
    }

    /** Ports xfs_dir_replace: points the existing {@code name} (".." included) at {@code ino}. */
    void replace(Trans tp, Inode dp, byte[] name, long ino, int ft) throws XfsException {
        if (dp.format == Dinode.FMT_LOCAL) {
            long parent = Dir2Sf.parent(dp.dataFork, 0);
            List<Dir2SfEntry> next = new ArrayList<>();
            for (Dir2SfEntry e : sfEntries(dp)) {
                next.add(Arrays.equals(e.name(), name) ? new Dir2SfEntry(e.name(), e.offset(), ft, ino) : e);
            }
            writeSf(dp, Arrays.equals(name, Dir2Data.DOTDOT) ? ino : parent, next);
            return;
        }
        Found f = lookup(tp, dp, name);
        if (f == null || f.db() < 0) {
            throw new FsCorruptedException("directory inode " + dp.ino + " lost the entry being replaced");
        }
        XfsBuf bp = blocks.readMapped(tp, dp, geo.dbToDa(f.db()), DirBlockOps.INSTANCE);
        byte[] b = bp.data();
        putU64(b, f.off() + Dir2Block.OFF_ENT_INUMBER, ino);
        if (ftype) {
            b[f.off() + Dir2Block.OFF_ENT_NAME + name.length] = (byte) ft;
        }
        tp.logBuf(bp, f.off(), f.off() + Dir2Block.OFF_ENT_NAME + name.length);
    }

    private void writeSf(Inode dp, long parent, List<Dir2SfEntry> entries) {
        Arrays.fill(dp.dataFork, (byte) 0);
        dp.setSize(Dir2Sf.write(dp.dataFork, 0, parent, entries, ftype));
    }

    /** Ports xfs_dir2_sf_addname: in the inode while it fits, else the directory becomes a block first. */
    private void sfAddname(Trans tp, Inode dp, byte[] name, long ino, int ft) throws XfsException {
        long parent = Dir2Sf.parent(dp.dataFork, 0);
        List<Dir2SfEntry> next = new ArrayList<>(sfEntries(dp));
        next.add(new Dir2SfEntry(name, 0, ft, ino));
        if (next.size() <= Dir2Sf.MAX_COUNT && Dir2Sf.size(parent, next, ftype) <= dp.dataForkSize()) {
            writeSf(dp, parent, next);
            return;
        }
        sfToBlock(tp, dp);
        blockAddname(tp, dp, name, ino, ft);
    }

    /**
     * Ports xfs_dir2_sf_to_block: the fork becomes an extent map, the directory's first block is mapped through
     * bmapi (near the inode, as metadata) and the entries go there at the offsets the short form recorded.
     */
    private void sfToBlock(Trans tp, Inode dp) throws XfsException {
        long parent = Dir2Sf.parent(dp.dataFork, 0);
        List<Dir2SfEntry> placed = Dir2Data.dots(dp.ino, parent);
        placed.addAll(sfEntries(dp));
        Ifork.get(mp, dp);
        Arrays.fill(dp.dataFork, (byte) 0);
        dp.format = Dinode.FMT_EXTENTS;
        dp.nextents = 0;
        dp.setSize(0);
        long db = blocks.grow(tp, dp, DirGeo.DATA_SPACE);
        assert db == 0 : "a short-form directory's first block at " + db;
        XfsBuf bp = blocks.get(tp, dp, 0, DirBlockOps.INSTANCE);
        Dir2Block.write(bp.data(), bp.daddr(), mp.metaUuid(), dp.ino, placed, ftype);
        tp.logBuf(bp, 0, bp.length() - 1);
        dp.setSize(geo.blksize);
    }

    /**
     * Ports xfs_dir2_block_addname: into the block's free space when the leaf, one entry longer, still clears the
     * last entry; otherwise the block becomes a leaf directory.
     */
    private void blockAddname(Trans tp, Inode dp, byte[] name, long ino, int ft) throws XfsException {
        XfsBuf bp = blocks.readMapped(tp, dp, 0, DirBlockOps.INSTANCE);
        if (blockAddInPlace(tp, bp, name, ino, ft)) {
            return;
        }
        List<Dir2SfEntry> placed = Dir2Block.entries(bp.data(), ftype);
        int need = Dir2Sf.dataEntsize(name.length, ftype);
        int leafStart = Dir2Block.tailOff(geo.blksize) - (placed.size() + 1) * Dir2Block.LEAF_ENTRY_SIZE;
        int off = Dir2Data.usedEnd(placed, ftype) <= leafStart ? Dir2Data.findSpace(placed, need, leafStart, ftype)
                : -1;
        if (off < 0) {
            leaf.blockToLeaf(tp, dp, bp, placed);
            leaf.addname(tp, dp, name, ino, ft);
            return;
        }
        Dir2Data.insert(placed, new Dir2SfEntry(name, off, ft, ino));
        Dir2Block.write(bp.data(), bp.daddr(), mp.metaUuid(), dp.ino, placed, ftype);
        tp.logBuf(bp, 0, bp.length() - 1);
    }

    /** Ports xfs_dir2_block_removename: the entry goes; a block whose entries fit the inode becomes short form. */
    private void blockRemovename(Trans tp, Inode dp, byte[] name, Found f) throws XfsException {
        XfsBuf bp = blocks.readMapped(tp, dp, 0, DirBlockOps.INSTANCE);
        if (blockRemoveInPlace(tp, dp, bp, name, f.off())) {
            return;
        }
        List<Dir2SfEntry> placed = Dir2Block.entries(bp.data(), ftype);
        placed.removeIf(e -> e.offset() == f.off());
        Contents c = contents(placed);
        if (fitsShortForm(dp, c)) {
            blockToSf(tp, dp, bp, c);
            return;
        }
        Dir2Block.write(bp.data(), bp.daddr(), mp.metaUuid(), dp.ino, placed, ftype);
        tp.logBuf(bp, 0, bp.length() - 1);
    }

    /**
     * The common case of xfs_dir2_block_addname, done in the block as it is: an unused region below the leaf, one
     * entry longer, takes the entry (xfs_dir2_data_use_free), the leaf entries below the new one's place move
     * down a slot and it goes in (the leaf stays sorted by hash, then address, as {@link Dir2Block#write} sorts
     * it), and bestfree is rescanned. False, changing nothing, when the block has stale leaf entries (a kernel's
     * block; rewritten whole) or no room (it becomes a leaf directory).
     */
    private boolean blockAddInPlace(Trans tp, XfsBuf bp, byte[] name, long ino, int ft) {
        byte[] b = bp.data();
        int tail = Dir2Block.tailOff(b.length);
        int count = (int) u32(b, tail);
        if (u32(b, tail + 4) != 0) {
            return false;
        }
        int oldLeaf = tail - count * Dir2Block.LEAF_ENTRY_SIZE;
        int newLeaf = oldLeaf - Dir2Block.LEAF_ENTRY_SIZE;
        int last = u16(b, oldLeaf - 2);
        boolean lastFree = u16(b, last + Dir2Block.OFF_UNUSED_FREETAG) == Dir2Block.FREE_TAG;
        if (!lastFree || last > newLeaf) {
            return false;
        }
        int need = Dir2Sf.dataEntsize(name.length, ftype);
        int off = Dir2Data.findFree(b, newLeaf, need, ftype);
        if (off < 0) {
            return false;
        }
        if (last < newLeaf) {
            Dir2Data.putUnused(b, last, newLeaf - last);
            logUnused(tp, bp, last);
        }
        int end = Dir2Data.regionEnd(b, off, ftype);
        Dir2Data.useFree(b, off, end, name, ino, ft, ftype);
        logUse(tp, bp, off, need, end);
        long key = DaHash.hashname(name) << 32 | (off >>> Dir2Block.DATA_ALIGN_LOG);
        int lo = 0, hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int q = oldLeaf + mid * Dir2Block.LEAF_ENTRY_SIZE;
            if (Long.compareUnsigned(u32(b, q) << 32 | u32(b, q + 4), key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        System.arraycopy(b, oldLeaf, b, newLeaf, lo * Dir2Block.LEAF_ENTRY_SIZE);
        int q = newLeaf + lo * Dir2Block.LEAF_ENTRY_SIZE;
        putU32(b, q, key >>> 32);
        putU32(b, q + 4, key & 0xffffffffL);
        putU32(b, tail, count + 1);
        Dir2Data.freescan(b, newLeaf, ftype);
        tp.logBuf(bp, newLeaf, q + Dir2Block.LEAF_ENTRY_SIZE - 1);
        tp.logBuf(bp, tail, tail + Dir2Block.TAIL_SIZE - 1);
        logHeader(tp, bp);
        return true;
    }

    /**
     * The common case of xfs_dir2_block_removename, in the block as it is: the entry becomes unused
     * (xfs_dir2_data_make_free), its leaf entry goes with the leaf entries above it moving up a slot (jxfs keeps no
     * stale entries), the slot freed joins the data area, and bestfree is rescanned. False, changing nothing, for a
     * block with stale leaf entries or one whose entries may fit the inode (it goes to short form).
     */
    private boolean blockRemoveInPlace(Trans tp, Inode dp, XfsBuf bp, byte[] name, int off) {
        byte[] b = bp.data();
        int tail = Dir2Block.tailOff(b.length);
        int count = (int) u32(b, tail);
        if (u32(b, tail + 4) != 0 || mayFitShortForm(dp, b, tail - count * Dir2Block.LEAF_ENTRY_SIZE, off)) {
            return false;
        }
        int oldLeaf = tail - count * Dir2Block.LEAF_ENTRY_SIZE;
        long hash = DaHash.hashname(name);
        long addr = off >>> Dir2Block.DATA_ALIGN_LOG;
        int idx = -1;
        for (int i = 0; i < count; i++) {
            int q = oldLeaf + i * Dir2Block.LEAF_ENTRY_SIZE;
            if (u32(b, q + 4) == addr && u32(b, q) == hash) {
                idx = i;
                break;
            }
        }
        if (idx < 0) {
            return false;
        }
        int freed = Dir2Data.makeFree(b, off, oldLeaf, ftype);
        logUnused(tp, bp, freed);
        System.arraycopy(b, oldLeaf, b, oldLeaf + Dir2Block.LEAF_ENTRY_SIZE, idx * Dir2Block.LEAF_ENTRY_SIZE);
        int newLeaf = oldLeaf + Dir2Block.LEAF_ENTRY_SIZE;
        if (idx > 0) {
            tp.logBuf(bp, newLeaf, newLeaf + idx * Dir2Block.LEAF_ENTRY_SIZE - 1);
        }
        int last = u16(b, oldLeaf - 2);
        int start = u16(b, last + Dir2Block.OFF_UNUSED_FREETAG) == Dir2Block.FREE_TAG ? last : oldLeaf;
        Dir2Data.putUnused(b, start, newLeaf - start);
        logUnused(tp, bp, start);
        putU32(b, tail, count - 1);
        tp.logBuf(bp, tail, tail + Dir2Block.TAIL_SIZE - 1);
        Dir2Data.freescan(b, newLeaf, ftype);
        logHeader(tp, bp);
        return true;
    }

    /**
     * False when the block's entries, less the one at {@code gone}, cannot fit the inode in short form: more
     * than {@link Dir2Sf#MAX_COUNT}, or more bytes than the fork even with 4-byte inode numbers. True means they
     * might, and the caller decodes to find out.
     */
    private boolean mayFitShortForm(Inode dp, byte[] b, int end, int gone) {
        int n = 0;
        int size = Dir2Sf.hdrSize(0);
        int p = Dir2Block.HDR_SIZE;
        while (p < end) {
            if (u16(b, p + Dir2Block.OFF_UNUSED_FREETAG) == Dir2Block.FREE_TAG) {
                p += u16(b, p + Dir2Block.OFF_UNUSED_LENGTH);
                continue;
            }
            int namelen = u8(b, p + Dir2Block.OFF_ENT_NAMELEN);
            if (p != gone && p != Dir2Block.DOT_OFFSET && p != Dir2Block.DOTDOT_OFFSET) {
                n++;
                size += Dir2Sf.entsize(namelen, ftype, false);
            }
            p += Dir2Sf.dataEntsize(namelen, ftype);
        }
        return n <= Dir2Sf.MAX_COUNT && size <= dp.dataForkSize();
    }

    /**
     * Ports xfs_dir3_data_init: the directory's data space grows by one block, written as an empty data block
     * and logged whole; returns the block's buffer, {@code db} its directory block number.
     */
    XfsBuf newDataBlock(Trans tp, Inode dp, long db) throws XfsException {
        XfsBuf dbp = blocks.get(tp, dp, geo.dbToDa(db), DirBlockOps.INSTANCE);
        Dir2Data.write(dbp.data(), Dir2Data.DATA_MAGIC, dbp.daddr(), mp.metaUuid(), dp.ino, List.of(), geo.blksize,
                ftype);
        tp.logBuf(dbp, 0, dbp.length() - 1);
        return dbp;
    }

    /**
     * Ports the data block half of xfs_dir2_leaf_addname / xfs_dir2_node_addname_int in the block as it is: the
     * entry goes into the first unused region that holds it (xfs_dir2_data_use_free), bestfree is rescanned and
     * the changed bytes logged. Returns the entry's offset, or -1 (nothing changed) when no region holds it.
     */
    int dataAdd(Trans tp, XfsBuf bp, byte[] name, long ino, int ft) {
        byte[] b = bp.data();
        int off = Dir2Data.findFree(b, b.length, Dir2Sf.dataEntsize(name.length, ftype), ftype);
        if (off < 0) {
            return -1;
        }
        int end = Dir2Data.regionEnd(b, off, ftype);
        Dir2Data.useFree(b, off, end, name, ino, ft, ftype);
        Dir2Data.freescan(b, b.length, ftype);
        logUse(tp, bp, off, Dir2Sf.dataEntsize(name.length, ftype), end);
        logHeader(tp, bp);
        return off;
    }

    /** Ports xfs_dir2_data_log_header for a data area: the bestfree array. */
    private static void logHeader(Trans tp, XfsBuf bp) {
        tp.logBuf(bp, Dir2Block.OFF_BESTFREE, Dir2Block.OFF_PAD - 1);
    }

    /**
     * Logs what {@link Dir2Data#useFree} changed (xfs_dir2_data_log_entry, then xfs_dir2_data_log_unused for what
     * is left of the region): the entry of {@code size} bytes at {@code off}, and when the region ending at
     * {@code end} goes on after it, that region's header and tag.
     */
    private static void logUse(Trans tp, XfsBuf bp, int off, int size, int end) {
        if (off + size < end) {
            tp.logBuf(bp, off, off + size + Dir2Data.UNUSED_HDR_SIZE - 1);
            tp.logBuf(bp, end - 2, end - 1);
        } else {
            tp.logBuf(bp, off, off + size - 1);
        }
    }

    /** Ports xfs_dir2_data_log_unused: the header and tag of the unused region at {@code start}. */
    private static void logUnused(Trans tp, XfsBuf bp, int start) {
        int end = start + u16(bp.data(), start + Dir2Block.OFF_UNUSED_LENGTH);
        tp.logBuf(bp, start, start + Dir2Data.UNUSED_HDR_SIZE - 1);
        tp.logBuf(bp, end - 2, end - 1);
    }

    /**
     * Ports the data block half of xfs_dir2_leaf_removename / xfs_dir2_node_removename in the block as it is: the
     * entry at {@code off} becomes unused (xfs_dir2_data_make_free) and bestfree is rescanned. Returns true when
     * that leaves the block without entries, in which case nothing is logged: the caller frees the block.
     */
    boolean dataRemove(Trans tp, XfsBuf bp, int off) {
        byte[] b = bp.data();
        int start = Dir2Data.makeFree(b, off, b.length, ftype);
        if (Dir2Data.isEmpty(b, b.length)) {
            return true;
        }
        Dir2Data.freescan(b, b.length, ftype);
        logUnused(tp, bp, start);
        logHeader(tp, bp);
        return false;
    }

    /** Ports the test of xfs_dir2_block_sfsize against the literal area: these entries fit in the inode. */
    boolean fitsShortForm(Inode dp, Contents c) {
        return c.entries().size() <= Dir2Sf.MAX_COUNT
                && Dir2Sf.size(c.parent(), c.entries(), ftype) <= dp.dataForkSize();
    }

    /** Ports xfs_dir2_block_to_sf: the block is unmapped (freed at commit) and the entries go into the inode. */
    void blockToSf(Trans tp, Inode dp, XfsBuf bp, Contents c) throws XfsException {
        blocks.shrink(tp, dp, 0, bp);
        assert dp.nextents == 0 : "block directory " + dp.ino + " still maps " + dp.nextents + " extents";
        dp.format = Dinode.FMT_LOCAL;
        if (dp.dataFork == null || dp.dataFork.length != dp.dataForkSize()) {
            dp.dataFork = new byte[dp.dataForkSize()];
        }
        writeSf(dp, c.parent(), c.entries());
    }
}
