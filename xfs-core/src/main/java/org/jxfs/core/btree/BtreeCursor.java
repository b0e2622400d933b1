// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.trans.Trans;

/**
 * struct xfs_btree_cur: a position in one btree inside one transaction. For every level it holds the block's
 * buffer and the 1-based index of the current entry (bc_levels[].bp / .ptr); index 0 means "before the first
 * entry". The search record {@link #rec()} (bc_rec) is what lookups compare against and what insert inserts.
 *
 * <p>AG-rooted trees know their AG and the header buffer that holds their root (bc_ag.agbp); the owner written
 * into new blocks is the AG number. An inode-rooted variant (bc_ino) will add the inode and fork.
 */
public final class BtreeCursor {
    private final Trans tp;
    private final Geometry geo;
    private final byte[] metaUuid;
    private final BtreeOps ops;
    private final int agno;
    private final XfsBuf agbp;
    private final long owner;
    private final BtreeBlockAllocator blockAlloc;
    private final int maxLevels;
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

    private BtreeCursor(Trans tp, Geometry geo, byte[] metaUuid, BtreeOps ops, int agno, XfsBuf agbp, long owner,
            BtreeBlockAllocator blockAlloc, int nlevels) {
        assert !ops.rootInInode() : "inode-rooted btrees are not supported yet";
        this.tp = tp;
        this.geo = geo;
        this.metaUuid = metaUuid;
        this.ops = ops;
        this.agno = agno;
        this.agbp = agbp;
        this.owner = owner;
        this.blockAlloc = blockAlloc;
        this.maxLevels = ops.maxLevels(geo);
        assert nlevels >= 1 && nlevels <= maxLevels : ops.name() + ": bad level count " + nlevels;
        this.nlevels = nlevels;
        this.bufs = new XfsBuf[maxLevels];
        this.ptrs = new int[maxLevels];
        this.rec = new byte[ops.recLen()];
        this.scratchKey = new byte[ops.keyLen()];
    }

    /**
     * A cursor on an AG-rooted btree (xfs_allocbt_init_cursor and friends): {@code agbp} is the locked AG header
     * buffer holding the root, {@code nlevels} the tree's current height from that header.
     */
    public static BtreeCursor forAg(Trans tp, Geometry geo, byte[] metaUuid, BtreeOps ops, int agno, XfsBuf agbp,
            BtreeBlockAllocator blockAlloc, int nlevels) {
        return new BtreeCursor(tp, geo, metaUuid, ops, agno, agbp, agno, blockAlloc, nlevels);
    }

    /**
     * Ports xfs_btree_dup_cursor: same tree, same path. The buffers are already joined to the transaction, so the
     * copy shares them rather than re-reading them as the kernel does to take extra references.
     */
    public BtreeCursor dup() {
        BtreeCursor c = new BtreeCursor(tp, geo, metaUuid, ops, agno, agbp, owner, blockAlloc, nlevels);
        System.arraycopy(bufs, 0, c.bufs, 0, maxLevels);
        System.arraycopy(ptrs, 0, c.ptrs, 0, maxLevels);
        System.arraycopy(rec, 0, c.rec, 0, rec.length);
        return c;
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
        return maxLevels;
    }

    /** Height of the tree as this cursor knows it (bc_nlevels). */
    public int nlevels() {
        return nlevels;
    }

    /** The buffer of the block at {@code level} on the cursor's path, or null when not yet read. */
    public XfsBuf buf(int level) {
        return bufs[level];
    }

    /** The 1-based entry index at {@code level}. */
    public int ptr(int level) {
        return ptrs[level];
    }

    /** The search record (bc_rec) in on-disk form: fill it before lookup and insert. */
    public byte[] rec() {
        return rec;
    }
}
