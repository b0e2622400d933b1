// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

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
        if (!leafToBlock(tp, dp, lbp, leaf)) {
            writeLeaf(tp, dp, lbp, leaf);
        }
    }

    /**
     * Ports xfs_dir2_leaf_to_block: with only the first data block left and room at its end for the leaf entries
     * and the block tail, the leaf moves back into it and the leaf block is freed; a block whose entries fit the
     * inode goes on to short form (xfs_dir2_block_to_sf). False when it does not apply.
     */
    private boolean leafToBlock(Trans tp, Inode dp, XfsBuf lbp, DaBlk leaf) throws XfsException {
        if (leaf.bests.length > 1) {
            return false;
        }
        XfsBuf dbp = blocks.readMapped(tp, dp, 0, DirBlockOps.INSTANCE);
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
