// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.btree.InodeRoot;
import org.jxfs.core.format.BtreeBlock;

/**
 * The BTREE-format part of struct xfs_ifork (xfs_inode_fork.c): if_broot, the in-core bmbt root, with
 * if_broot_bytes as the length of its array, and xfs_iroot_realloc to resize it. The fork that owns it says how
 * big its literal area is ({@link #forkSize()}: XFS_IFORK_SIZE, smaller when an attr fork shares the inode) and
 * logs the inode ({@link #log}); everything the btree engine needs from the root is here.
 */
public abstract class IforkBroot implements InodeRoot {
    private byte[] broot;

    /** if_broot_bytes. */
    public final int brootBytes() {
        return broot == null ? 0 : broot.length;
    }

    /** Installs a root read from the inode (xfs_iformat_btree after xfs_bmdr_to_bmbt) or built for a new tree. */
    public final void setBroot(byte[] broot) {
        assert broot == null || BmdrRoot.bmbtMaxrecs(broot.length, false) <= forkMaxRecs();
        this.broot = broot;
    }

    /** The fork's literal area in bytes (XFS_IFORK_SIZE / cur->bc_ino.forksize). */
    protected abstract int forkSize();

    @Override
    public final byte[] broot() {
        return broot;
    }

    @Override
    public final int maxRecs() {
        return broot == null ? 0 : BmdrRoot.bmbtMaxrecs(broot.length, false);
    }

    @Override
    public final int forkMaxRecs() {
        return BmdrRoot.maxrecs(forkSize(), false);
    }

    /**
     * Ports xfs_iroot_realloc. The keys stay where they are, butted against the header; only the pointers move,
     * because they start after room for maxrecs keys. Growing keeps the first {@code cur_max} pointers; shrinking
     * keeps the first {@code new_max} keys and pointers, and to zero drops the root altogether.
     */
    @Override
    public final void realloc(int recDiff) {
        if (recDiff == 0) {
            return;
        }
        if (recDiff > 0) {
            if (brootBytes() == 0) {
                checkFits(recDiff);
                broot = new byte[BmdrRoot.brootSpaceCalc(recDiff)];
                return;
            }
            int curMax = maxRecs();
            int newMax = curMax + recDiff;
            checkFits(newMax);
            byte[] nb = new byte[BmdrRoot.brootSpaceCalc(newMax)];
            System.arraycopy(broot, 0, nb, 0, BmdrRoot.brootPtrOff(1, broot.length));
            System.arraycopy(broot, BmdrRoot.brootPtrOff(1, broot.length), nb, BmdrRoot.brootPtrOff(1, nb.length),
                    curMax * BmbtOps.PTR_LEN);
            broot = nb;
            return;
        }
        if (broot == null) {
            throw new IllegalArgumentException("shrinking a bmbt root that does not exist");
        }
        int curMax = maxRecs();
        int newMax = curMax + recDiff;
        if (newMax < 0) {
            throw new IllegalArgumentException("shrinking a bmbt root of " + curMax + " entries by " + -recDiff);
        }
        if (newMax == 0) {
            broot = null;
            return;
        }
        byte[] nb = new byte[BmdrRoot.brootSpaceCalc(newMax)];
        System.arraycopy(broot, 0, nb, 0, BmdrRoot.BMBT_BLOCK_LEN);
        System.arraycopy(broot, BmdrRoot.brootKeyOff(1), nb, BmdrRoot.brootKeyOff(1), newMax * BmbtOps.KEY_LEN);
        System.arraycopy(broot, BmdrRoot.brootPtrOff(1, broot.length), nb, BmdrRoot.brootPtrOff(1, nb.length),
                newMax * BmbtOps.PTR_LEN);
        broot = nb;
        assert BmdrRoot.bmdrSpaceCalc(BtreeBlock.numrecs(nb)) <= forkSize();
    }

    /** The kernel ASSERTs that the grown root still fits the fork once written out; refuse before growing. */
    private void checkFits(int newMax) {
        if (newMax > forkMaxRecs()) {
            throw new IllegalArgumentException("a bmbt root of " + newMax + " entries does not fit a fork of "
                    + forkSize() + " bytes (" + forkMaxRecs() + " entries)");
        }
    }
}
