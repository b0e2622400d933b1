// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.AgMetadataMap;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * struct xfs_alloc_arg: one allocation request and its answer. The caller fills in the transaction, the target
 * ({@link #fsbno}), the length bounds and constraints and the {@link #type}; {@link Alloc#vextent} answers in
 * {@link #fsbno} (NULLFSBLOCK when nothing was found) and {@link #len}. Like the kernel's struct it is mutable and
 * is rewritten while the allocator moves from AG to AG ({@link #agno}, {@link #agbno}, {@link #type}).
 *
 * <p>The resulting extent is {@code len} blocks, {@code minlen <= len <= maxlen}, of the form {@code k * prod + mod}
 * when such a length fits, starting on a multiple of {@code alignment} (in AG blocks), and leaves {@code minleft}
 * blocks free in the AG for the rest of the transaction (a bmbt split, for example).
 */
public final class AllocArg {
    public Trans tp;
    public Mount mp;
    /** In: the target block (its AG, or exact/near block); out: the first block allocated or NULLFSBLOCK. */
    public long fsbno;
    /** The AG being tried (set by vextent from fsbno). */
    public int agno;
    /** The AG block being tried; NULLAGBLOCK after a failed per-AG attempt. */
    public long agbno;
    public long minlen = 1;
    public long maxlen = 1;
    /** len % prod == mod when possible. */
    public long mod;
    public long prod = 1;
    /** The start must be a multiple of this (1: any). */
    public long alignment = 1;
    /** Extra blocks the caller may trim for alignment after we return (xfs_ialloc uses it). */
    public long minalignslop;
    /** Blocks that must stay free in the AG after this allocation. */
    public long minleft;
    /** Blocks the whole transaction still needs from this AG, this allocation included. */
    public long total;
    /** Out: the length allocated. */
    public long len;
    public AllocType type;
    /** The type the caller asked for (vextent rewrites {@link #type}). */
    public AllocType otype;
    /** XFS_ALLOC_USERDATA: file data prefers the start of a free extent before the target (compute_diff). */
    public boolean userdata;
    /** The blocks were reserved by delayed allocation (XFS_TRANS_SB_RES_FDBLOCKS). Kept for the API. */
    public boolean wasdel;
    /** Out: the block came from the AG free list (xfs_alloc_ag_vextent_small). */
    public boolean wasfromfl;

    /** Locality range for NEAR_BNO (min_agbno/max_agbno); both 0 means the whole AG. */
    long minAgbno;
    long maxAgbno;
    /** The locked AGF buffer of {@link #agno} after a successful xfs_alloc_fix_freelist, else null. */
    XfsBuf agbp;
    /** The AG's busy generation when the last extent looked at was trimmed (busy_gen of the vextent functions). */
    int busyGen;
    /** The busy-extent tree of the AG being tried, for whose AG and mount ({@link ExtentBusy#trim}). */
    ExtentBusyTree busyTree;
    int busyTreeAgno;
    Mount busyTreeMount;
    /** Scratch for the extent being looked at (xfs_alloc_compute_aligned's outputs). */
    final FoundExtent found = new FoundExtent();
    /** The near search's state, kept from one search to the next (each search starts it clean). */
    AllocNear near;
    /** XFS_AG_RESV_AGFL: an allocation that refills the free list itself (never takes from it). */
    boolean agflResv;
    /**
     * The AG metadata the blocks are for (the kernel's args->oinfo for an AG owner: inode chunks, inode btree
     * blocks), which the mount's {@link AgMetadataMap} then records; null for a file's data, bmbt or directory
     * blocks.
     */
    public AgMetadataMap.Kind metadata;

    public AllocArg(Trans tp, Mount mp) {
        this.tp = tp;
        this.mp = mp;
    }

    /**
     * Makes this request as new for {@code tp}: every field back to what the constructor leaves, so a caller that
     * allocates often can keep one (the bmap layer keeps one per data fork) instead of building one per call, as
     * the kernel keeps struct xfs_alloc_arg on the stack. AllocArgResetTest checks it against a new one.
     */
    public AllocArg reset(Trans tp, Mount mp) {
        this.tp = tp;
        this.mp = mp;
        fsbno = 0;
        agno = 0;
        agbno = 0;
        minlen = 1;
        maxlen = 1;
        mod = 0;
        prod = 1;
        alignment = 1;
        minalignslop = 0;
        minleft = 0;
        total = 0;
        len = 0;
        type = null;
        otype = null;
        userdata = false;
        wasdel = false;
        wasfromfl = false;
        minAgbno = 0;
        maxAgbno = 0;
        agbp = null;
        busyGen = 0;
        busyTree = null;
        busyTreeAgno = 0;
        busyTreeMount = null;
        found.set(0, 0, false, 0);
        agflResv = false;
        metadata = null;
        return this;
    }

    /** The locked AGF buffer, once an AG was chosen (args->agbp). */
    public XfsBuf agbp() {
        return agbp;
    }

    Geometry geo() {
        return mp.geometry();
    }

    @Override
    public String toString() {
        return "AllocArg[type " + type + ", fsbno " + fsbno + ", agno " + agno + ", agbno " + agbno + ", minlen "
                + minlen + ", maxlen " + maxlen + ", prod " + prod + ", mod " + mod + ", align " + alignment
                + ", minleft " + minleft + ", total " + total + ", len " + len + "]";
    }
}
