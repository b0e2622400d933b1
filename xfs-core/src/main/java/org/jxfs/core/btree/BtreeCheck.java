// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import static org.jxfs.core.btree.BtreeBlocks.childPtr;
import static org.jxfs.core.btree.BtreeBlocks.keyOff;
import static org.jxfs.core.btree.BtreeBlocks.numrecs;
import static org.jxfs.core.btree.BtreeBlocks.nullPtr;
import static org.jxfs.core.btree.BtreeBlocks.ptrIsNull;
import static org.jxfs.core.btree.BtreeBlocks.recOff;
import static org.jxfs.core.btree.BtreeBlocks.sibling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;

/**
 * Whole-tree consistency check, what xfs_repair's scan_sbtree/scan_lbtree and online scrub (scrub/btree.c) check
 * on a btree: every block's header (magic, level, owner, uuid, self address), record counts within [minrecs,
 * maxrecs] except at the root, sibling chains that link each level left to right with null ends, entries in strict
 * order within and across blocks, and every node key equal to the first key of the child it points to. Returns
 * the problems found, empty when the tree is sound; it stops descending at the first level that cannot be walked.
 */
public final class BtreeCheck {
    /** Stop collecting after this many problems: one corrupt block tends to cause many more reports. */
    private static final int MAX_PROBLEMS = 100;

    private final BtreeCursor cur;
    private final BtreeOps ops;
    private final List<String> problems = new ArrayList<>();
    private final Set<Long> seen = new HashSet<>();

    private BtreeCheck(BtreeCursor cur) {
        this.cur = cur;
        this.ops = cur.ops();
    }

    /** Checks the whole tree the cursor is on; the cursor's path is reused and left unspecified. */
    public static List<String> check(BtreeCursor cur) throws XfsException {
        BtreeCheck c = new BtreeCheck(cur);
        c.run();
        return c.problems;
    }

    private void problem(XfsBuf bp, int level, String what) {
        if (problems.size() < MAX_PROBLEMS) {
            String where = bp == null ? "" : cur.isIroot(bp) ? " root in inode " + cur.owner()
                    : " block " + BtreeBlocks.bufToPtr(cur, bp) + " (daddr 0x" + Long.toHexString(bp.daddr()) + ")";
            problems.add(ops.name() + where + " level " + level + ": " + what);
        }
    }

    private void run() throws XfsException {
        int nlevels = cur.nlevels();
        if (nlevels < 1 || nlevels > cur.maxLevels()) {
            problem(null, nlevels, "tree height " + nlevels + " outside [1, " + cur.maxLevels() + "]");
            return;
        }
        // Blocks of the level being checked, in the order their parents point to them.
        List<Long> level = List.of(ops.initPtrFromCur(cur));
        List<byte[]> parentKeys = new ArrayList<>();
        parentKeys.add(null);
        for (int lev = nlevels - 1; lev >= 0; lev--) {
            List<Long> next = new ArrayList<>();
            List<byte[]> nextKeys = new ArrayList<>();
            if (!checkLevel(lev, level, parentKeys, next, nextKeys)) {
                return;
            }
            level = next;
            parentKeys = nextKeys;
        }
    }

    /** Checks one level; fills the child pointers and keys of the level below. False when it cannot go on. */
    private boolean checkLevel(int lev, List<Long> ptrs, List<byte[]> keys, List<Long> next, List<byte[]> nextKeys)
            throws XfsException {
        boolean root = lev == cur.nlevels() - 1;
        int maxrecs = BtreeBlocks.maxRecs(cur, lev);
        int minrecs = ops.minRecs(cur, lev);
        // The kernel leaves the only child of a root in an inode under minrecs when it cannot pull it up.
        boolean onlyChildOfIroot = cur.inodeRoot() != null && lev == cur.nlevels() - 2 && ptrs.size() == 1;
        long prevPtr = nullPtr(cur);
        XfsBuf prev = null;
        int prevLast = -1;
        for (int i = 0; i < ptrs.size(); i++) {
            long ptr = ptrs.get(i);
            XfsBuf bp;
            if (cur.atIroot(lev)) {
                bp = cur.getIroot();
                if (!checkIroot(bp, lev)) {
                    return false;
                }
            } else {
                if (!seen.add(ptr)) {
                    problem(null, lev, "block " + ptr + " reached twice");
                    return false;
                }
                try {
                    bp = BtreeBlocks.readBufBlock(cur, ptr);
                } catch (XfsException e) {
                    problem(null, lev, "block " + ptr + ": " + e.getMessage());
                    return false;
                }
                checkHeader(bp, lev);
            }
            int n = numrecs(bp);
            if (n > maxrecs) {
                problem(bp, lev, "numrecs " + n + " > maxrecs " + maxrecs);
                return false;
            }
            if (!root && !onlyChildOfIroot && n < minrecs) {
                problem(bp, lev, "numrecs " + n + " < minrecs " + minrecs);
            }
            if (lev > 0 && n == 0) {
                problem(bp, lev, "empty node");
                return false;
            }
            long left = sibling(cur, bp, false);
            if (left != prevPtr) {
                problem(bp, lev, "leftsib " + left + ", expected " + prevPtr);
            }
            long right = sibling(cur, bp, true);
            long expectRight = i + 1 < ptrs.size() ? ptrs.get(i + 1) : nullPtr(cur);
            if (right != expectRight) {
                problem(bp, lev, "rightsib " + right + ", expected " + expectRight);
            }
            if (n > 0) {
                byte[] key = new byte[ops.keyLen()];
                BtreeBlocks.getKeys(cur, bp, key, 0);
                if (keys.get(i) != null && ops.diffTwoKeys(keys.get(i), 0, key, 0) != 0) {
                    problem(bp, lev, "parent key does not match the block's first key");
                }
                checkOrder(bp, lev, n, prev, prevLast);
                prev = bp;
                prevLast = n;
            }
            if (lev > 0) {
                for (int k = 1; k <= n; k++) {
                    long child = childPtr(cur, bp, k);
                    if (ptrIsNull(cur, child) || (!ops.longPtrs()
                            && (child == 0 || child >= cur.geometry().agBlockCount(cur.agno())))) {
                        problem(bp, lev, "bad child pointer " + child + " at entry " + k);
                        return false;
                    }
                    next.add(child);
                    byte[] k2 = new byte[ops.keyLen()];
                    System.arraycopy(bp.data(), keyOff(cur, k), k2, 0, k2.length);
                    nextKeys.add(k2);
                }
            }
            prevPtr = ptr;
        }
        return true;
    }

    /**
     * The root held in an inode, as xfs_iformat_btree and xfs_repair's process_btinode check it: a node (level 1
     * or more) with at least one entry, no more entries than the fork's literal area holds, and no siblings.
     */
    private boolean checkIroot(XfsBuf bp, int lev) {
        byte[] b = bp.data();
        InodeRoot iroot = cur.inodeRoot();
        int n = BtreeBlock.numrecs(b);
        boolean ok = true;
        if (BtreeBlock.level(b) != lev || lev < 1) {
            problem(bp, lev, "root level " + BtreeBlock.level(b) + ", expected " + lev + " (at least 1)");
            ok = false;
        }
        if (n < 1 || n > iroot.forkMaxRecs()) {
            problem(bp, lev, "root numrecs " + n + " outside [1, " + iroot.forkMaxRecs() + "]");
            ok = false;
        }
        if (!ptrIsNull(cur, sibling(cur, bp, false)) || !ptrIsNull(cur, sibling(cur, bp, true))) {
            problem(bp, lev, "root has siblings");
        }
        return ok;
    }

    private void checkHeader(XfsBuf bp, int lev) {
        byte[] b = bp.data();
        if (BtreeBlock.level(b) != lev) {
            problem(bp, lev, "bb_level " + BtreeBlock.level(b));
        }
        boolean lng = ops.longPtrs();
        long blkno = lng ? BtreeBlock.lBlkno(b) : BtreeBlock.sBlkno(b);
        if (blkno != bp.daddr()) {
            problem(bp, lev, "bb_blkno 0x" + Long.toHexString(blkno));
        }
        long owner = lng ? BtreeBlock.lOwner(b) : BtreeBlock.sOwner(b);
        if (owner != cur.owner()) {
            problem(bp, lev, "bb_owner " + owner + ", expected " + cur.owner());
        }
        boolean uuidOk = lng ? BtreeBlock.lUuidMatches(b, cur.metaUuid()) : BtreeBlock.sUuidMatches(b, cur.metaUuid());
        if (!uuidOk) {
            problem(bp, lev, "bb_uuid does not match the filesystem");
        }
    }

    /** Entries in strict order inside the block and after the last entry of the previous block at this level. */
    private void checkOrder(XfsBuf bp, int lev, int n, XfsBuf prev, int prevLast) {
        byte[] b = bp.data();
        if (prev != null && !inorder(lev, prev.data(), prevLast, b, 1)) {
            problem(bp, lev, "first entry out of order with the previous block");
        }
        for (int k = 1; k < n; k++) {
            if (!inorder(lev, b, k, b, k + 1)) {
                problem(bp, lev, "entries " + k + " and " + (k + 1) + " out of order");
            }
        }
    }

    private boolean inorder(int lev, byte[] b1, int i1, byte[] b2, int i2) {
        return lev == 0 ? ops.recsInorder(b1, recOff(cur, i1), b2, recOff(cur, i2))
                : ops.keysInorder(b1, keyOff(cur, i1), b2, keyOff(cur, i2));
    }
}
