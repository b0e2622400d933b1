// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import java.util.Arrays;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.trans.Trans;

/**
 * struct xfs_btree_cur: a position in one btree inside one transaction. For every level it holds the block's
 * buffer and the 1-based index of the current entry (bc_levels[].bp / .ptr); index 0 means "before the first
 * entry". The search record {@link #rec()} (bc_rec) is what lookups compare against and what insert inserts.
 *
 * <p>AG-rooted trees know their AG and the header buffer that holds their root (bc_ag.agbp); the owner written
 * into new blocks is the AG number. Inode-rooted trees (bc_ino: the bmbt) know the fork holding their root
 * ({@link InodeRoot}) and the inode number, which is the owner of their blocks. Their root level has no buffer:
 * {@link #getBlock} answers it with an in-core view of the root ({@link XfsBuf#inCore}), as xfs_btree_get_block
 * answers the if_broot with a NULL buffer, and the logging helpers send changes to it to the inode.
 */
public final class BtreeCursor {
    private Trans tp;
    private final Geometry geo;
    private final byte[] metaUuid;
    private final BtreeOps ops;
    private final int agno;
    private XfsBuf agbp;
    private final long owner;
    private BtreeBlockAllocator blockAlloc;
    /** bc_ino's fork: where the root lives, or null for AG-rooted trees. */
    private final InodeRoot iroot;
    /** The in-core view of {@link #iroot}'s bytes, re-made when realloc replaces them. */
    private XfsBuf irootView;
    /** bc_nlevels. */
    int nlevels;
    /** bc_levels[].bp. */
    final XfsBuf[] bufs;
    /** bc_levels[].ptr. */
    final int[] ptrs;
    /** bc_rec, in on-disk form. */
    private final byte[] rec;
    /** Scratch key for comparisons at the leaf level. */
    final byte[] scratchKey;
    /** The tree type's sizes on this geometry: every entry address and capacity is computed from them. */
    final Shape shape;

    private BtreeCursor(Trans tp, Geometry geo, byte[] metaUuid, BtreeOps ops, int agno, XfsBuf agbp, long owner,
            BtreeBlockAllocator blockAlloc, InodeRoot iroot, int nlevels) {
        assert ops.rootInInode() == (iroot != null) : ops.name() + ": root location does not match the tree";
        assert iroot == null || ops.longPtrs() : "inode-rooted btrees have long pointers";
        this.iroot = iroot;
        this.tp = tp;
        this.geo = geo;
        this.metaUuid = metaUuid;
        this.ops = ops;
        this.agno = agno;
        this.agbp = agbp;
        this.owner = owner;
        this.blockAlloc = blockAlloc;
        Shape shape = shape(ops, geo);
        if (shape == null) {
            shape = rememberShape(ops, geo);
        }
        this.shape = shape;
        assert nlevels >= 1 && nlevels <= shape.maxLevels : ops.name() + ": bad level count " + nlevels;
        this.nlevels = nlevels;
        this.bufs = new XfsBuf[shape.maxLevels];
        this.ptrs = new int[shape.maxLevels];
        this.rec = new byte[shape.recLen];
        this.scratchKey = new byte[shape.keyLen];
    }

    /**
     * What a cursor needs to know of its tree type on this geometry (bc_maxlevels, the entry sizes, maxrecs of
     * leaves and nodes): functions of the ops and the immutable geometry alone, which the kernel keeps in the mount
     * (m_alloc_maxlevels, m_alloc_mxr and friends).
     */
    record Shape(BtreeOps ops, Geometry geo, int maxLevels, int recLen, int keyLen, int ptrLen, int blockLen,
            boolean longPtrs, int leafMaxRecs, int nodeMaxRecs, KeyField leaf0, KeyField leaf1, KeyField node0,
            KeyField node1) {
    }

    /**
     * The last few shapes asked for. An allocation makes several cursors, and asking the ops (virtual calls, some
     * computing from the geometry) for each number every time is not free. Slots are replaced round-robin, so a new
     * mount's geometry gets in; a racing writer at worst loses an entry, since records are immutable.
     */
    private static final Shape[] SHAPES = new Shape[8];
    private static int shapesNext;

    private static Shape shape(BtreeOps ops, Geometry geo) {
        for (Shape m : SHAPES) {
            if (m != null && m.ops == ops && m.geo == geo) {
                return m;
            }
        }
        return null;
    }

    /** Computes this cursor's shape (the ops need a cursor with its geometry to answer maxrecs) and remembers it. */
    private Shape rememberShape(BtreeOps ops, Geometry geo) {
        KeyField[] leaf = ops.recKeyFields();
        KeyField[] node = ops.keyFields();
        assert (leaf == null) == (node == null) && (leaf == null || leaf.length == node.length && leaf.length <= 2);
        Shape shape = new Shape(ops, geo, ops.maxLevels(geo), ops.recLen(), ops.keyLen(), ops.ptrLen(),
                ops.blockLen(), ops.longPtrs(), ops.maxRecs(this, 0), ops.maxRecs(this, 1), field(leaf, 0),
                field(leaf, 1), field(node, 0), field(node, 1));
        int slot = shapesNext;
        shapesNext = (slot + 1) & (SHAPES.length - 1);
        SHAPES[slot] = shape;
        return shape;
    }

    private static KeyField field(KeyField[] fields, int i) {
        return fields != null && i < fields.length ? fields[i] : null;
    }

    /**
     * A cursor on an AG-rooted btree (xfs_allocbt_init_cursor and friends): {@code agbp} is the locked AG header
     * buffer holding the root, {@code nlevels} the tree's current height from that header.
     */
    public static BtreeCursor forAg(Trans tp, Geometry geo, byte[] metaUuid, BtreeOps ops, int agno, XfsBuf agbp,
            BtreeBlockAllocator blockAlloc, int nlevels) {
        return new BtreeCursor(tp, geo, metaUuid, ops, agno, agbp, agno, blockAlloc, null, nlevels);
    }

    /**
     * A cursor on an inode-rooted btree (xfs_bmbt_init_cursor): the root is {@code root}, whose level gives the
     * tree's height; {@code ino} owns every block. {@code blockAlloc} is the bmap layer's allocator, which counts
     * the blocks in the inode's di_nblocks.
     */
    public static BtreeCursor forInode(Trans tp, Geometry geo, byte[] metaUuid, BtreeOps ops, long ino,
            InodeRoot root, BtreeBlockAllocator blockAlloc) {
        int nlevels = BtreeBlock.level(root.broot()) + 1;
        return new BtreeCursor(tp, geo, metaUuid, ops, NULLAGNUMBER, null, ino, blockAlloc, root, nlevels);
    }

    /**
     * Ports xfs_btree_dup_cursor: same tree, same path. The buffers are already joined to the transaction, so the
     * copy shares them rather than re-reading them as the kernel does to take extra references.
     */
    public BtreeCursor dup() {
        BtreeCursor c = new BtreeCursor(tp, geo, metaUuid, ops, agno, agbp, owner, blockAlloc, iroot, nlevels);
        System.arraycopy(bufs, 0, c.bufs, 0, bufs.length);
        System.arraycopy(ptrs, 0, c.ptrs, 0, ptrs.length);
        System.arraycopy(rec, 0, c.rec, 0, rec.length);
        return c;
    }

    /**
     * Makes a cursor whose last user released it (xfs_btree_del_cursor handing it back to the cursor cache) a new
     * cursor on the same tree of the same AG for {@code tp} (xfs_btree_alloc_cursor from the cache): no path, the
     * height {@code nlevels} read from the AG header {@code agbp} that {@code tp} holds. AG-rooted trees only.
     */
    public void reuse(Trans tp, XfsBuf agbp, int nlevels) {
        assert iroot == null : ops.name() + ": only AG-rooted cursors are reused";
        assert nlevels >= 1 && nlevels <= shape.maxLevels : ops.name() + ": bad level count " + nlevels;
        this.tp = tp;
        this.agbp = agbp;
        this.nlevels = nlevels;
        Arrays.fill(ptrs, 0);
    }

    /**
     * {@link #reuse} for an inode-rooted tree (the bmbt cursor a fork keeps for its next caller): a new cursor for
     * {@code tp} with no path, the height read from the root in the inode, and {@code blockAlloc} for its splits.
     */
    public void reuseForInode(Trans tp, BtreeBlockAllocator blockAlloc) {
        assert iroot != null : ops.name() + ": not an inode-rooted cursor";
        int nlevels = BtreeBlock.level(iroot.broot()) + 1;
        assert nlevels >= 1 && nlevels <= shape.maxLevels : ops.name() + ": bad level count " + nlevels;
        this.tp = tp;
        this.blockAlloc = blockAlloc;
        this.nlevels = nlevels;
        Arrays.fill(ptrs, 0);
        Arrays.fill(bufs, null);
    }

    /** The part of xfs_btree_del_cursor that matters here: the cursor lets go of the buffers on its path. */
    public void releasePath() {
        Arrays.fill(bufs, null);
    }

    public Trans trans() {
        return tp;
    }

    public Geometry geometry() {
        return geo;
    }

    public byte[] metaUuid() {
        return metaUuid;
    }

    public BtreeOps ops() {
        return ops;
    }

    /** NULLAGNUMBER: the AG of a cursor on an inode-rooted tree, whose blocks may be in any AG. */
    public static final int NULLAGNUMBER = -1;

    public int agno() {
        return agno;
    }

    /** The AG header buffer holding the root (AGF for free-space trees, AGI for inode trees). */
    public XfsBuf agbp() {
        return agbp;
    }

    /** bb_owner of new blocks: the AG number for AG btrees, the inode number for the bmbt. */
    public long owner() {
        return owner;
    }

    public BtreeBlockAllocator blockAllocator() {
        return blockAlloc;
    }

    public int maxLevels() {
        return shape.maxLevels;
    }

    /** Height of the tree as this cursor knows it (bc_nlevels). */
    public int nlevels() {
        return nlevels;
    }

    /** The fork holding the root of an inode-rooted tree, or null. */
    public InodeRoot inodeRoot() {
        return iroot;
    }

    /** True when {@code level} is the root held in an inode fork (the test of xfs_btree_get_block). */
    public boolean atIroot(int level) {
        return iroot != null && level == nlevels - 1;
    }

    /** True when {@code bp} is this cursor's in-core root rather than a disk buffer. */
    boolean isIroot(XfsBuf bp) {
        return iroot != null && bp.isInCore();
    }

    /**
     * Ports xfs_btree_get_iroot: the in-core root as a buffer view. The view is re-made when the fork replaced
     * its bytes (xfs_iroot_realloc), so callers must ask again after anything that may resize the root.
     */
    XfsBuf getIroot() {
        byte[] b = iroot.broot();
        if (irootView == null || irootView.data() != b) {
            irootView = XfsBuf.inCore(b);
        }
        return irootView;
    }

    /**
     * Ports xfs_btree_get_block: the block at {@code level} on the cursor's path: the in-core root for an
     * inode-rooted tree's top level, else the buffer read there (null when not yet read).
     */
    public XfsBuf getBlock(int level) {
        if (atIroot(level)) {
            return getIroot();
        }
        return bufs[level];
    }

    /** The block at {@code level} on the cursor's path (see {@link #getBlock}). */
    public XfsBuf buf(int level) {
        return getBlock(level);
    }

    /** The 1-based entry index at {@code level}. */
    public int ptr(int level) {
        return ptrs[level];
    }

    /**
     * Moves the cursor to entry {@code ptr} of the block it already holds at {@code level} (the kernel's direct
     * store to bc_levels[level].ptr): the path stays the same, only the index changes.
     */
    public void setPtr(int level, int ptr) {
        assert ptr >= 1 && ptr <= BtreeBlocks.numrecs(getBlock(level)) + 1 : "entry " + ptr + " at level " + level;
        ptrs[level] = ptr;
    }

    /** The search record (bc_rec) in on-disk form: fill it before lookup and insert. */
    public byte[] rec() {
        return rec;
    }
}
