// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.jxfs.core.format.BigEndian.putU16;
import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.u16;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.format.Dir2SfEntry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.trans.Trans;

/**
 * Leaf directories (xfs_dir2_leaf.c): data blocks from offset 0 and one LEAF1 block at the start of the leaf space
 * holding every name's {hash, address} sorted by hash, then the bests array (each data block's longest free
 * region) and the leaf tail. Also the conversions at its two edges: from a block directory
 * (xfs_dir2_block_to_leaf) and back (xfs_dir2_leaf_to_block), and on to a node directory (xfs_dir2_leaf_to_node).
 */
final class Dir2Leaf {
    private final Dir2 dir;
    private final Dir2Node node;
    private final DirBlocks blocks;
    private final DirGeo geo;
    private final byte[] uuid;

    Dir2Leaf(Dir2 dir, Dir2Node node) {
        this.dir = dir;
        this.node = node;
        this.blocks = dir.blocks;
        this.geo = dir.geo;
        this.uuid = dir.mp.metaUuid();
    }

    private XfsBuf readLeaf(Trans tp, Inode dp) throws XfsException {
        return blocks.readMapped(tp, dp, geo.leafblk, DaNodeOps.INSTANCE);
    }

    /**
     * The leaf of a leaf directory, decoded and checked against its bests table before an update trusts it: every
     * live entry's data block has a best (xfs_dir2_leaf_addname ASSERTs it and indexes the table with it), and the
     * table covers no block past the data space (xfs_repair's longform_dir2_check_leaf: bestcount is the number of
     * data blocks). The leaf verifier only sees that the table does not overlap the entries.
     */
    private DaBlk decodeLeaf1(Inode dp, XfsBuf lbp) throws XfsException {
        DaBlk leaf = DaBlk.decode(lbp.data());
        long dataBlocks = dp.size / geo.blksize;
        if (leaf.bests.length > dataBlocks) {
            throw leafCorrupt(dp, "bestcount " + leaf.bests.length + " exceeds the " + dataBlocks + " data blocks");
        }
        for (int i = 0; i < leaf.count; i++) {
            long db = geo.dataptrToDb(leaf.ents[i] & 0xffffffffL);
            if (db >= leaf.bests.length) {
                throw leafCorrupt(dp, "entry " + i + " in data block " + db + " past bestcount " + leaf.bests.length);
            }
        }
        return leaf;
    }

    private static FsCorruptedException leafCorrupt(Inode dp, String check) {
        return new FsCorruptedException("Metadata corruption detected: directory inode " + dp.ino + ": leaf block "
                + check);
    }

    private void writeLeaf(Trans tp, Inode dp, XfsBuf lbp, DaBlk leaf) {
        leaf.encode(lbp.data(), lbp.daddr(), uuid, dp.ino);
        tp.logBuf(lbp, 0, lbp.length() - 1);
    }

    /** Ports xfs_dir2_leaf_lookup_int: the leaf entries of the name's hash, each checked against its data block. */
    Dir2.Found lookup(Trans tp, Inode dp, byte[] name) throws XfsException {
        byte[] leaf = readLeaf(tp, dp).data();
        long hash = DaHash.hashname(name);
        int n = DaBlk.count(leaf);
        for (int i = DaBlk.searchHash(leaf, n, hash); i < n && DaBlk.hash(leaf, i) == hash; i++) {
            long addr = DaBlk.ptr(leaf, i);
            if (addr == Dir2Block.NULL_DATAPTR) {
                continue;
            }
            Dir2.Found f = dir.entryIfNamed(tp, dp, geo.dataptrToDb(addr), geo.dataptrToOff(addr), name);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /**
     * Ports xfs_dir2_block_to_leaf: the block's leaf moves out into a new LEAF1 block, and the block becomes the
     * first data block, its old leaf and tail free space.
     */
    void blockToLeaf(Trans tp, Inode dp, XfsBuf dbp, List<Dir2SfEntry> placed) throws XfsException {
        long ldb = blocks.grow(tp, dp, DirGeo.LEAF_SPACE);
        assert ldb == geo.leafFirstDb() : "leaf block at " + ldb;
        Dir2Data.write(dbp.data(), Dir2Data.DATA_MAGIC, dbp.daddr(), uuid, dp.ino, placed, geo.blksize, dir.ftype);
        tp.logBuf(dbp, 0, dbp.length() - 1);
        DaBlk leaf = DaBlk.empty(DaBlk.LEAF1_MAGIC, 0);
        for (Dir2SfEntry e : placed) {
            long ent = DaHash.hashname(e.name()) << 32 | geo.dbOffToDataptr(0, e.offset());
            leaf.insert(leaf.searchHash(ent >>> 32), ent);
        }
        leaf.bests = new int[] {Dir2Data.bestfree0(dbp.data())};
        writeLeaf(tp, dp, blocks.get(tp, dp, geo.leafblk, DaNodeOps.INSTANCE), leaf);
    }

    /**
     * Ports xfs_dir2_leaf_addname: into the last data block with room (the bests array scanned from the end), or a
     * new data block (the first hole in the data space); a leaf with no room for one more entry and best makes
     * the directory a node directory first.
     */
    void addname(Trans tp, Inode dp, byte[] name, long ino, int ft) throws XfsException {
        XfsBuf lbp = readLeaf(tp, dp);
        if (addInPlace(tp, dp, lbp, name, ino, ft)) {
            return;
        }
        DaBlk leaf = decodeLeaf1(dp, lbp);
        int need = Dir2Sf.dataEntsize(name.length, dir.ftype);
        int use = -1;
        for (int i = leaf.bests.length - 1; i >= 0; i--) {
            if (leaf.bests[i] != DirGeo.NULLDATAOFF && leaf.bests[i] >= need) {
                use = i;
                break;
            }
        }
        int growBests = use < 0 ? 1 : 0;
        if (leaf.bytesUsed() + DaBlk.ENTRY_SIZE + growBests * DaBlk.BEST_SIZE > geo.blksize) {
            leafToNode(tp, dp, lbp, leaf);
            node.addname(tp, dp, name, ino, ft);
            return;
        }
        long db;
        XfsBuf dbp;
        List<Dir2SfEntry> placed;
        if (use < 0) {
            db = blocks.grow(tp, dp, DirGeo.DATA_SPACE);
            dbp = blocks.get(tp, dp, geo.dbToDa(db), DirBlockOps.INSTANCE);
            placed = new ArrayList<>();
            if (db >= leaf.bests.length) {
                int old = leaf.bests.length;
                leaf.bests = Arrays.copyOf(leaf.bests, (int) db + 1);
                Arrays.fill(leaf.bests, old, (int) db + 1, DirGeo.NULLDATAOFF);
            }
        } else {
            db = use;
            dbp = blocks.readMapped(tp, dp, geo.dbToDa(db), DirBlockOps.INSTANCE);
            placed = Dir2Data.entries(dbp.data(), geo.blksize, dir.ftype);
        }
        int off = Dir2Data.findSpace(placed, need, geo.blksize, dir.ftype);
        assert off >= 0 : "data block " + db + " has no room for " + need;
        Dir2Data.insert(placed, new Dir2SfEntry(name, off, ft, ino));
        Dir2Data.write(dbp.data(), Dir2Data.DATA_MAGIC, dbp.daddr(), uuid, dp.ino, placed, geo.blksize, dir.ftype);
        tp.logBuf(dbp, 0, dbp.length() - 1);
        leaf.bests[(int) db] = Dir2Data.bestfree0(dbp.data());
        long ent = DaHash.hashname(name) << 32 | geo.dbOffToDataptr(db, off);
        leaf.insert(leaf.searchHash(ent >>> 32), ent);
        writeLeaf(tp, dp, lbp, leaf);
    }

    /**
     * Ports xfs_dir2_leaf_removename: the data entry and its leaf entry go; a data block left empty is freed (it is
     * never the first, which holds "." and ".."), trailing holes leave the bests array, and a directory whose one
     * data block can take the leaf back becomes a block directory.
     */
    void removename(Trans tp, Inode dp, byte[] name, Dir2.Found f) throws XfsException {
        XfsBuf lbp = readLeaf(tp, dp);
        if (removeInPlace(tp, dp, lbp, name, f)) {
            return;
        }
        DaBlk leaf = decodeLeaf1(dp, lbp);
        int i = leaf.indexOf(DaHash.hashname(name) << 32 | geo.dbOffToDataptr(f.db(), f.off()));
        assert i >= 0 : "leaf entry of a found name";
        leaf.remove(i);
        XfsBuf dbp = blocks.readMapped(tp, dp, geo.dbToDa(f.db()), DirBlockOps.INSTANCE);
        List<Dir2SfEntry> placed = Dir2Data.entries(dbp.data(), geo.blksize, dir.ftype);
        placed.removeIf(e -> e.offset() == f.off());
        int db = (int) f.db();
        if (placed.isEmpty()) {
            assert db != 0 : "the first data block emptied";
            blocks.shrink(tp, dp, db, dbp);
            leaf.bests[db] = DirGeo.NULLDATAOFF;
            int n = leaf.bests.length;
            while (n > 1 && leaf.bests[n - 1] == DirGeo.NULLDATAOFF) {
                n--;
            }
            leaf.bests = Arrays.copyOf(leaf.bests, n);
        } else {
            Dir2Data.write(dbp.data(), Dir2Data.DATA_MAGIC, dbp.daddr(), uuid, dp.ino, placed, geo.blksize,
                    dir.ftype);
            tp.logBuf(dbp, 0, dbp.length() - 1);
            leaf.bests[db] = Dir2Data.bestfree0(dbp.data());
        }
        if (!leafToBlock(tp, dp, lbp, leaf.bests.length)) {
            writeLeaf(tp, dp, lbp, leaf);
        }
    }

    /**
     * {@link #decodeLeaf1}'s checks on the block as it is, for a leaf without stale entries: bestcount within the
     * data blocks and every entry's data block below it. False when the leaf has stale entries (the decoding path
     * takes it); corruption is thrown.
     */
    private boolean checkLeaf1(Inode dp, byte[] b) throws XfsException {
        if (DaBlk.stale(b) != 0) {
            return false;
        }
        long bc = DaBlk.bestcount(b);
        long dataBlocks = dp.size / geo.blksize;
        if (bc > dataBlocks) {
            throw leafCorrupt(dp, "bestcount " + bc + " exceeds the " + dataBlocks + " data blocks");
        }
        int n = DaBlk.count(b);
        for (int i = 0; i < n; i++) {
            long db = geo.dataptrToDb(DaBlk.ptr(b, i));
            if (db >= bc) {
                throw leafCorrupt(dp, "entry " + i + " in data block " + db + " past bestcount " + bc);
            }
        }
        return true;
    }

    /** Offset of bests[0] in a LEAF1 block of {@code bc} bests (xfs_dir2_leaf_bests_p). */
    private static int bestsOff(byte[] b, int bc) {
        return b.length - DaBlk.LEAF_TAIL_SIZE - bc * DaBlk.BEST_SIZE;
    }

    /**
     * {@link #addname} in the blocks as they are, when the leaf has no stale entries and room for one more entry
     * (and best): the data block's part is {@link Dir2#dataAdd}'s, a new data block's best grows the bests array
     * down into the free middle of the leaf, and the leaf entry goes in at its hash's place. The bytes are those
     * of the decoding path. False, changing nothing, otherwise.
     */
    private boolean addInPlace(Trans tp, Inode dp, XfsBuf lbp, byte[] name, long ino, int ft)
            throws XfsException {
        byte[] b = lbp.data();
        if (DaBlk.magic(b) != DaBlk.LEAF1_MAGIC || !checkLeaf1(dp, b)) {
            return false;
        }
        int n = DaBlk.count(b);
        int bc = (int) DaBlk.bestcount(b);
        int need = Dir2Sf.dataEntsize(name.length, dir.ftype);
        int use = -1;
        for (int i = bc - 1; i >= 0; i--) {
            int best = u16(b, bestsOff(b, bc) + i * DaBlk.BEST_SIZE);
            if (best != DirGeo.NULLDATAOFF && best >= need) {
                use = i;
                break;
            }
        }
        int growBests = use < 0 ? 1 : 0;
        if (DaBlk.HDR_SIZE + (n + 1) * DaBlk.ENTRY_SIZE + (bc + growBests) * DaBlk.BEST_SIZE
                + DaBlk.LEAF_TAIL_SIZE > geo.blksize) {
            return false;
        }
        long db;
        XfsBuf dbp;
        boolean bestsMoved = false;
        if (use < 0) {
            db = blocks.grow(tp, dp, DirGeo.DATA_SPACE);
            dbp = dir.newDataBlock(tp, dp, db);
            if (db >= bc) {
                int grown = (int) db + 1;
                System.arraycopy(b, bestsOff(b, bc), b, bestsOff(b, grown), bc * DaBlk.BEST_SIZE);
                for (int i = bc; i < grown; i++) {
                    putU16(b, bestsOff(b, grown) + i * DaBlk.BEST_SIZE, DirGeo.NULLDATAOFF);
                }
                putU32(b, b.length - DaBlk.LEAF_TAIL_SIZE, grown);
                bc = grown;
                bestsMoved = true;
            }
        } else {
            db = use;
            dbp = blocks.readMapped(tp, dp, geo.dbToDa(db), DirBlockOps.INSTANCE);
        }
        int off = dir.dataAdd(tp, dbp, name, ino, ft);
        if (off < 0) {
            throw leafCorrupt(dp, "best of data block " + db + " promises room its block does not have");
        }
        putU16(b, bestsOff(b, bc) + (int) db * DaBlk.BEST_SIZE, Dir2Data.bestfree0(dbp.data()));
        logBests(tp, lbp, bc, bestsMoved ? 0 : (int) db, bestsMoved ? bc - 1 : (int) db);
        long ent = DaHash.hashname(name) << 32 | geo.dbOffToDataptr(db, off);
        int i = DaBlk.searchHash(b, n, ent >>> 32);
        int at = DaBlk.HDR_SIZE + i * DaBlk.ENTRY_SIZE;
        System.arraycopy(b, at, b, at + DaBlk.ENTRY_SIZE, (n - i) * DaBlk.ENTRY_SIZE);
        DaBlk.putEntry(b, i, ent);
        DaBlk.putCount(b, n + 1);
        DaBtree.logHdrAndEntries(tp, lbp, i, n + 1);
        return true;
    }

    /**
     * Ports xfs_dir3_leaf_log_bests for bests {@code [first, last]} of a LEAF1 with {@code bc} of them, and
     * xfs_dir3_leaf_log_tail.
     */
    private static void logBests(Trans tp, XfsBuf lbp, int bc, int first, int last) {
        byte[] b = lbp.data();
        tp.logBuf(lbp, bestsOff(b, bc) + first * DaBlk.BEST_SIZE, bestsOff(b, bc) + last * DaBlk.BEST_SIZE + 1);
        tp.logBuf(lbp, b.length - DaBlk.LEAF_TAIL_SIZE, b.length - 1);
    }

    /**
     * {@link #removename} in the blocks as they are, for a leaf without stale entries: the leaf entry goes (the
     * entries after it moving down a slot), the data entry through {@link Dir2#dataRemove}, an emptied data
     * block is freed and trailing holes leave the bests array (moving it up, its old bytes zeroed). A directory
     * left with one data block is handed to {@link #leafToBlock}. False, changing nothing, for a leaf with stale
     * entries or a name not found in it.
     */
    private boolean removeInPlace(Trans tp, Inode dp, XfsBuf lbp, byte[] name, Dir2.Found f)
            throws XfsException {
        byte[] b = lbp.data();
        if (DaBlk.magic(b) != DaBlk.LEAF1_MAGIC || !checkLeaf1(dp, b)) {
            return false;
        }
        int n = DaBlk.count(b);
        long hash = DaHash.hashname(name);
        long addr = geo.dbOffToDataptr(f.db(), f.off());
        int i = DaBlk.removeEntry(b, n, hash, addr);
        if (i < 0) {
            return false;
        }
        DaBtree.logHdrAndEntries(tp, lbp, i, n);
        int db = (int) f.db();
        int bc = (int) DaBlk.bestcount(b);
        XfsBuf dbp = blocks.readMapped(tp, dp, geo.dbToDa(db), DirBlockOps.INSTANCE);
        if (dir.dataRemove(tp, dbp, f.off())) {
            assert db != 0 : "the first data block emptied";
            blocks.shrink(tp, dp, db, dbp);
            putU16(b, bestsOff(b, bc) + db * DaBlk.BEST_SIZE, DirGeo.NULLDATAOFF);
            int keep = bc;
            while (keep > 1 && u16(b, bestsOff(b, bc) + (keep - 1) * DaBlk.BEST_SIZE) == DirGeo.NULLDATAOFF) {
                keep--;
            }
            if (keep < bc) {
                int was = bestsOff(b, bc);
                System.arraycopy(b, bestsOff(b, bc), b, bestsOff(b, keep), keep * DaBlk.BEST_SIZE);
                Arrays.fill(b, bestsOff(b, bc), bestsOff(b, keep), (byte) 0);
                putU32(b, b.length - DaBlk.LEAF_TAIL_SIZE, keep);
                bc = keep;
                tp.logBuf(lbp, was, bestsOff(b, bc) - 1);
                logBests(tp, lbp, bc, 0, bc - 1);
            } else {
                logBests(tp, lbp, bc, db, db);
            }
        } else {
            putU16(b, bestsOff(b, bc) + db * DaBlk.BEST_SIZE, Dir2Data.bestfree0(dbp.data()));
            logBests(tp, lbp, bc, db, db);
        }
        leafToBlock(tp, dp, lbp, bc);
        return true;
    }

    /**
     * Ports xfs_dir2_leaf_to_block: with only the first data block left and room at its end for the leaf entries
     * and the block tail, the leaf moves back into it and the leaf block is freed; a block whose entries fit the
     * inode goes on to short form (xfs_dir2_block_to_sf). False when it does not apply.
     */
    private boolean leafToBlock(Trans tp, Inode dp, XfsBuf lbp, int bestcount) throws XfsException {
        if (bestcount > 1) {
            return false;
        }
        XfsBuf dbp = blocks.readMapped(tp, dp, 0, DirBlockOps.INSTANCE);
        if (!Dir2Block.mayFit(dbp.data(), geo.blksize, dir.ftype)) {
            return false;
        }
        List<Dir2SfEntry> placed = Dir2Data.entries(dbp.data(), geo.blksize, dir.ftype);
        if (!Dir2Block.fits(placed, geo.blksize, dir.ftype)) {
            return false;
        }
        blocks.shrink(tp, dp, geo.leafFirstDb(), lbp);
        dp.setSize(geo.blksize);
        Dir2.Contents c = Dir2.contents(placed);
        if (dir.fitsShortForm(dp, c)) {
            dir.blockToSf(tp, dp, dbp, c);
            return true;
        }
        Dir2Block.write(dbp.data(), dbp.daddr(), uuid, dp.ino, placed, dir.ftype);
        tp.logBuf(dbp, 0, dbp.length() - 1);
        return true;
    }

    /**
     * Ports xfs_dir2_leaf_to_node: the bests move out to the first free index block and the leaf, in place,
     * becomes the single LEAFN of a node directory.
     */
    private void leafToNode(Trans tp, Inode dp, XfsBuf lbp, DaBlk leaf) throws XfsException {
        long fdb = geo.freeFirstDb();
        blocks.growAt(tp, dp, geo.dbToDa(fdb));
        XfsBuf fbp = blocks.get(tp, dp, geo.dbToDa(fdb), DirFreeOps.INSTANCE);
        Dir2Free free = new Dir2Free();
        free.firstdb = 0;
        free.bests = new int[0];
        for (int i = 0; i < leaf.bests.length; i++) {
            free.set(i, leaf.bests[i]);
        }
        free.encode(fbp.data(), fbp.daddr(), uuid, dp.ino);
        tp.logBuf(fbp, 0, fbp.length() - 1);
        leaf.magic = DaBlk.LEAFN_MAGIC;
        leaf.bests = null;
        writeLeaf(tp, dp, lbp, leaf);
    }

    /**
     * Ports xfs_dir2_node_to_leaf: a node directory whose hash index is one LEAFN and whose free index is one
     * block, when the leaf entries and the bests fit in one block, becomes a leaf directory again.
     */
    boolean nodeToLeaf(Trans tp, Inode dp) throws XfsException {
        XfsBuf lbp = readLeaf(tp, dp);
        if (DaBlk.magic(lbp.data()) != DaBlk.LEAFN_MAGIC) {
            return false;
        }
        DaBlk leaf = DaBlk.decode(lbp.data());
        if (leaf.magic != DaBlk.LEAFN_MAGIC
                || !blocks.mappedBlocks(dp, geo.freeFirstDb() + 1, Long.MAX_VALUE / geo.fsbcount / 2).isEmpty()) {
            return false;
        }
        long fda = geo.dbToDa(geo.freeFirstDb());
        XfsBuf fbp = blocks.readMapped(tp, dp, fda, DirFreeOps.INSTANCE);
        Dir2Free free = Dir2Free.decode(fbp.data());
        int bestcount = free.bests.length;
        if (DaBlk.HDR_SIZE + leaf.count * DaBlk.ENTRY_SIZE + bestcount * DaBlk.BEST_SIZE + DaBlk.LEAF_TAIL_SIZE
                > geo.blksize) {
            return false;
        }
        blocks.shrink(tp, dp, geo.freeFirstDb(), fbp);
        leaf.magic = DaBlk.LEAF1_MAGIC;
        leaf.bests = Arrays.copyOf(free.bests, bestcount);
        writeLeaf(tp, dp, lbp, leaf);
        return true;
    }
}
