// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import static org.jxfs.core.btree.BtreeBlocks.BB_ALL_BITS;
import static org.jxfs.core.btree.BtreeBlocks.BB_LEFTSIB;
import static org.jxfs.core.btree.BtreeBlocks.BB_NUMRECS;
import static org.jxfs.core.btree.BtreeBlocks.BB_RIGHTSIB;
import static org.jxfs.core.btree.BtreeBlocks.bufToPtr;
import static org.jxfs.core.btree.BtreeBlocks.copyKeys;
import static org.jxfs.core.btree.BtreeBlocks.copyPtrs;
import static org.jxfs.core.btree.BtreeBlocks.copyRecs;
import static org.jxfs.core.btree.BtreeBlocks.corrupt;
import static org.jxfs.core.btree.BtreeBlocks.getBufBlock;
import static org.jxfs.core.btree.BtreeBlocks.getKeys;
import static org.jxfs.core.btree.BtreeBlocks.initBlockCur;
import static org.jxfs.core.btree.BtreeBlocks.keyOff;
import static org.jxfs.core.btree.BtreeBlocks.level;
import static org.jxfs.core.btree.BtreeBlocks.logBlock;
import static org.jxfs.core.btree.BtreeBlocks.logKeys;
import static org.jxfs.core.btree.BtreeBlocks.logPtrs;
import static org.jxfs.core.btree.BtreeBlocks.logRecs;
import static org.jxfs.core.btree.BtreeBlocks.maxRecs;
import static org.jxfs.core.btree.BtreeBlocks.dmaxRecs;
import static org.jxfs.core.btree.BtreeBlocks.getPtr;
import static org.jxfs.core.btree.BtreeBlocks.nullPtr;
import static org.jxfs.core.btree.BtreeBlocks.numrecs;
import static org.jxfs.core.btree.BtreeBlocks.ptrIsNull;
import static org.jxfs.core.btree.BtreeBlocks.ptrOff;
import static org.jxfs.core.btree.BtreeBlocks.readBufBlock;
import static org.jxfs.core.btree.BtreeBlocks.recOff;
import static org.jxfs.core.btree.BtreeBlocks.setNumrecs;
import static org.jxfs.core.btree.BtreeBlocks.setPtr;
import static org.jxfs.core.btree.BtreeBlocks.setSibling;
import static org.jxfs.core.btree.BtreeBlocks.setbuf;
import static org.jxfs.core.btree.BtreeBlocks.shiftKeys;
import static org.jxfs.core.btree.BtreeBlocks.shiftPtrs;
import static org.jxfs.core.btree.BtreeBlocks.shiftRecs;
import static org.jxfs.core.btree.BtreeBlocks.sibling;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;

/**
 * Insertion with its rebalancing (the insert section of xfs_btree.c): shifting one entry to a sibling, splitting
 * a block, growing a new root, and the per-level insert loop. Shifts are tried before splits because they keep
 * blocks fuller and cost no allocation.
 */
final class BtreeInsert {
    private BtreeInsert() {
    }

    /**
     * What one level of insert hands to the next (the in/out parameters of xfs_btree_insrec and of the split below
     * it): the record being inserted, the pointer and key of a block created by a split at the level below (null
     * pointer when none) with the cursor that points at it, and the same three for a split at this level. Key
     * arrays are made by the first split that needs them: most inserts split nothing and allocate nothing else.
     */
    private static final class Pending {
        final byte[] rec;
        long ptr;
        byte[] key;
        BtreeCursor ncur;
        /** The split at the current level (out.ptr, out.key, out.ncur of __xfs_btree_split). */
        long splitPtr;
        byte[] splitKey;
        BtreeCursor splitCur;
        /** The entry index before and after making room (optr and ptr of xfs_btree_insrec). */
        int optr;
        int index;

        Pending(BtreeCursor cur) {
            this.rec = cur.rec();
            this.ptr = nullPtr(cur);
        }

        /** The split's key array, made on the first split. */
        byte[] splitKey(BtreeCursor cur) {
            if (splitKey == null) {
                splitKey = new byte[cur.ops().keyLen()];
            }
            return splitKey;
        }

        /** The split at this level becomes what the level above inserts; the key arrays swap, no copy. */
        void promoteSplit() {
            byte[] k = key;
            key = splitKey;
            splitKey = k;
            ptr = splitPtr;
            ncur = splitCur;
        }
    }

    /**
     * Ports xfs_btree_lshift: moves the first entry of the cursor's block into the left sibling. Refused when the
     * cursor is on that entry ("too complicated", as the kernel says): the caller is about to insert there.
     */
    static int lshift(BtreeCursor cur, int level) throws XfsException {
        BtreeOps ops = cur.ops();
        // A root in an inode has no siblings.
        if (cur.atIroot(level)) {
            return 0;
        }
        XfsBuf rbp = cur.getBlock(level);
        long lptr = sibling(cur, rbp, false);
        if (ptrIsNull(cur, lptr)) {
            return 0;
        }
        if (cur.ptrs[level] <= 1) {
            return 0;
        }
        XfsBuf lbp = readBufBlock(cur, lptr);
        int lrecs = numrecs(lbp);
        if (lrecs == maxRecs(cur, level)) {
            return 0;
        }
        int rrecs = numrecs(rbp);
        lrecs++;
        rrecs--;
        if (level > 0) {
            copyKeys(cur, lbp, lrecs, rbp, 1, 1);
            copyPtrs(cur, lbp, lrecs, rbp, 1, 1);
            logKeys(cur, lbp, lrecs, lrecs);
            logPtrs(cur, lbp, lrecs, lrecs);
            assert lrecs == 1 || ops.keysInorder(lbp.data(), keyOff(cur, lrecs - 1), lbp.data(), keyOff(cur, lrecs));
        } else {
            copyRecs(cur, lbp, lrecs, rbp, 1, 1);
            logRecs(cur, lbp, lrecs, lrecs);
            assert lrecs == 1 || ops.recsInorder(lbp.data(), recOff(cur, lrecs - 1), lbp.data(), recOff(cur, lrecs));
        }
        setNumrecs(lbp, lrecs);
        logBlock(cur, lbp, BB_NUMRECS);
        setNumrecs(rbp, rrecs);
        logBlock(cur, rbp, BB_NUMRECS);
        // Slide the contents of right down one entry.
        if (level > 0) {
            shiftKeys(cur, rbp, 2, -1, rrecs);
            shiftPtrs(cur, rbp, 2, -1, rrecs);
            logKeys(cur, rbp, 1, rrecs);
            logPtrs(cur, rbp, 1, rrecs);
        } else {
            shiftRecs(cur, rbp, 2, -1, rrecs);
            logRecs(cur, rbp, 1, rrecs);
        }
        // The right block's first entry changed: its key in the parent must follow.
        Btree.updateKeys(cur, level);
        cur.ptrs[level]--;
        return 1;
    }

    /**
     * Ports xfs_btree_rshift: moves the last entry of the cursor's block to the front of the right sibling, whose
     * parent key then changes; a temporary cursor walks to the right block to update it.
     */
    static int rshift(BtreeCursor cur, int level) throws XfsException {
        BtreeOps ops = cur.ops();
        if (cur.atIroot(level)) {
            return 0;
        }
        XfsBuf lbp = cur.getBlock(level);
        long rptr = sibling(cur, lbp, true);
        if (ptrIsNull(cur, rptr)) {
            return 0;
        }
        int lrecs = numrecs(lbp);
        if (cur.ptrs[level] >= lrecs) {
            return 0;
        }
        XfsBuf rbp = readBufBlock(cur, rptr);
        int rrecs = numrecs(rbp);
        if (rrecs == maxRecs(cur, level)) {
            return 0;
        }
        if (level > 0) {
            shiftKeys(cur, rbp, 1, 1, rrecs);
            shiftPtrs(cur, rbp, 1, 1, rrecs);
            copyKeys(cur, rbp, 1, lbp, lrecs, 1);
            copyPtrs(cur, rbp, 1, lbp, lrecs, 1);
            logKeys(cur, rbp, 1, rrecs + 1);
            logPtrs(cur, rbp, 1, rrecs + 1);
            assert ops.keysInorder(rbp.data(), keyOff(cur, 1), rbp.data(), keyOff(cur, 2));
        } else {
            shiftRecs(cur, rbp, 1, 1, rrecs);
            copyRecs(cur, rbp, 1, lbp, lrecs, 1);
            logRecs(cur, rbp, 1, rrecs + 1);
        }
        setNumrecs(lbp, --lrecs);
        logBlock(cur, lbp, BB_NUMRECS);
        setNumrecs(rbp, ++rrecs);
        logBlock(cur, rbp, BB_NUMRECS);

        BtreeCursor tcur = cur.dup();
        if (!Btree.lastrec(tcur, level)) {
            throw corrupt(cur, lbp, "rshift left an empty block");
        }
        if (Btree.increment(tcur, level) != 1) {
            throw corrupt(cur, lbp, "rshift cannot reach the right sibling");
        }
        Btree.updateKeys(tcur, level);
        return 1;
    }

    /**
     * Ports __xfs_btree_split: moves the upper half of the cursor's block into a new right sibling. With an odd
     * count the half holding the cursor gets the smaller share, so both blocks end up equal after the insert.
     * Returns the new block and its key in {@code out}, and a cursor for it when a level above must be updated.
     */
    private static int split(BtreeCursor cur, int level, Pending out) throws XfsException {
        BtreeOps ops = cur.ops();
        assert !cur.atIroot(level) : "a root in an inode is moved into a block, not split";
        XfsBuf lbp = cur.getBlock(level);
        long lptr = bufToPtr(cur, lbp);
        long rptr = ops.allocBlock(cur, lptr);
        if (ptrIsNull(cur, rptr)) {
            return 0;
        }
        XfsBuf rbp = getBufBlock(cur, rptr);
        initBlockCur(cur, rbp, level(lbp), 0);

        int lrecs = numrecs(lbp);
        int rrecs = lrecs / 2;
        if ((lrecs & 1) != 0 && cur.ptrs[level] <= rrecs + 1) {
            rrecs++;
        }
        int srcIndex = lrecs - rrecs + 1;
        lrecs -= rrecs;
        setNumrecs(lbp, lrecs);
        setNumrecs(rbp, numrecs(rbp) + rrecs);
        if (level > 0) {
            copyKeys(cur, rbp, 1, lbp, srcIndex, rrecs);
            copyPtrs(cur, rbp, 1, lbp, srcIndex, rrecs);
            logKeys(cur, rbp, 1, rrecs);
            logPtrs(cur, rbp, 1, rrecs);
        } else {
            copyRecs(cur, rbp, 1, lbp, srcIndex, rrecs);
            logRecs(cur, rbp, 1, rrecs);
        }
        getKeys(cur, rbp, out.splitKey(cur), 0);

        long rrptr = sibling(cur, lbp, true);
        setSibling(cur, rbp, rrptr, true);
        setSibling(cur, rbp, lptr, false);
        setSibling(cur, lbp, rptr, true);
        logBlock(cur, rbp, BB_ALL_BITS);
        logBlock(cur, lbp, BB_NUMRECS | BB_RIGHTSIB);
        // The block after the new one must point back to it instead of to the old one.
        if (!ptrIsNull(cur, rrptr)) {
            XfsBuf rrbp = readBufBlock(cur, rrptr);
            setSibling(cur, rrbp, rptr, false);
            logBlock(cur, rrbp, BB_LEFTSIB);
        }
        // If the cursor is past the left block's last entry + 1, it belongs in the right block.
        if (cur.ptrs[level] > lrecs + 1) {
            setbuf(cur, level, rbp);
            cur.ptrs[level] -= lrecs;
        }
        // The level above needs a cursor on the new block, wherever this cursor went.
        if (level + 1 < cur.nlevels) {
            out.splitCur = cur.dup();
            out.splitCur.ptrs[level + 1]++;
        }
        out.splitPtr = rptr;
        return 1;
    }

    /**
     * Ports xfs_btree_new_root: the root was split, so a new root with two entries (the old root and its new
     * sibling) goes on top and the tree grows by one level.
     */
    private static int newRoot(BtreeCursor cur) throws XfsException {
        BtreeOps ops = cur.ops();
        long oldRoot = ops.initPtrFromCur(cur);
        long newPtr = ops.allocBlock(cur, oldRoot);
        if (ptrIsNull(cur, newPtr)) {
            return 0;
        }
        XfsBuf nbp = getBufBlock(cur, newPtr);
        ops.setRoot(cur, newPtr, 1);

        // Two blocks now sit at the old root level; find out which one the cursor is in.
        XfsBuf bp = cur.getBlock(cur.nlevels - 1);
        XfsBuf lbp;
        XfsBuf rbp;
        long lptr;
        long rptr = sibling(cur, bp, true);
        int nptr;
        if (!ptrIsNull(cur, rptr)) {
            lbp = bp;
            lptr = bufToPtr(cur, lbp);
            rbp = readBufBlock(cur, rptr);
            nptr = 1;
        } else {
            rbp = bp;
            rptr = bufToPtr(cur, rbp);
            lptr = sibling(cur, rbp, false);
            lbp = readBufBlock(cur, lptr);
            nptr = 2;
        }
        initBlockCur(cur, nbp, cur.nlevels, 2);
        logBlock(cur, nbp, BB_ALL_BITS);
        assert !ptrIsNull(cur, lptr) && !ptrIsNull(cur, rptr);
        getKeys(cur, lbp, nbp.data(), keyOff(cur, 1));
        getKeys(cur, rbp, nbp.data(), keyOff(cur, 2));
        logKeys(cur, nbp, 1, 2);
        setPtr(cur, nbp.data(), ptrOff(cur, 1, cur.nlevels), lptr);
        setPtr(cur, nbp.data(), ptrOff(cur, 2, cur.nlevels), rptr);
        logPtrs(cur, nbp, 1, 2);

        assert cur.nlevels < cur.maxLevels() : cur.ops().name() + " taller than its maximum " + cur.maxLevels();
        setbuf(cur, cur.nlevels, nbp);
        cur.ptrs[cur.nlevels] = nptr;
        cur.nlevels++;
        return 1;
    }

    /**
     * Ports xfs_btree_new_iroot: the root held in the inode is full and the fork has no room to grow it, so its
     * entries move into a new block and the root keeps a single pointer to that block: the tree grows by one level
     * while the root stays in the inode. The cursor's path at the old root level now goes through the new block
     * at the same index, so the caller's insert continues there.
     *
     * <p>The kernel copies the in-core root's header into the block and then fixes bb_blkno; this initialises the
     * header from the cursor instead, which gives the same bytes (same magic, level, count, owner and uuid, null
     * siblings) without trusting what the in-core header carries.
     */
    private static int newIroot(BtreeCursor cur) throws XfsException {
        BtreeOps ops = cur.ops();
        InodeRoot iroot = cur.inodeRoot();
        int level = cur.nlevels - 1;
        XfsBuf block = cur.getIroot();
        byte[] root = block.data();
        assert level >= 1 : ops.name() + ": a root leaf in an inode belongs to the fork's extents format";
        int rootPtrOff = ptrOff(cur, 1, level);
        long nptr = ops.allocBlock(cur, getPtr(cur, root, rootPtrOff));
        if (ptrIsNull(cur, nptr)) {
            return 0;
        }
        XfsBuf cbp = getBufBlock(cur, nptr);
        int numrecs = numrecs(block);
        initBlockCur(cur, cbp, level, numrecs);

        BtreeBlock.setLevel(root, level + 1);
        BtreeBlock.setNumrecs(root, 1);
        cur.nlevels++;
        assert cur.nlevels <= cur.maxLevels() : ops.name() + " taller than its maximum " + cur.maxLevels();
        cur.ptrs[level + 1] = 1;

        // The old root level is now an ordinary block: its pointers sit after a full block's keys.
        System.arraycopy(root, keyOff(cur, 1), cbp.data(), keyOff(cur, 1), numrecs * ops.keyLen());
        System.arraycopy(root, rootPtrOff, cbp.data(), ptrOff(cur, 1, level), numrecs * ops.ptrLen());
        setPtr(cur, root, rootPtrOff, nptr);
        iroot.realloc(1 - numrecs);
        setbuf(cur, level, cbp);

        // Log at the end, so that the root is at the right level.
        logBlock(cur, cbp, BB_ALL_BITS);
        logKeys(cur, cbp, 1, numrecs);
        logPtrs(cur, cbp, 1, numrecs);
        return 1;
    }

    /**
     * Ports xfs_btree_make_block_unfull: room for one more entry, by shifting right, then left, then splitting. A
     * root in an inode has no siblings and is never split: it grows while the fork has room, else moves down.
     * {@code p.optr} is the old index (used to decide on key updates), {@code p.index} the index to insert at.
     */
    private static int makeBlockUnfull(BtreeCursor cur, int level, Pending p) throws XfsException {
        if (cur.atIroot(level)) {
            InodeRoot iroot = cur.inodeRoot();
            if (numrecs(cur.getIroot()) < dmaxRecs(cur, level)) {
                // A root that the fork's literal area lets grow.
                iroot.realloc(1);
                return 1;
            }
            // A root that needs replacing by a block.
            if (newIroot(cur) == 0) {
                return 0;
            }
            iroot.log(cur.trans(), InodeRoot.LOG_CORE | InodeRoot.LOG_BROOT);
            return 1;
        }
        if (rshift(cur, level) == 1) {
            return 1;
        }
        if (lshift(cur, level) == 1) {
            p.optr = p.index = cur.ptrs[level];
            return 1;
        }
        if (split(cur, level, p) == 0) {
            return 0;
        }
        p.index = cur.ptrs[level];
        return 1;
    }

    /**
     * Ports xfs_btree_insrec: inserts one entry at one level. When the block was full and had to be split, the
     * new block's pointer and key come back in {@code p} for the level above.
     */
    private static int insrec(BtreeCursor cur, int level, Pending p) throws XfsException {
        BtreeOps ops = cur.ops();
        // An external root can be split, and then a new root goes on top; a root in an inode never is.
        if (level >= cur.nlevels) {
            assert cur.inodeRoot() == null : ops.name() + ": insert above the root in the inode";
            int stat = newRoot(cur);
            p.ptr = nullPtr(cur);
            return stat;
        }
        int ptr = cur.ptrs[level];
        if (ptr == 0) {
            return 0;
        }
        int optr = ptr;
        XfsBuf bp = cur.getBlock(level);
        long oldBn = bp.daddr();
        int numrecs = numrecs(bp);
        assert ptr > numrecs || (level == 0
                ? ops.recsInorder(p.rec, 0, bp.data(), recOff(cur, ptr))
                : ops.keysInorder(p.key, 0, bp.data(), keyOff(cur, ptr))) : ops.name() + ": insert out of order";

        p.splitPtr = nullPtr(cur);
        p.splitCur = null;
        if (numrecs == maxRecs(cur, level)) {
            p.optr = optr;
            p.index = ptr;
            if (makeBlockUnfull(cur, level, p) == 0) {
                return 0;
            }
            optr = p.optr;
            ptr = p.index;
        }
        // The block may have changed if it was full and we made room.
        bp = cur.getBlock(level);
        numrecs = numrecs(bp);
        if (level > 0) {
            shiftKeys(cur, bp, ptr, 1, numrecs - ptr + 1);
            shiftPtrs(cur, bp, ptr, 1, numrecs - ptr + 1);
            System.arraycopy(p.key, 0, bp.data(), keyOff(cur, ptr), ops.keyLen());
            setPtr(cur, bp.data(), ptrOff(cur, ptr, level), p.ptr);
            setNumrecs(bp, ++numrecs);
            logPtrs(cur, bp, ptr, numrecs);
            logKeys(cur, bp, ptr, numrecs);
            assert ptr == numrecs || ops.keysInorder(bp.data(), keyOff(cur, ptr), bp.data(), keyOff(cur, ptr + 1));
        } else {
            shiftRecs(cur, bp, ptr, 1, numrecs - ptr + 1);
            System.arraycopy(p.rec, 0, bp.data(), recOff(cur, ptr), ops.recLen());
            setNumrecs(bp, ++numrecs);
            logRecs(cur, bp, ptr, numrecs);
            assert ptr == numrecs || ops.recsInorder(bp.data(), recOff(cur, ptr), bp.data(), recOff(cur, ptr + 1));
        }
        logBlock(cur, bp, BB_NUMRECS);

        // Inserted into the new block: its key (already computed by split) is stale. Otherwise the usual update.
        if (bp.daddr() != oldBn) {
            getKeys(cur, bp, p.splitKey(cur), 0);
        } else if (optr == 1) {
            Btree.updateKeys(cur, level);
        }
        if (Btree.isLastrec(cur, bp, level)) {
            ops.updateLastrec(cur, bp, p.rec, ptr, BtreeOps.LastrecReason.INSREC);
        }
        p.promoteSplit();
        return 1;
    }

    /** Ports xfs_btree_insert: insrec level by level while splits leave something to insert above. */
    static int insert(BtreeCursor cur) throws XfsException {
        // The search record is only read while it is inserted (a split's cursor copies it), so it is not copied.
        Pending p = new Pending(cur);
        BtreeCursor pcur = cur;
        int level = 0;
        int i;
        do {
            p.ncur = null;
            i = insrec(pcur, level, p);
            if (i != 1) {
                throw new FsCorruptedException(cur.ops().name() + ": insert failed at level " + level
                        + " (no block for a split, or cursor off the left edge)");
            }
            level++;
            // A cursor made by a split is done with once the next one takes over or nothing is left to insert.
            if (pcur != cur && (p.ncur != null || ptrIsNull(cur, p.ptr))) {
                cur.nlevels = pcur.nlevels;
            }
            if (p.ncur != null) {
                pcur = p.ncur;
            }
        } while (!ptrIsNull(cur, p.ptr));
        return i;
    }
}
