// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.iomap;

import org.jxfs.core.format.Dinode;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.mount.MountSlot;

/**
 * Which inodes take the DAX path and how DAX allocates, per mount. IS_DAX(inode) is the inode's
 * XFS_DIFLAG2_DAX ({@code chattr +x}) or the mount's {@code dax=always}. The allocation behaviour is one of the
 * kernel's three: {@link Mode#FIXED} (Linux 4.4, the default), {@link Mode#LEGACY} (4.3) and
 * {@link Mode#MMAP_LOCK} (843172978bb9, the generic attempt of 4.3-rc).
 */
public final class DaxPolicy {
    /** How a DAX file gets its blocks. */
    public enum Mode {
        /**
         * Linux 4.3: get_block(create) allocates unwritten extents as for direct I/O; the fault zeroes a page whose
         * mapping is unwritten or new and calls complete_unwritten to convert. Two faults on one page race.
         */
        LEGACY,
        /** As {@link #LEGACY}, but write faults that allocate run one at a time under a mapping-wide lock. */
        MMAP_LOCK,
        /**
         * Linux 4.4 ("xfs: Don't use unwritten extents for DAX"): get_block(create) allocates or converts with
         * XFS_BMAPI_CONVERT | XFS_BMAPI_ZERO under the ilock, so a DAX mapping is never unwritten and is zero
         * before the transaction commits.
         */
        FIXED
    }

    private static final MountSlot<DaxPolicy> SLOT = new MountSlot<>(mp -> new DaxPolicy());

    private volatile boolean always;
    private volatile Mode mode = Mode.FIXED;

    private DaxPolicy() {
    }

    /** The policy of {@code mp}. */
    public static DaxPolicy of(Mount mp) {
        return mp.slot(SLOT);
    }

    /** IS_DAX(VFS_I(ip)). */
    public static boolean isDax(Mount mp, Inode ip) {
        return (ip.flags2 & Dinode.DIFLAG2_DAX) != 0 || of(mp).always;
    }

    /** The mount option dax=always (true) or dax=inode (false, the default: the inode flag decides). */
    public void setAlways(boolean always) {
        this.always = always;
    }

    public boolean always() {
        return always;
    }

    public Mode mode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    /** Whether get_block(create) on a DAX inode allocates with CONVERT | ZERO (the 4.4 fix). */
    public boolean zeroesInTransaction() {
        return mode == Mode.FIXED;
    }
}
