// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jxfs.core.FsCorruptedException;

/**
 * struct xfs_extent_busy_tree: one AG's busy extents in a red-black tree by start block (eb_tree), with the
 * generation that moves whenever some are cleared, so an allocator that found only busy space can tell whether
 * waiting helped. The monitor of this object is eb_lock. Busy extents never overlap, so the start block orders them.
 * Searches walk the tree from the root as xfs_extent_busy.c does, so which overlapping busy extent they meet first
 * depends on the tree's shape, which {@link RbTree} keeps identical to the kernel's.
 *
 * <p>The tree is this object (it extends {@link RbTree}) so that an AG's busy state, its lock word included, is one
 * object, which {@link #padded} follows with two cache lines of padding: the trees of the AGs sit side by side in
 * memory (the collector copies an array's elements together), and each AG's allocator takes its lock many times per
 * allocation; unpadded, threads allocating in different AGs bounced one line between them.
 */
class ExtentBusyTree extends RbTree<BusyExtent> {
    /**
     * How many busy extents the tree holds, readable without eb_lock: an allocator holding the AGF sees every insert
     * (inserts happen under the AGF lock too), so a zero lets {@link #trim} skip the lock, as nearly every
     * allocation of a file being written for the first time can.
     */
    private volatile int count;
    /** eb_gen. */
    private int gen;

    synchronized int gen() {
        return gen;
    }

    synchronized boolean isEmpty() {
        return root == null;
    }

    /** The root of eb_tree, for tests that look at its shape. */
    synchronized BusyExtent root() {
        return root;
    }

    /**
     * Ports xfs_extent_busy_insert_list (the tree half). Busy extents never overlap unless the same blocks were
     * freed twice in one checkpoint, which only a corrupt image brings about (a file extent over blocks another
     * structure holds and frees too): the kernel's ASSERTs there become a corruption error, thrown before the tree
     * changes.
     */
    synchronized void insert(BusyExtent b) throws FsCorruptedException {
        BusyExtent parent = null;
        boolean left = false;
        BusyExtent busyp = root;
        while (busyp != null) {
            parent = busyp;
            if (b.bno < busyp.bno) {
                left = true;
                busyp = busyp.rbLeft;
                if (b.end() > parent.bno) {
                    throw overlap(b, parent);
                }
            } else if (b.bno > busyp.bno) {
                left = false;
                busyp = busyp.rbRight;
                if (b.bno < parent.end()) {
                    throw overlap(b, parent);
                }
            } else {
                throw overlap(b, busyp);
            }
        }
        linkNode(b, parent, left);
        insertColor(b);
        count++;
    }

    private static FsCorruptedException overlap(BusyExtent b, BusyExtent busy) {
        return new FsCorruptedException("Metadata corruption detected: freeing AG " + b.agno + " blocks [" + b.bno
                + ", +" + b.length + "), which overlap blocks [" + busy.bno + ", +" + busy.length
                + ") freed earlier and still busy: freed twice");
    }

    /**
     * Ports xfs_extent_busy_search: 0 when nothing in [bno, bno + len) is busy, 1 when exactly that extent is, -1
     * for a partial overlap.
     */
    synchronized int search(long bno, long len) {
        int match = 0;
        BusyExtent busyp = root;
        while (busyp != null) {
            if (bno < busyp.bno) {
                // May overlap, but the exact start block is lower.
                if (bno + len > busyp.bno) {
                    match = -1;
                }
                busyp = busyp.rbLeft;
            } else if (bno > busyp.bno) {
                // May overlap, but the exact start block is higher.
                if (bno < busyp.end()) {
                    match = -1;
                }
                busyp = busyp.rbRight;
            } else {
                // bno matches busyp: the length determines an exact match.
                match = busyp.length == len ? 1 : -1;
                break;
            }
        }
        return match;
    }

    /**
     * Ports the loop of xfs_extent_busy_trim: the part of the free extent {@code [bno, bno + len)} that no busy extent
     * touches, as {bno, len, busy, gen}; len 0 when no part is at least minlen. busy is 1 when the extent was
     * trimmed. Like the kernel it walks from the root, trimming at each overlapping busy extent it meets and then
     * looking at the same node again, which now lies to one side.
     */
    FoundExtent trim(long minlen, long maxlen, long bno, long len, FoundExtent out) {
        if (count == 0) {
            return out.set(bno, len, false, 0);
        }
        synchronized (this) {
            return trimLocked(minlen, maxlen, bno, len, out);
        }
    }

    private FoundExtent trimLocked(long minlen, long maxlen, long bno, long len, FoundExtent out) {
        assert len > 0;
        long fbno = bno;
        long flen = len;
        boolean failed = false;
        BusyExtent busyp = root;
        while (flen >= minlen && (busyp = overlapping(busyp, fbno, fbno + flen)) != null) {
            long fend = fbno + flen;
            long bbno = busyp.bno;
            long bend = busyp.end();
            if (bbno <= fbno) {
                // Start overlap: no unbusy region if the busy extent reaches the free extent's end.
                if (fend <= bend) {
                    failed = true;
                    break;
                }
                fbno = bend;
            } else if (bend >= fend) {
                // End overlap.
                fend = bbno;
            } else if (bbno - fbno >= maxlen) {
                // Middle overlap: the left piece fits the whole request; forward allocation is preferred.
                fend = bbno;
            } else if (fend - bend >= maxlen * TRIM_RIGHT_FACTOR) {
                // The right piece is so much larger that later allocations will still be contiguous.
                fbno = bend;
            } else if (bbno - fbno >= minlen) {
                fend = bbno;
            } else {
                failed = true;
                break;
            }
            flen = fend - fbno;
        }
        if (failed) {
            flen = 0;
        }
        boolean trimmed = fbno != bno || flen != len;
        return out.set(fbno, flen, trimmed, gen);
    }

    /**
     * The rbtree descent both walks of xfs_extent_busy.c make: from {@code node} down, the first busy extent that
     * overlaps {@code [fbno, fend)}, going left past extents after it and right past extents before it; null when
     * none does.
     */
    private static BusyExtent overlapping(BusyExtent node, long fbno, long fend) {
        while (node != null) {
            if (fend <= node.bno) {
                node = node.rbLeft;
            } else if (fbno >= node.end()) {
                node = node.rbRight;
            } else {
                return node;
            }
        }
        return null;
    }

    /** The right piece of a middle overlap wins when it is this many times maxlen (xfs_extent_busy_trim). */
    static final long TRIM_RIGHT_FACTOR = 4;

    /**
     * Ports the walk of xfs_extent_busy_reuse with xfs_extent_busy_update_extent: makes the busy extents overlapping
     * {@code [fbno, fbno + flen)} give that range up, restarting from the root after every erase (which can rearrange
     * the tree). Returns the busy extent that cannot be shrunk without splitting it (or any, for user data), for which
     * the caller must force the log and call again (the kernel's restart); null when done.
     */
    synchronized BusyExtent reuse(long fbno, long flen, boolean userdata) {
        long fend = fbno + flen;
        BusyExtent busyp = root;
        while ((busyp = overlapping(busyp, fbno, fend)) != null) {
            long bbno = busyp.bno;
            long bend = busyp.end();
            if (userdata || (bbno < fbno && bend > fend)) {
                // A split would change a transaction's or checkpoint's list, which is immutable.
                return busyp;
            }
            if (bbno >= fbno && bend <= fend) {
                // Fully covered: out of the tree, and length 0 marks it dead on its list. Restart from the root.
                erase(busyp);
                count--;
                busyp.length = 0;
                busyp = root;
            } else if (fend < bend) {
                // Shrunk in place; the node keeps its place in the tree and is looked at again.
                busyp.bno = fend;
                busyp.length = bend - fend;
            } else {
                assert bbno < fbno;
                busyp.length = fbno - bbno;
            }
        }
        return null;
    }

    /**
     * Ports xfs_extent_busy_clear_one for every extent of {@code list} in this AG. Bumps the generation (and wakes
     * waiters) when one was cleared.
     */
    synchronized void clear(Iterable<BusyExtent> list, int agno) {
        // xlog_cil_committed and xfs_trans_free sort the list (xfs_extent_busy_ag_cmp) before clearing it, so the
        // tree loses its extents from the lowest block up.
        List<BusyExtent> mine = new ArrayList<>();
        for (BusyExtent b : list) {
            if (b.agno == agno) {
                mine.add(b);
            }
        }
        mine.sort(Comparator.comparingLong(b -> b.bno));
        boolean wakeup = false;
        for (BusyExtent b : mine) {
            if (b.length != 0) {
                erase(b);
                count--;
                b.length = 0;
            }
            wakeup = true;
        }
        if (wakeup) {
            gen++;
            notifyAll();
        }
    }

    /** Waits up to {@code millis} for the generation to move past {@code busyGen}. */
    synchronized boolean awaitGen(int busyGen, long millis) throws InterruptedException {
        if (gen == busyGen) {
            wait(millis);
        }
        return gen != busyGen;
    }

    /** A tree followed by padding, for {@link ExtentBusy}'s array of per-AG trees. */
    static ExtentBusyTree padded() {
        return new Padded();
    }

    /** Two cache lines after the tree's fields, so the next AG's tree does not share theirs. */
    @SuppressWarnings("unused")
    private static final class Padded extends ExtentBusyTree {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }
}
