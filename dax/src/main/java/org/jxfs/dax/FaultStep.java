// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

/**
 * The named points of the DAX fault path that {@link FaultSteps} sees, in the order a write fault meets them. Each
 * is reported just before it runs; everything between two points runs as one piece.
 */
public enum FaultStep {
    /** Waiting for the i_mmap lock held for write (the 843172978bb9 serialisation); reported only when contended. */
    MMAP_LOCK,
    /** Waiting for a hole page's page lock; reported only when contended. */
    PAGE_LOCK,
    /** get_block(create=0). */
    LOOKUP,
    /** get_block(create=1): the filesystem allocates. */
    ALLOCATE,
    /** dax_load_hole: a read of a hole maps a zero page (and the mm installs it unless a racing fault did first). */
    HOLE,
    /** The clear_page in dax_insert_mapping of a buffer that is new or unwritten. */
    ZERO,
    /** vm_insert_mixed in dax_insert_mapping: the page table entry appears. */
    INSERT,
    /** complete_unwritten: the filesystem converts the extent to written. */
    CONVERT,
    /** The user's store, after the write fault returned. */
    STORE,
    /** The user's load, after the read fault returned. */
    LOAD
}
