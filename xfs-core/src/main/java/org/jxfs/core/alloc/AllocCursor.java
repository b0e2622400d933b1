// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.btree.Btree;
import org.jxfs.core.btree.BtreeBlocks;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.btree.Lookup;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * A free-space btree cursor with the allocator's per-cursor state (bc_ag.abt.active) and the record helpers at the
 * top of xfs_alloc.c (xfs_alloc_lookup_eq/ge/le, xfs_alloc_update, xfs_alloc_get_rec). A lookup marks the cursor
 * active when it lands on a record; the near search deactivates cursors that can no longer find anything better.
 */
final class AllocCursor {
    /** The trees with their on-disk verifiers attached. */
    static final AllocbtOps BNO_OPS = AllocbtOps.BNO.withBufOps(BtreeBlockOps.BNOBT);
    static final AllocbtOps CNT_OPS = AllocbtOps.CNT.withBufOps(BtreeBlockOps.CNTBT);

    final BtreeCursor cur;
    /** bc_ag.abt.active. */
    boolean active;
    /** Which tree: the by-block one (else by-size). */
    final boolean bnobt;
    /** The record {@link #loadRec} read last: start block and length. */
    long recStart;
    long recCount;
    /** The AG's cursor cache this cursor goes back to, and whether it is there now (then it must not be used). */
    private final AllocCursorCache cache;
    private boolean released;

    private AllocCursor(BtreeCursor cur, AllocCursorCache cache) {
        this.cur = cur;
        this.cache = cache;
        this.bnobt = cur.ops().magic() == BNO_OPS.magic();
    }

    /** Ports xfs_allocbt_init_cursor for the by-block tree of the AG whose AGF buffer {@code agbp} is held. */
    static AllocCursor bno(Trans tp, Mount mp, XfsBuf agbp, int agno) {
        return make(BNO_OPS, tp, mp, agbp, agno);
    }

    /** Ports xfs_allocbt_init_cursor for the by-size tree. */
    static AllocCursor cnt(Trans tp, Mount mp, XfsBuf agbp, int agno) {
        return make(CNT_OPS, tp, mp, agbp, agno);
    }

    private static AllocCursor make(AllocbtOps ops, Trans tp, Mount mp, XfsBuf agbp, int agno) {
        AllocCursorCache cache = AllocCursorCache.of(mp, agno);
        AllocCursor c = cache.take(ops == BNO_OPS, tp, agbp);
        if (c != null) {
            return c;
        }
        return new AllocCursor(ops.initCursor(tp, mp.geometry(), mp.metaUuid(), agbp, agno, AllocbtBlocks.INSTANCE),
                cache);
    }

    static AllocCursor bno(AllocArg args) {
        return bno(args.tp, args.mp, args.agbp, args.agno);
    }

    static AllocCursor cnt(AllocArg args) {
        return cnt(args.tp, args.mp, args.agbp, args.agno);
    }

    /** Made anew from the cache for {@code tp}: inactive, no path, the tree's height from the AGF. */
    void reuse(Trans tp, XfsBuf agbp) {
        assert released;
        released = false;
        active = false;
        cur.reuse(tp, agbp, (int) AllocbtOps.agfLevel(agbp.data(), ((AllocbtOps) cur.ops()).btnum()));
    }

    /**
     * Ports xfs_btree_del_cursor: the cursor goes back to its AG's cache, while the caller still holds the AGF.
     * Releasing null (a cursor never made) does nothing.
     */
    static void release(AllocCursor c) {
        if (c == null) {
            return;
        }
        if (c.released) {
            throw new IllegalStateException(c.cur.ops().name() + " cursor released twice");
        }
        c.released = true;
        c.cache.give(c);
    }

    boolean isBnobt() {
        return bnobt;
    }

    private int lookup(long bno, long len, Lookup dir) throws XfsException {
        assert !released : cur.ops().name() + " cursor used after it was released";
        AllocbtOps.setRec(cur, bno, len);
        int stat = Btree.lookup(cur, dir);
        active = stat == 1;
        return stat;
    }

    /** Ports xfs_alloc_lookup_eq. */
    int lookupEq(long bno, long len) throws XfsException {
        return lookup(bno, len, Lookup.EQ);
    }

    /** Ports xfs_alloc_lookup_ge. */
    int lookupGe(long bno, long len) throws XfsException {
        return lookup(bno, len, Lookup.GE);
    }

    /** Ports xfs_alloc_lookup_le. */
    int lookupLe(long bno, long len) throws XfsException {
        return lookup(bno, len, Lookup.LE);
    }

    /**
     * Ports xfs_alloc_get_rec with xfs_alloc_check_irec into {@link #recStart} and {@link #recCount}: false when the
     * cursor is off either end. A record that is empty or runs past the AG is corruption, caught here before an
     * allocation trusts it. Allocates nothing: the near search looks at every record of a leaf this way.
     */
    boolean loadRec() throws FsCorruptedException {
        int off = Btree.getRec(cur);
        if (off < 0) {
            return false;
        }
        byte[] b = cur.buf(0).data();
        long start = BigEndian.u32(b, off + AllocbtOps.OFF_STARTBLOCK);
        long count = BigEndian.u32(b, off + AllocbtOps.OFF_BLOCKCOUNT);
        if (count == 0 || start + count > cur.geometry().agBlockCount(cur.agno())) {
            throw new FsCorruptedException("Metadata corruption detected: " + cur.ops().name() + " AG "
                    + cur.agno() + ": bad free extent record [" + start + ", " + count + "]");
        }
        recStart = start;
        recCount = count;
        return true;
    }

    /** loadRec for a cursor that must be on a record (the kernel's XFS_IS_CORRUPT(i != 1)). */
    void mustLoadRec() throws FsCorruptedException {
        if (!loadRec()) {
            throw corrupt("cursor is off the end of the tree");
        }
    }

    /** {@link #loadRec} as a record, or null off either end. */
    AllocRec getRec() throws FsCorruptedException {
        return loadRec() ? new AllocRec(recStart, recCount) : null;
    }

    /** getRec for a cursor that must be on a record. */
    AllocRec mustGetRec() throws FsCorruptedException {
        mustLoadRec();
        return new AllocRec(recStart, recCount);
    }

    /** Ports xfs_alloc_update. */
    void update(long bno, long len) throws XfsException {
        Btree.update(cur, AllocbtOps.rec(bno, len));
    }

    int increment() throws XfsException {
        return Btree.increment(cur, 0);
    }

    int decrement() throws XfsException {
        return Btree.decrement(cur, 0);
    }

    /** Inserts the search record of the last lookup; corruption unless it went in. */
    void insert() throws XfsException {
        if (Btree.insert(cur) != 1) {
            throw corrupt("insert failed");
        }
    }

    /**
     * Deletes the record under the cursor and inserts [bno, len] in one in-place update when that is what the delete
     * and the insert would do ({@link Btree#replace}); false, with nothing changed, when they must be done apart.
     */
    boolean replace(long bno, long len) throws XfsException {
        assert !released : cur.ops().name() + " cursor used after it was released";
        AllocbtOps.setRec(cur, bno, len);
        return Btree.replace(cur);
    }

    /** Deletes the record under the cursor; corruption unless there was one. */
    void delete() throws XfsException {
        if (Btree.delete(cur) != 1) {
            throw corrupt("delete found no record");
        }
    }

    /** Ports xfs_btree_islastblock for the leaf level. */
    boolean isLastLeaf() {
        XfsBuf bp = cur.buf(0);
        return bp != null && BtreeBlocks.ptrIsNull(cur, BtreeBlocks.sibling(cur, bp, true));
    }

    /** Moves the cursor to the first record of its current leaf (bc_levels[0].ptr = 1); the active state stays. */
    void toFirstInLeaf() {
        cur.setPtr(0, 1);
    }

    FsCorruptedException corrupt(String why) {
        return new FsCorruptedException("Metadata corruption detected: " + cur.ops().name() + " AG " + cur.agno()
                + ": " + why);
    }
}
