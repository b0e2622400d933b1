// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import static org.jxfs.core.btree.BtreeBlocks.BB_LEFTSIB;
import static org.jxfs.core.btree.BtreeBlocks.BB_NUMRECS;
import static org.jxfs.core.btree.BtreeBlocks.BB_RIGHTSIB;
import static org.jxfs.core.btree.BtreeBlocks.childPtr;
import static org.jxfs.core.btree.BtreeBlocks.copyKeys;
import static org.jxfs.core.btree.BtreeBlocks.copyPtrs;
import static org.jxfs.core.btree.BtreeBlocks.copyRecs;
import static org.jxfs.core.btree.BtreeBlocks.corrupt;
import static org.jxfs.core.btree.BtreeBlocks.freeBlock;
import static org.jxfs.core.btree.BtreeBlocks.keyOff;
import static org.jxfs.core.btree.BtreeBlocks.logBlock;
import static org.jxfs.core.btree.BtreeBlocks.logKeys;
import static org.jxfs.core.btree.BtreeBlocks.logPtrs;
import static org.jxfs.core.btree.BtreeBlocks.logRecs;
import static org.jxfs.core.btree.BtreeBlocks.numrecs;
import static org.jxfs.core.btree.BtreeBlocks.ptrIsNull;
import static org.jxfs.core.btree.BtreeBlocks.ptrOff;
import static org.jxfs.core.btree.BtreeBlocks.readBufBlock;
import static org.jxfs.core.btree.BtreeBlocks.setNumrecs;
import static org.jxfs.core.btree.BtreeBlocks.setSibling;
import static org.jxfs.core.btree.BtreeBlocks.shiftKeys;
import static org.jxfs.core.btree.BtreeBlocks.shiftPtrs;
import static org.jxfs.core.btree.BtreeBlocks.shiftRecs;
import static org.jxfs.core.btree.BtreeBlocks.sibling;

import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;

/**
 * Deletion with its rebalancing (the delete section of xfs_btree.c): removing an entry, borrowing one from a
 * sibling when the block falls below minrecs, joining with a sibling when borrowing cannot work, and collapsing a
 * root left with a single child. xfs_repair rejects non-root blocks under minrecs, so every path keeps them.
 */
final class BtreeDelete {
    /** delrec's stat: nothing to delete at this level. */
    private static final int DONE_NOTHING = 0;
    /** delrec's stat: deleted, the tree is balanced. */
    private static final int DONE = 1;
    /** delrec's stat: two blocks were joined, so the next level up has an entry to delete. */
    private static final int GO_UP = 2;

    private BtreeDelete() {
    }

    /**
     * Ports xfs_btree_kill_root: the root node has a single child, which becomes the root; the tree loses a level
     * and the old root block is freed.
     */
    private static void killRoot(BtreeCursor cur, XfsBuf bp, int level, long newRoot) throws XfsException {
        cur.ops().setRoot(cur, newRoot, -1);
        freeBlock(cur, bp);
        cur.bufs[level] = null;
        cur.nlevels--;
    }

    /**
     * Ports xfs_btree_kill_iroot: the root in the inode has a single child whose entries fit in the fork, so they
     * move up into the root and the child is freed; the tree loses a level and the root stays in the inode. A
     * root over leaves is left alone: when its only leaf fits in the fork, the bmap layer turns the fork back into
     * the EXTENTS format instead.
     */
    static void killIroot(BtreeCursor cur) throws XfsException {
        InodeRoot iroot = cur.inodeRoot();
        assert iroot != null && cur.nlevels > 1;
        int level = cur.nlevels - 1;
        if (level == 1) {
            return;
        }
        XfsBuf block = cur.getIroot();
        if (numrecs(block) != 1) {
            return;
        }
        XfsBuf cbp = cur.getBlock(level - 1);
        int numrecs = numrecs(cbp);
        if (numrecs > BtreeBlocks.dmaxRecs(cur, level)) {
            return;
        }
        assert ptrIsNull(cur, sibling(cur, block, false)) && ptrIsNull(cur, sibling(cur, block, true));
        int index = numrecs - BtreeBlocks.maxRecs(cur, level);
        if (index != 0) {
            iroot.realloc(index);
            block = cur.getIroot();
        }
        setNumrecs(block, numrecs(block) + index);
        assert numrecs(block) == numrecs : "in-core root capacity " + iroot.maxRecs() + " differs from its count";
        BtreeOps ops = cur.ops();
        byte[] root = block.data();
        System.arraycopy(cbp.data(), keyOff(cur, 1), root, keyOff(cur, 1), numrecs * ops.keyLen());
        System.arraycopy(cbp.data(), ptrOff(cur, 1, level - 1), root, ptrOff(cur, 1, level), numrecs * ops.ptrLen());
        freeBlock(cur, cbp);
        cur.bufs[level - 1] = null;
        BtreeBlock.setLevel(root, level - 1);
        iroot.log(cur.trans(), InodeRoot.LOG_CORE | InodeRoot.LOG_BROOT);
        cur.nlevels--;
    }

    /** Ports xfs_btree_dec_cursor: after a delete above the leaves, step back so the cursor stays consistent. */
    private static int decCursor(BtreeCursor cur, int level) throws XfsException {
        if (level > 0) {
            Btree.decrement(cur, level);
        }
        return DONE;
    }

    /**
     * Ports xfs_btree_delrec: removes the entry at the cursor from one level, then keeps the block at or above
     * minrecs: first by taking one entry from the right sibling, then from the left (each only if the sibling stays
     * at or above minrecs itself), and otherwise by joining with whichever sibling has room for all entries.
     */
    private static int delrec(BtreeCursor cur, int level) throws XfsException {
        BtreeOps ops = cur.ops();
        int ptr = cur.ptrs[level];
        if (ptr == 0) {
            return DONE_NOTHING;
        }
        XfsBuf bp = cur.getBlock(level);
        int numrecs = numrecs(bp);
        if (ptr > numrecs) {
            return DONE_NOTHING;
        }
        // Excise the entry.
        if (level > 0) {
            if (ptr < numrecs) {
                shiftKeys(cur, bp, ptr + 1, -1, numrecs - ptr);
                shiftPtrs(cur, bp, ptr + 1, -1, numrecs - ptr);
                logKeys(cur, bp, ptr, numrecs - 1);
                logPtrs(cur, bp, ptr, numrecs - 1);
            }
        } else if (ptr < numrecs) {
            shiftRecs(cur, bp, ptr + 1, -1, numrecs - ptr);
            logRecs(cur, bp, ptr, numrecs - 1);
        }
        setNumrecs(bp, --numrecs);
        logBlock(cur, bp, BB_NUMRECS);
        if (Btree.isLastrec(cur, bp, level)) {
            ops.updateLastrec(cur, bp, null, ptr, BtreeOps.LastrecReason.DELREC);
        }

        // At the root: a node left with one child is replaced by that child; otherwise nothing to rebalance.
        if (level == cur.nlevels - 1) {
            if (cur.inodeRoot() != null) {
                // Shrink the in-core root with its count, then try to pull the level below up into it.
                cur.inodeRoot().realloc(-1);
                killIroot(cur);
                // The kernel steps back at this level even when kill_iroot removed it; that index is gone.
                if (level < cur.nlevels) {
                    decCursor(cur, level);
                }
                return DONE;
            }
            if (numrecs == 1 && level > 0) {
                killRoot(cur, bp, level, childPtr(cur, bp, 1));
            } else if (level > 0) {
                decCursor(cur, level);
            }
            return DONE;
        }
        if (ptr == 1) {
            Btree.updateKeys(cur, level);
        }
        if (numrecs >= ops.minRecs(cur, level)) {
            return decCursor(cur, level);
        }

        // Too few entries: try to rebalance by moving one entry from a sibling.
        long rptr = sibling(cur, bp, true);
        long lptr = sibling(cur, bp, false);
        // The only child of a root in an inode: copy it into the root if it fits. Nothing to delete above.
        if (cur.inodeRoot() != null && ptrIsNull(cur, rptr) && ptrIsNull(cur, lptr) && level == cur.nlevels - 2) {
            killIroot(cur);
            return decCursor(cur, level);
        }
        assert !ptrIsNull(cur, rptr) || !ptrIsNull(cur, lptr) : "non-root block without siblings";
        // A separate cursor, so that moving around here does not disturb the path of the level above.
        BtreeCursor tcur = cur.dup();
        long cptr = BtreeBlocks.nullPtr(cur);
        int rrecs = 0;
        int lrecs = 0;
        if (!ptrIsNull(cur, rptr)) {
            // Move the temp cursor into the right block: any entry but the first will do for lshift.
            expect(cur, bp, Btree.lastrec(tcur, level) && Btree.increment(tcur, level) == 1
                    && Btree.lastrec(tcur, level), "cannot reach the right sibling");
            XfsBuf rbp = tcur.getBlock(level);
            cptr = sibling(cur, rbp, false);
            if (numrecs(rbp) - 1 >= ops.minRecs(tcur, level)) {
                if (BtreeInsert.lshift(tcur, level) == 1) {
                    assert numrecs(bp) >= ops.minRecs(tcur, level);
                    return decCursor(cur, level);
                }
            }
            rrecs = numrecs(rbp);
            // Point the temp cursor back at our block (its last entry) for the left sibling's turn.
            if (!ptrIsNull(cur, lptr)) {
                expect(cur, bp, Btree.firstrec(tcur, level) && Btree.decrement(tcur, level) == 1,
                        "cannot return from the right sibling");
            }
        }
        if (!ptrIsNull(cur, lptr)) {
            // Move the temp cursor into the left block, on its first entry so rshift may take its last one.
            expect(cur, bp, Btree.firstrec(tcur, level) && Btree.decrement(tcur, level) == 1
                    && Btree.firstrec(tcur, level), "cannot reach the left sibling");
            XfsBuf lbp = tcur.getBlock(level);
            cptr = sibling(cur, lbp, true);
            if (numrecs(lbp) - 1 >= ops.minRecs(tcur, level)) {
                if (BtreeInsert.rshift(tcur, level) == 1) {
                    assert numrecs(bp) >= ops.minRecs(tcur, level);
                    // The borrowed entry went in front of ours.
                    if (level == 0) {
                        cur.ptrs[0]++;
                    }
                    return DONE;
                }
            }
            lrecs = numrecs(lbp);
        }
        assert !ptrIsNull(cur, cptr);

        // Borrowing did not work: join with a sibling that has room for everything.
        XfsBuf lbp;
        XfsBuf rbp;
        int maxrecs = BtreeBlocks.maxRecs(cur, level);
        if (!ptrIsNull(cur, lptr) && lrecs + numrecs(bp) <= maxrecs) {
            rptr = cptr;
            rbp = bp;
            lbp = readBufBlock(cur, lptr);
        } else if (!ptrIsNull(cur, rptr) && rrecs + numrecs(bp) <= maxrecs) {
            lptr = cptr;
            lbp = bp;
            rbp = readBufBlock(cur, rptr);
        } else {
            // Cannot fix the imbalance: the kernel calls this probably a logic error, but not fatal.
            return decCursor(cur, level);
        }
        rrecs = numrecs(rbp);
        lrecs = numrecs(lbp);
        // Move everything in right to the end of left, then delete right.
        if (level > 0) {
            copyKeys(cur, lbp, lrecs + 1, rbp, 1, rrecs);
            copyPtrs(cur, lbp, lrecs + 1, rbp, 1, rrecs);
            logKeys(cur, lbp, lrecs + 1, lrecs + rrecs);
            logPtrs(cur, lbp, lrecs + 1, lrecs + rrecs);
        } else {
            copyRecs(cur, lbp, lrecs + 1, rbp, 1, rrecs);
            logRecs(cur, lbp, lrecs + 1, lrecs + rrecs);
        }
        setNumrecs(lbp, lrecs + rrecs);
        long rrptr = sibling(cur, rbp, true);
        setSibling(cur, lbp, rrptr, true);
        logBlock(cur, lbp, BB_NUMRECS | BB_RIGHTSIB);
        if (!ptrIsNull(cur, rrptr)) {
            XfsBuf rrbp = readBufBlock(cur, rrptr);
            setSibling(cur, rrbp, lptr, false);
            logBlock(cur, rrbp, BB_LEFTSIB);
        }
        freeBlock(cur, rbp);

        if (bp != lbp) {
            // Joined into the left neighbour: follow our entries there.
            BtreeBlocks.setbuf(cur, level, lbp);
            cur.ptrs[level] += lrecs;
        } else if (cur.inodeRoot() != null || level + 1 < cur.nlevels) {
            // Joined the right neighbour into us: the entry to delete above is the right block's.
            Btree.increment(cur, level + 1);
        }
        // Not a leaf: the index still points at the deletion point; the caller fixes a resulting 0.
        if (level > 0) {
            cur.ptrs[level]--;
        }
        return GO_UP;
    }

    private static void expect(BtreeCursor cur, XfsBuf bp, boolean ok, String why) throws XfsException {
        if (!ok) {
            throw corrupt(cur, bp, why);
        }
    }

    /** Ports xfs_btree_delete: delrec level by level while joins leave an entry to delete above. */
    static int delete(BtreeCursor cur) throws XfsException {
        int i = GO_UP;
        for (int level = 0; i == GO_UP; level++) {
            i = delrec(cur, level);
        }
        if (i == DONE_NOTHING) {
            for (int level = 1; level < cur.nlevels; level++) {
                if (cur.ptrs[level] == 0) {
                    i = Btree.decrement(cur, level);
                    break;
                }
            }
        }
        return i;
    }
}
