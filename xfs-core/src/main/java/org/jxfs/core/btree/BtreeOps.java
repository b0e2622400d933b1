// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import org.jxfs.core.XfsException;
import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.Geometry;

/**
 * struct xfs_btree_ops: everything that differs between btrees, so that one engine ({@link Btree}) serves them all.
 * Records, keys and pointers are handled as byte ranges in on-disk (big-endian) form: {@code (byte[] b, int off)}
 * names one record or key inside a block or a scratch array. The cursor's search record ({@link BtreeCursor#rec()},
 * the kernel's bc_rec) is kept in on-disk form too, so keyDiff compares two on-disk values.
 *
 * <p>Where the root lives: AG btrees keep their root pointer and level count in an AG header (AGF or AGI), which
 * {@link #initPtrFromCur} / {@link #setRoot} read and write. The bmbt keeps its root block inside the inode fork
 * (XFS_BTREE_ROOT_IN_INODE); such a tree answers {@link #rootInInode()} true, its cursors are made with
 * {@link BtreeCursor#forInode}, and the engine takes the root block, its capacity and its logging from the fork
 * ({@link InodeRoot}); {@link #initPtrFromCur} and {@link #setRoot} are then never asked about the root.
 */
public abstract class BtreeOps {
    /** Why the last-record hook runs: the kernel's LASTREC_UPDATE, LASTREC_INSREC, LASTREC_DELREC. */
    public enum LastrecReason {
        UPDATE, INSREC, DELREC
    }

    /** Name as the kernel's tracepoints print it ("bnobt"), used in messages. */
    public abstract String name();

    /** The v5 magic number of this tree's blocks (xfs_btree_magic). */
    public abstract int magic();

    /** XFS_BTREE_LONG_PTRS: 64-bit sibling and child pointers (packed fsblocks) and the 72-byte header. */
    public abstract boolean longPtrs();

    /** XFS_BTREE_ROOT_IN_INODE: the root block lives in an inode fork (bmbt); see {@link InodeRoot}. */
    public boolean rootInInode() {
        return false;
    }

    /** XFS_BTREE_LASTREC_UPDATE: {@link #updateLastrec} is called when the tree's last record changes. */
    public boolean lastrecUpdate() {
        return false;
    }

    /** Bytes per leaf record. */
    public abstract int recLen();

    /** Bytes per node key. */
    public abstract int keyLen();

    /** Bytes per node pointer: 4 for short-form (agbno) trees, 8 for long-form (fsblock) trees. */
    public int ptrLen() {
        return longPtrs() ? 8 : 4;
    }

    /** XFS_BTREE_SBLOCK_CRC_LEN or XFS_BTREE_LBLOCK_CRC_LEN: where records and keys start. */
    public int blockLen() {
        return longPtrs() ? BtreeBlock.LONG_HDR_LEN : BtreeBlock.SHORT_HDR_LEN;
    }

    /** The verifier attached to this tree's buffers (bc_ops->buf_ops); null reads and writes without checks. */
    public abstract BufOps bufOps();

    /** The deepest this tree can get in this filesystem (m_alloc_maxlevels and friends); sizes the cursor. */
    public abstract int maxLevels(Geometry geo);

    /**
     * {@link #maxLevels} as the kernel has it, computed once per mount (m_alloc_maxlevels, m_bm_maxlevels): the
     * answer for the last geometry asked about is kept, since reservations and free-list sizing ask on every
     * transaction. Geometries are immutable, so a racing caller at worst computes it again.
     */
    public final int mountMaxLevels(Geometry geo) {
        MaxLevels m = maxLevelsMemo;
        if (m == null || m.geo() != geo) {
            m = new MaxLevels(geo, maxLevels(geo));
            maxLevelsMemo = m;
        }
        return m.levels();
    }

    private record MaxLevels(Geometry geo, int levels) {
    }

    private volatile MaxLevels maxLevelsMemo;

    /**
     * get_maxrecs: entries that fit in one block at {@code level}. The default is the kernel's formula for
     * blocks on disk: (blocksize - header) / recLen for leaves, / (keyLen + ptrLen) for nodes. The engine asks the
     * {@link InodeRoot} instead for a root held in an inode ({@link BtreeBlocks#maxRecs}).
     */
    public int maxRecs(BtreeCursor cur, int level) {
        int space = cur.geometry().blocksize - blockLen();
        return level == 0 ? space / recLen() : space / (keyLen() + ptrLen());
    }

    /** get_minrecs: every non-root block holds at least this many entries (xfs_repair enforces it). */
    public int minRecs(BtreeCursor cur, int level) {
        return maxRecs(cur, level) / 2;
    }

    /** init_key_from_rec: the key that represents the record {@code rec[recOff..]} in the nodes above it. */
    public abstract void initKeyFromRec(byte[] key, int keyOff, byte[] rec, int recOff);

    /**
     * key_diff: the key at {@code key[off..]} minus the cursor's search record (as a key); negative means the key
     * sorts before the record. Drives the binary search of {@link Btree#lookup}.
     */
    public abstract long keyDiff(BtreeCursor cur, byte[] key, int off);

    /** diff_two_keys: k1 - k2 in this tree's key order. */
    public abstract long diffTwoKeys(byte[] k1, int off1, byte[] k2, int off2);

    /**
     * What xfs_btree_lookup does at the leaf level for each record it probes: init_key_from_rec, then key_diff
     * against the search record. Trees whose key is a prefix of the record, or can be read out of it in place,
     * override this to skip the copy.
     */
    public long recKeyDiff(BtreeCursor cur, byte[] rec, int recOff) {
        initKeyFromRec(cur.scratchKey, 0, rec, recOff);
        return keyDiff(cur, cur.scratchKey, 0);
    }

    /**
     * The fields of a leaf record that make its key, most significant first (one or two), when {@link #recKeyDiff}
     * is the field-by-field difference of those fields against the search record's: the engine's binary search then
     * reads them in place ({@link KeyField}). Null, the default, leaves the search to {@link #recKeyDiff}. The search
     * record (the cursor's bc_rec) is read with these fields too.
     */
    public KeyField[] recKeyFields() {
        return null;
    }

    /** The same for a node key, matching {@link #keyDiff}; non-null exactly when {@link #recKeyFields} is. */
    public KeyField[] keyFields() {
        return null;
    }

    /** keys_inorder: true when k1 sorts strictly before k2. */
    public boolean keysInorder(byte[] k1, int off1, byte[] k2, int off2) {
        return diffTwoKeys(k1, off1, k2, off2) < 0;
    }

    /** recs_inorder: true when record r1 may precede r2 in a leaf (for extents: without overlapping it). */
    public abstract boolean recsInorder(byte[] r1, int off1, byte[] r2, int off2);

    /** init_ptr_from_cur: the root pointer from where the root lives (agf_roots[btnum], agi_root...). */
    public abstract long initPtrFromCur(BtreeCursor cur);

    /**
     * set_root: the tree has a new root block {@code ptr} and {@code levelChange} (+1 on a new root, -1 when the
     * root is killed) levels more; write and log that where the root lives.
     */
    public abstract void setRoot(BtreeCursor cur, long ptr, int levelChange);

    /** alloc_block: a new block for a split or a new root, or the null pointer when none is left. */
    public long allocBlock(BtreeCursor cur, long hintPtr) throws XfsException {
        return cur.blockAllocator().allocBlock(cur, hintPtr);
    }

    /** free_block: gives back a block emptied by a join or a root collapse. */
    public void freeBlock(BtreeCursor cur, XfsBuf bp) throws XfsException {
        cur.blockAllocator().freeBlock(cur, BtreeBlocks.bufToPtr(cur, bp));
    }

    /**
     * update_lastrec: the last record of the tree changed (used by the cntbt to keep agf_longest). {@code rec} is
     * null for DELREC; {@code ptr} is the 1-based index in the rightmost leaf {@code bp}.
     */
    public void updateLastrec(BtreeCursor cur, XfsBuf bp, byte[] rec, int ptr, LastrecReason reason) {
    }
}
