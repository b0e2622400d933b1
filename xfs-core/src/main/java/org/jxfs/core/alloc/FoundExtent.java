// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

/**
 * The usable part of a free extent the allocator is looking at: what xfs_extent_busy_trim and
 * xfs_alloc_compute_aligned return through their pointer arguments (bno, len, busy, busy_gen). One lives in each
 * {@link AllocArg} and is overwritten by every look, so the search loops allocate nothing per record.
 */
final class FoundExtent {
    long bno;
    long len;
    /** Busy ranges were trimmed out of the extent. */
    boolean busy;
    /** The AG's busy generation when it was trimmed, for a later flush. */
    int busyGen;

    FoundExtent set(long bno, long len, boolean busy, int busyGen) {
        this.bno = bno;
        this.len = len;
        this.busy = busy;
        this.busyGen = busyGen;
        return this;
    }
}
