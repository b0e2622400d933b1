// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.trans.Trans;

/**
 * The hash btree of a node directory (xfs_da_btree.c): da nodes over LEAFN blocks, rooted at the first block of
 * the leaf space. Every node entry's hash is the largest hash in its child (xfs_da3_fixhashpath keeps it so); the
 * blocks of each level are linked through forw/back. Inserting splits a full block in two (xfs_da3_split; the root
 * stays where it is and moves its contents down, xfs_da3_root_split); removing joins a block that has fallen under
 * half full into a sibling of the same parent when both fit in three quarters of a block (xfs_da3_join), drops an
 * empty one, and collapses a root left with one child (xfs_da3_root_join).
 */
final class DaBtree {
    private final DirBlocks blocks;
    private final DirGeo geo;
    private final byte[] uuid;

    DaBtree(DirBlocks blocks) {
        this.blocks = blocks;
        this.geo = blocks.geo;
        this.uuid = blocks.mp.metaUuid();
    }

    /** One level of a path from the root (struct xfs_da_state_blk): the block, its buffer, decoded, and index. */
    static final class Level {
        final long da;
        final XfsBuf bp;
        final DaBlk blk;
        /** The entry followed down (nodes) or found (leaves). */
        int index;

        Level(long da, XfsBuf bp, DaBlk blk) {
            this.da = da;
            this.bp = bp;
            this.blk = blk;
        }
    }

    Level load(Trans tp, Inode dp, long da) throws XfsException {
        XfsBuf bp = blocks.readMapped(tp, dp, da, DaNodeOps.INSTANCE);
        DaBlk d = DaBlk.decode(bp.data());
        if (d.magic == DaBlk.LEAF1_MAGIC) {
            throw new FsCorruptedException("Metadata corruption detected: directory inode " + dp.ino
                    + ": LEAF1 block " + da + " in a node directory");
        }
        return new Level(da, bp, d);
    }

    /**
     * Ports xfs_da3_node_lookup_int: the path to the leftmost leaf that can hold {@code hash}, each node's index
     * at the first child whose hash is at least it (the last child when none is).
     */
    List<Level> lookup(Trans tp, Inode dp, long hash) throws XfsException {
        List<Level> path = new ArrayList<>();
        long da = geo.leafblk;
        while (true) {
            Level l = load(tp, dp, da);
            path.add(l);
            if (l.blk.magic == DaBlk.LEAFN_MAGIC) {
                l.index = l.blk.searchHash(hash);
                return path;
            }
            if (path.size() > DirGeo.NODE_MAXDEPTH || l.blk.count == 0) {
                throw new FsCorruptedException("Metadata corruption detected: directory inode " + dp.ino
                        + ": da btree deeper than " + DirGeo.NODE_MAXDEPTH + " or an empty node at " + da);
            }
            l.index = Math.min(l.blk.searchHash(hash), l.blk.count - 1);
            da = l.blk.ents[l.index] & 0xffffffffL;
        }
    }

    /**
     * The path to the leaf holding exactly {@code ent} (hash and address), or null: entries of one hash can run
     * over several leaves (xfs_da3_path_shift walks on to the next), so every child whose range can hold the hash
     * is tried in order.
     */
    List<Level> find(Trans tp, Inode dp, long ent) throws XfsException {
        List<Level> path = new ArrayList<>();
        return find(tp, dp, geo.leafblk, ent, path) ? path : null;
    }

    private boolean find(Trans tp, Inode dp, long da, long ent, List<Level> path) throws XfsException {
        Level l = load(tp, dp, da);
        path.add(l);
        long hash = ent >>> 32;
        if (l.blk.magic == DaBlk.LEAFN_MAGIC) {
            l.index = l.blk.indexOf(ent);
            if (l.index >= 0) {
                return true;
            }
        } else {
            for (int i = l.blk.searchHash(hash); i < l.blk.count; i++) {
                l.index = i;
                if (find(tp, dp, l.blk.ents[i] & 0xffffffffL, ent, path)) {
                    return true;
                }
                if ((l.blk.ents[i] >>> 32) > hash) {
                    break;
                }
            }
        }
        path.remove(path.size() - 1);
        tp.brelse(l.bp);
        return false;
    }

    /**
     * Every live leaf entry with this hash, from the leftmost leaf that can hold it on along the forw chain
     * (xfs_da3_node_lookup_int, then xfs_dir2_leafn_lookup_for_entry and xfs_da3_path_shift). Reads the blocks as
     * they are on disk, decoding nothing: a lookup changes no block.
     */
    List<Long> entriesWithHash(Trans tp, Inode dp, long hash) throws XfsException {
        long da = geo.leafblk;
        byte[] b;
        for (int depth = 1; ; depth++) {
            b = blocks.readMapped(tp, dp, da, DaNodeOps.INSTANCE).data();
            int magic = DaBlk.magic(b);
            if (magic == DaBlk.LEAFN_MAGIC) {
                break;
            }
            int n = DaBlk.count(b);
            if (magic != DaBlk.NODE_MAGIC || depth > DirGeo.NODE_MAXDEPTH || n == 0) {
                throw new FsCorruptedException("Metadata corruption detected: directory inode " + dp.ino
                        + ": da btree block " + da + " of magic 0x" + Integer.toHexString(magic) + " at depth "
                        + depth + " with " + n + " entries");
            }
            da = DaBlk.ptr(b, Math.min(DaBlk.searchHash(b, n, hash), n - 1));
        }
        List<Long> out = new ArrayList<>(2);
        int i = DaBlk.searchHash(b, DaBlk.count(b), hash);
        while (true) {
            int n = DaBlk.count(b);
            for (; i < n && DaBlk.hash(b, i) == hash; i++) {
                long addr = DaBlk.ptr(b, i);
                if (addr != Dir2Block.NULL_DATAPTR) {
                    out.add(hash << 32 | addr);
                }
            }
            long forw = DaBlk.forw(b);
            if (i < n || forw == 0) {
                return out;
            }
            b = load(tp, dp, forw).bp.data();
            i = 0;
        }
    }

    /** Adds a leaf entry ({@code hash << 32 | dataptr}) to the btree (xfs_dir2_leafn_add + xfs_da3_split). */
    void insert(Trans tp, Inode dp, long ent) throws XfsException {
        if (insertInPlace(tp, dp, ent)) {
            return;
        }
        List<Level> path = lookup(tp, dp, ent >>> 32);
        Level leaf = path.get(path.size() - 1);
        leaf.blk.insert(leaf.index, ent);
        settle(tp, dp, path, path.size() - 1);
    }

    /**
     * Removes a leaf entry (xfs_dir2_leafn_remove), then joins what became too small (xfs_da3_join). Returns false
     * when the entry is not in the btree.
     */
    boolean remove(Trans tp, Inode dp, long ent) throws XfsException {
        if (removeInPlace(tp, dp, ent)) {
            return true;
        }
        List<Level> path = find(tp, dp, ent);
        if (path == null) {
            return false;
        }
        Level leaf = path.get(path.size() - 1);
        leaf.blk.remove(leaf.index);
        shrink(tp, dp, path, path.size() - 1);
        return true;
    }

    /**
     * The path xfs_da3_node_lookup_int takes for {@code hash}, read from the blocks as they are: {@code bps[d]} the
     * buffer at depth d, {@code idx[d]} the entry followed down (for nodes). Returns the depth of the LEAFN at its
     * end, or -1 for anything else (a LEAF1, an empty node, too deep), which the decoding path reports.
     */
    private int path(Trans tp, Inode dp, long hash, XfsBuf[] bps, int[] idx) throws XfsException {
        long da = geo.leafblk;
        for (int depth = 0; depth < DirGeo.NODE_MAXDEPTH; depth++) {
            XfsBuf bp = blocks.readMapped(tp, dp, da, DaNodeOps.INSTANCE);
            byte[] b = bp.data();
            bps[depth] = bp;
            int magic = DaBlk.magic(b);
            if (magic == DaBlk.LEAFN_MAGIC) {
                return depth;
            }
            int n = DaBlk.count(b);
            if (magic != DaBlk.NODE_MAGIC || n == 0) {
                return -1;
            }
            idx[depth] = Math.min(DaBlk.searchHash(b, n, hash), n - 1);
            da = DaBlk.ptr(b, idx[depth]);
        }
        return -1;
    }

    /**
     * The common case of xfs_dir2_leafn_add, in the blocks as they are: a LEAFN with room and no stale entries
     * takes the entry at its hash's place, the entries after it moving up a slot, and xfs_da3_fixhashpath
     * carries a new last hash up the path. The bytes are those the decoding path's encode gives. False, changing
     * nothing, when the leaf is full (it splits) or holds stale entries.
     */
    private boolean insertInPlace(Trans tp, Inode dp, long ent) throws XfsException {
        XfsBuf[] bps = new XfsBuf[DirGeo.NODE_MAXDEPTH];
        int[] idx = new int[DirGeo.NODE_MAXDEPTH];
        int depth = path(tp, dp, ent >>> 32, bps, idx);
        if (depth < 0) {
            return false;
        }
        XfsBuf bp = bps[depth];
        byte[] b = bp.data();
        int n = DaBlk.count(b);
        if (DaBlk.stale(b) != 0 || n >= geo.leafMaxEnts) {
            return false;
        }
        int i = DaBlk.searchHash(b, n, ent >>> 32);
        int at = DaBlk.HDR_SIZE + i * DaBlk.ENTRY_SIZE;
        System.arraycopy(b, at, b, at + DaBlk.ENTRY_SIZE, (n - i) * DaBlk.ENTRY_SIZE);
        DaBlk.putEntry(b, i, ent);
        DaBlk.putCount(b, n + 1);
        logHdrAndEntries(tp, bp, i, n + 1);
        fixHashPathInPlace(tp, bps, idx, depth);
        return true;
    }

    /**
     * The common case of xfs_dir2_leafn_remove, in the blocks as they are: the entry is in the leaf the lookup
     * path reaches, which has no stale entries and stays at least half full (or is the root), so no join
     * follows; the entries after it move down a slot and a new last hash goes up the path. False, changing
     * nothing, otherwise.
     */
    private boolean removeInPlace(Trans tp, Inode dp, long ent) throws XfsException {
        XfsBuf[] bps = new XfsBuf[DirGeo.NODE_MAXDEPTH];
        int[] idx = new int[DirGeo.NODE_MAXDEPTH];
        long hash = ent >>> 32;
        int depth = path(tp, dp, hash, bps, idx);
        if (depth < 0) {
            return false;
        }
        XfsBuf bp = bps[depth];
        byte[] b = bp.data();
        int n = DaBlk.count(b);
        if (DaBlk.stale(b) != 0
                || (depth > 0 && DaBlk.HDR_SIZE + (n - 1) * DaBlk.ENTRY_SIZE < geo.blksize / 2)) {
            return false;
        }
        int i = DaBlk.removeEntry(b, n, hash, ent & 0xffffffffL);
        if (i < 0) {
            return false;
        }
        logHdrAndEntries(tp, bp, i, n);
        fixHashPathInPlace(tp, bps, idx, depth);
        return true;
    }

    /** Ports xfs_dir3_leaf_log_header and xfs_dir3_leaf_log_ents for entries {@code [from, to)}. */
    static void logHdrAndEntries(Trans tp, XfsBuf bp, int from, int to) {
        tp.logBuf(bp, DaBlk.OFF_COUNT, DaBlk.HDR_SIZE - 1);
        if (from < to) {
            tp.logBuf(bp, DaBlk.HDR_SIZE + from * DaBlk.ENTRY_SIZE, DaBlk.HDR_SIZE + to * DaBlk.ENTRY_SIZE - 1);
        }
    }

    /** Ports xfs_da3_fixhashpath on the blocks as they are: each parent's entry takes its child's last hash. */
    private void fixHashPathInPlace(Trans tp, XfsBuf[] bps, int[] idx, int depth) {
        for (int j = depth; j > 0; j--) {
            byte[] child = bps[j].data();
            int n = DaBlk.count(child);
            long last = n == 0 ? 0 : DaBlk.hash(child, n - 1);
            byte[] parent = bps[j - 1].data();
            if (DaBlk.hash(parent, idx[j - 1]) == last) {
                return;
            }
            DaBlk.putEntry(parent, idx[j - 1], last << 32 | DaBlk.ptr(parent, idx[j - 1]));
            int at = DaBlk.HDR_SIZE + idx[j - 1] * DaBlk.ENTRY_SIZE;
            tp.logBuf(bps[j - 1], at, at + DaBlk.ENTRY_SIZE - 1);
        }
    }

    private void write(Trans tp, Inode dp, Level l) {
        l.blk.encode(l.bp.data(), l.bp.daddr(), uuid, dp.ino);
        tp.logBuf(l.bp, 0, l.bp.length() - 1);
    }

    private int maxEnts(DaBlk d) {
        return d.magic == DaBlk.NODE_MAGIC ? geo.nodeEnts : geo.leafMaxEnts;
    }

    /** Writes level {@code k} after an insert, splitting it when it overflowed, and fixes the hashes above. */
    private void settle(Trans tp, Inode dp, List<Level> path, int k) throws XfsException {
        Level l = path.get(k);
        if (l.blk.count <= maxEnts(l.blk)) {
            write(tp, dp, l);
            fixHashPath(tp, dp, path, k);
            return;
        }
        if (k == 0) {
            rootSplit(tp, dp, l);
            return;
        }
        Level right = newBlock(tp, dp, l.blk.magic, l.blk.level);
        splitInto(tp, dp, l, right);
        Level parent = path.get(k - 1);
        parent.blk.ents[parent.index] = l.blk.lastHash() << 32 | l.da;
        parent.blk.insert(parent.index + 1, right.blk.lastHash() << 32 | right.da);
        settle(tp, dp, path, k - 1);
    }

    private Level newBlock(Trans tp, Inode dp, int magic, int level) throws XfsException {
        long db = blocks.grow(tp, dp, DirGeo.LEAF_SPACE);
        long da = geo.dbToDa(db);
        XfsBuf bp = blocks.get(tp, dp, da, DaNodeOps.INSTANCE);
        return new Level(da, bp, DaBlk.empty(magic, level));
    }

    /**
     * Ports xfs_da3_node_split / xfs_dir2_leafn_split: the upper half of {@code l}'s entries move to the new block
     * {@code right}, linked in after {@code l} (xfs_da3_blk_link).
     */
    private void splitInto(Trans tp, Inode dp, Level l, Level right) throws XfsException {
        DaBlk d = l.blk;
        int keep = d.count / 2;
        for (int i = keep; i < d.count; i++) {
            right.blk.insert(right.blk.count, d.ents[i]);
        }
        d.count = keep;
        right.blk.forw = d.forw;
        right.blk.back = l.da;
        if (d.forw != 0) {
            Level next = load(tp, dp, d.forw);
            next.blk.back = right.da;
            write(tp, dp, next);
        }
        d.forw = right.da;
        write(tp, dp, l);
        write(tp, dp, right);
    }

    /**
     * Ports xfs_da3_root_split: the root keeps its block; its contents move to a new block, which is split, and the
     * root becomes a node one level up over the two halves.
     */
    private void rootSplit(Trans tp, Inode dp, Level root) throws XfsException {
        Level left = newBlock(tp, dp, root.blk.magic, root.blk.level);
        for (int i = 0; i < root.blk.count; i++) {
            left.blk.insert(i, root.blk.ents[i]);
        }
        Level right = newBlock(tp, dp, root.blk.magic, root.blk.level);
        splitInto(tp, dp, left, right);
        DaBlk top = DaBlk.empty(DaBlk.NODE_MAGIC, root.blk.level + 1);
        top.insert(0, left.blk.lastHash() << 32 | left.da);
        top.insert(1, right.blk.lastHash() << 32 | right.da);
        Level newRoot = new Level(root.da, root.bp, top);
        write(tp, dp, newRoot);
    }

    /** Ports xfs_da3_fixhashpath: each parent's entry for the level below carries that block's last hash. */
    private void fixHashPath(Trans tp, Inode dp, List<Level> path, int k) {
        for (int j = k; j > 0; j--) {
            Level child = path.get(j);
            Level parent = path.get(j - 1);
            long ent = child.blk.lastHash() << 32 | child.da;
            if (parent.blk.ents[parent.index] == ent) {
                return;
            }
            parent.blk.ents[parent.index] = ent;
            write(tp, dp, parent);
        }
    }

    /** Ports xfs_da3_join for level {@code k} after a removal. */
    private void shrink(Trans tp, Inode dp, List<Level> path, int k) throws XfsException {
        Level l = path.get(k);
        if (k == 0) {
            rootJoin(tp, dp, l);
            return;
        }
        Level parent = path.get(k - 1);
        boolean tooSmall = l.blk.bytesUsed() < geo.blksize / 2;
        Level into = null;
        if (tooSmall && l.blk.count > 0) {
            into = sibling(tp, dp, parent, parent.index + 1, l);
            if (into == null) {
                into = sibling(tp, dp, parent, parent.index - 1, l);
            }
        }
        if (l.blk.count > 0 && into == null) {
            write(tp, dp, l);
            fixHashPath(tp, dp, path, k);
            return;
        }
        int intoIdx = -1;
        if (into != null) {
            boolean intoRight = into.da == l.blk.forw;
            intoIdx = intoRight ? parent.index + 1 : parent.index - 1;
            DaBlk t = into.blk;
            int at = intoRight ? 0 : t.count;
            for (int i = 0; i < l.blk.count; i++) {
                t.insert(at + i, l.blk.ents[i]);
            }
        }
        unlink(tp, dp, l, into);
        blocks.shrink(tp, dp, geo.daToDb(l.da), l.bp);
        parent.blk.remove(parent.index);
        if (into != null) {
            if (intoIdx > parent.index) {
                intoIdx--;
            }
            write(tp, dp, into);
            parent.blk.ents[intoIdx] = into.blk.lastHash() << 32 | into.da;
            parent.index = intoIdx;
        } else {
            parent.index = Math.max(0, Math.min(parent.index, parent.blk.count - 1));
        }
        shrink(tp, dp, path, k - 1);
    }

    /** The sibling at {@code idx} of {@code parent} when {@code l}'s entries fit in it under 3/4 of a block. */
    private Level sibling(Trans tp, Inode dp, Level parent, int idx, Level l) throws XfsException {
        if (idx < 0 || idx >= parent.blk.count || idx == parent.index) {
            return null;
        }
        Level s = load(tp, dp, parent.blk.ents[idx] & 0xffffffffL);
        long bytes = DaBlk.HDR_SIZE + (long) (s.blk.count + l.blk.count) * DaBlk.ENTRY_SIZE;
        if (bytes > geo.blksize - (geo.blksize >> 2)) {
            tp.brelse(s.bp);
            return null;
        }
        return s;
    }

    /** Ports xfs_da3_blk_unlink: takes {@code l} out of its level's sibling chain. */
    private void unlink(Trans tp, Inode dp, Level l, Level known) throws XfsException {
        if (l.blk.back != 0) {
            Level prev = known != null && known.da == l.blk.back ? known : load(tp, dp, l.blk.back);
            prev.blk.forw = l.blk.forw;
            write(tp, dp, prev);
        }
        if (l.blk.forw != 0) {
            Level next = known != null && known.da == l.blk.forw ? known : load(tp, dp, l.blk.forw);
            next.blk.back = l.blk.back;
            write(tp, dp, next);
        }
    }

    /**
     * Ports xfs_da3_root_join: a root node with one child takes that child's contents (and level) and the child
     * block is freed; repeated while it applies. A root with more children is written as it is.
     */
    private void rootJoin(Trans tp, Inode dp, Level root) throws XfsException {
        while (root.blk.magic == DaBlk.NODE_MAGIC && root.blk.count == 1) {
            Level child = load(tp, dp, root.blk.ents[0] & 0xffffffffL);
            DaBlk c = child.blk;
            c.forw = 0;
            c.back = 0;
            blocks.shrink(tp, dp, geo.daToDb(child.da), child.bp);
            root = new Level(root.da, root.bp, c);
        }
        write(tp, dp, root);
    }
}
