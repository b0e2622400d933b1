// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.trans.Trans;

/**
 * Node directories (xfs_dir2_node.c): data blocks from offset 0, the hash index as a da btree of LEAFN blocks
 * ({@link DaBtree}) in the leaf space, and free index blocks in the free space, each describing
 * {@code free_max_bests} data blocks by their longest free region. A data block left empty is freed, and a free
 * index block left describing nothing with it (xfs_dir2_data_block_free).
 */
final class Dir2Node {
    private final Dir2 dir;
    private final DirBlocks blocks;
    private final DirGeo geo;
    private final DaBtree btree;
    private final byte[] uuid;
    private Dir2Leaf leaf;

    Dir2Node(Dir2 dir) {
        this.dir = dir;
        this.blocks = dir.blocks;
        this.geo = dir.geo;
        this.btree = new DaBtree(blocks);
        this.uuid = dir.mp.metaUuid();
    }

    void setLeaf(Dir2Leaf leaf) {
        this.leaf = leaf;
    }

    /** Ports xfs_dir2_node_lookup: the hash btree's entries of the name's hash, each checked against its data. */
    Dir2.Found lookup(Trans tp, Inode dp, byte[] name) throws XfsException {
        for (long ent : btree.entriesWithHash(tp, dp, DaHash.hashname(name))) {
            long addr = ent & 0xffffffffL;
            Dir2.Found f = dir.entryIfNamed(tp, dp, geo.dataptrToDb(addr), geo.dataptrToOff(addr), name);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private XfsBuf readFree(Trans tp, Inode dp, long fdb) throws XfsException {
        XfsBuf fbp = blocks.read(tp, dp, geo.dbToDa(fdb), DirFreeOps.INSTANCE);
        if (fbp != null) {
            long firstdb = Dir2Free.firstdb(fbp.data());
            if (firstdb != (fdb - geo.freeFirstDb()) * geo.freeMaxBests) {
                throw new FsCorruptedException("Metadata corruption detected: directory inode " + dp.ino
                        + ": free block " + fdb + " has firstdb " + firstdb);
            }
        }
        return fbp;
    }

    private void writeFree(Trans tp, Inode dp, XfsBuf fbp, Dir2Free free) {
        free.encode(fbp.data(), fbp.daddr(), uuid, dp.ino);
        tp.logBuf(fbp, 0, fbp.length() - 1);
    }

    /**
     * Ports xfs_dir2_node_addname (xfs_dir2_node_find_freeblk + xfs_dir2_node_add_datablk): the last data block the
     * free index says has room, or a new one at the first hole of the data space, whose free index block is made
     * when it is the first that block describes; then the name's hash goes into the btree.
     */
    void addname(Trans tp, Inode dp, byte[] name, long ino, int ft) throws XfsException {
        int need = Dir2Sf.dataEntsize(name.length, dir.ftype);
        long db = -1;
        List<Long> fdbs = blocks.mappedBlocks(dp, geo.freeFirstDb(), Long.MAX_VALUE / geo.fsbcount / 2);
        for (int k = fdbs.size() - 1; k >= 0 && db < 0; k--) {
            XfsBuf fbp = readFree(tp, dp, fdbs.get(k));
            int i = Dir2Free.lastWithRoom(fbp.data(), need);
            if (i >= 0) {
                db = Dir2Free.firstdb(fbp.data()) + i;
            } else {
                tp.brelse(fbp);
            }
        }
        XfsBuf dbp;
        if (db < 0) {
            db = blocks.grow(tp, dp, DirGeo.DATA_SPACE);
            dbp = dir.newDataBlock(tp, dp, db);
        } else {
            dbp = blocks.readMapped(tp, dp, geo.dbToDa(db), DirBlockOps.INSTANCE);
        }
        int off = dir.dataAdd(tp, dbp, name, ino, ft);
        if (off < 0) {
            throw new FsCorruptedException("Metadata corruption detected: directory inode " + dp.ino
                    + ": data block " + db + " has no room for " + need + " bytes its free index promised");
        }
        setBest(tp, dp, db, Dir2Data.bestfree0(dbp.data()));
        btree.insert(tp, dp, DaHash.hashname(name) << 32 | geo.dbOffToDataptr(db, off));
    }

    /**
     * Records data block {@code db}'s longest free region in its free index block, making the block when it is
     * the first data block it describes; a hole ({@code NULLDATAOFF}) that leaves the block describing nothing
     * frees it.
     */
    private void setBest(Trans tp, Inode dp, long db, int best) throws XfsException {
        long fdb = geo.dbToFdb(db);
        XfsBuf fbp = readFree(tp, dp, fdb);
        Dir2Free free;
        if (fbp == null) {
            assert best != DirGeo.NULLDATAOFF;
            blocks.growAt(tp, dp, geo.dbToDa(fdb));
            fbp = blocks.get(tp, dp, geo.dbToDa(fdb), DirFreeOps.INSTANCE);
            free = new Dir2Free();
            free.firstdb = (fdb - geo.freeFirstDb()) * geo.freeMaxBests;
            free.bests = new int[0];
        } else {
            int i = geo.dbToFdindex(db);
            int oldNvalid = Dir2Free.nvalid(fbp.data());
            if (Dir2Free.setInPlace(fbp.data(), i, best) == 0) {
                blocks.shrink(tp, dp, fdb, fbp);
            } else {
                // xfs_dir2_free_log_header, and xfs_dir2_free_log_bests over the bests that changed
                int from = Math.min(i, Math.min(oldNvalid, Dir2Free.nvalid(fbp.data())));
                tp.logBuf(fbp, Dir2Free.OFF_NVALID, Dir2Free.OFF_BESTS - 1);
                tp.logBuf(fbp, Dir2Free.OFF_BESTS + from * Dir2Free.BEST_SIZE,
                        Dir2Free.OFF_BESTS + Math.max(i + 1, oldNvalid) * Dir2Free.BEST_SIZE - 1);
            }
            return;
        }
        free.set(geo.dbToFdindex(db), best);
        writeFree(tp, dp, fbp, free);
    }

    /**
     * Ports xfs_dir2_node_removename: the data entry goes (its block freed when emptied, xfs_dir2_data_block_free),
     * then its hash from the btree (joining blocks as they empty), and a directory left with one LEAFN and one free
     * block becomes a leaf directory (xfs_dir2_node_to_leaf).
     */
    void removename(Trans tp, Inode dp, byte[] name, Dir2.Found f) throws XfsException {
        XfsBuf dbp = blocks.readMapped(tp, dp, geo.dbToDa(f.db()), DirBlockOps.INSTANCE);
        if (dir.dataRemove(tp, dbp, f.off())) {
            blocks.shrink(tp, dp, f.db(), dbp);
            setBest(tp, dp, f.db(), DirGeo.NULLDATAOFF);
        } else {
            setBest(tp, dp, f.db(), Dir2Data.bestfree0(dbp.data()));
        }
        if (!btree.remove(tp, dp, DaHash.hashname(name) << 32 | geo.dbOffToDataptr(f.db(), f.off()))) {
            throw new FsCorruptedException("Metadata corruption detected: directory inode " + dp.ino
                    + ": no hash entry for " + new String(name, StandardCharsets.UTF_8));
        }
        leaf.nodeToLeaf(tp, dp);
    }
}
