// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

/**
 * xfs_alloctype_t (XFS_ALLOCTYPE_*): where {@link Alloc#vextent} may look. The first four choose AGs (and are
 * rewritten into a per-AG type before an AG is searched); the last three are what {@link AllocAg} runs in one AG.
 */
public enum AllocType {
    /** Anywhere, starting at the AG rotor: spreads unrelated allocations over the filesystem. */
    ANY_AG,
    /** Anywhere, trying AG 0 upwards: for allocations that must come early in the address space. */
    FIRST_AG,
    /** Anywhere, starting at the AG of {@code fsbno}. */
    START_AG,
    /** Anywhere in the AG of {@code fsbno} (xfs_alloc_ag_vextent_size). */
    THIS_AG,
    /** Near {@code fsbno}, else anywhere, starting at its AG. */
    START_BNO,
    /** In the AG of {@code fsbno} and as near it as possible (xfs_alloc_ag_vextent_near). */
    NEAR_BNO,
    /** Exactly at {@code fsbno} (xfs_alloc_ag_vextent_exact). */
    THIS_BNO
}
