// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

/**
 * The three ways of `jxfs dax-race`: which dax serialisation runs, and what the filesystem behind get_block must do.
 */
public enum DaxRaceMode {
    /**
     * Linux 4.3: no serialisation in dax; get_block(create) allocates unwritten, new blocks, dax zeroes them and
     * complete_unwritten converts. Loses stores.
     */
    LEGACY(DaxLockMode.NONE, true),
    /** 843172978bb9: the filesystem as in {@link #LEGACY}, faults serialised by the i_mmap lock held for write. */
    MMAP_LOCK(DaxLockMode.MMAP_LOCK, true),
    /**
     * Linux 4.4: no serialisation in dax; get_block(create) returns written blocks zeroed before the allocation
     * commits (XFS_BMAPI_ZERO), never unwritten or new, so dax neither zeroes nor converts.
     */
    FIXED(DaxLockMode.NONE, false);

    private final DaxLockMode lockMode;
    private final boolean unwrittenAllocation;

    DaxRaceMode(DaxLockMode lockMode, boolean unwrittenAllocation) {
        this.lockMode = lockMode;
        this.unwrittenAllocation = unwrittenAllocation;
    }

    /** The {@link DaxMapping}'s lock mode for this race mode. */
    public DaxLockMode lockMode() {
        return lockMode;
    }

    /** Whether the filesystem allocates unwritten extents for faults and converts them in complete_unwritten. */
    public boolean unwrittenAllocation() {
        return unwrittenAllocation;
    }

    /** The mode named on the command line: legacy, mmap-lock or fixed. */
    public static DaxRaceMode parse(String name) {
        for (DaxRaceMode m : values()) {
            if (m.cliName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown DAX race mode '" + name + "' (legacy, mmap-lock, fixed)");
    }

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
