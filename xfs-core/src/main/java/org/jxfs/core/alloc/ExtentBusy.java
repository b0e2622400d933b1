// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.mount.MountSlot;
import org.jxfs.core.trans.Trans;

/**
 * Busy extents (xfs_extent_busy.c). Space a transaction frees must not be handed out for file data until the free
 * is on stable storage: if the machine crashed first, the log would replay the old owner while the new one had
 * already written its data there. So freed extents stay busy until the log checkpoint holding their free is
 * committed; the allocator trims busy ranges out of the free extents it considers and forces the log only when
 * nothing else fits. Metadata may reuse busy blocks (AGFL blocks going to the free-space btrees), because its
 * changes are logged in order with the free.
 *
 * <p>"Committed to the log" happens when {@link Mount#forceLog} has written and flushed the log records holding
 * the free: at an allocation that found only busy space ({@link #flush}), at fsync, sync and unmount, which is
 * what a kernel does during a quick script with no sync or fsync. Each mount keeps one tree per AG (the kernel's pag->pag_group.xg_busy_extents), and the
 * list of busy extents of transactions that committed since the last force (the CIL context's busy list).
 */
public final class ExtentBusy {
    /** The busy-extent trees of each mount (pag_busy of every struct xfs_perag). */
    private static final MountSlot<ExtentBusy> SLOT = new MountSlot<>(ExtentBusy::make);
    /** XFS_ALLOC_FLAG_TRYFLUSH: the first flush does not wait for anything (xfs_extent_busy_flush). */
    static final int FLAG_TRYFLUSH = 1 << 7;
    /** How long one wait for another transaction's busy extents lasts, and how many waits before giving up. */
    private static final long WAIT_MILLIS = 1;
    private static final int WAIT_ROUNDS = 100;

    private final ExtentBusyTree[] trees;
    /**
     * The busy extents of committed transactions whose checkpoint has not completed yet, one list per AG of the
     * transaction's first busy extent, each its own lock: the kernel keeps them per CPU (xlog_cil_pcp's busy
     * extents) so that committing never takes a lock all CPUs share; one list here made every free in any AG
     * queue on one monitor. Each is padded, as the trees are, so two AGs' lists share no cache line.
     */
    private final Committed[] checkpoint;

    private final Mount mp;

    private ExtentBusy(Mount mp, int agcount) {
        this.mp = mp;
        trees = new ExtentBusyTree[agcount];
        checkpoint = new Committed[agcount];
        for (int i = 0; i < agcount; i++) {
            trees[i] = ExtentBusyTree.padded();
        }
        for (int i = 0; i < agcount; i++) {
            checkpoint[i] = new Committed.Padded();
        }
    }

    /** The mount's busy-extent state, made (xfs_extent_busy_alloc per AG) on first use. */
    static ExtentBusy of(Mount mp) {
        return mp.slot(SLOT);
    }

    private static ExtentBusy make(Mount mp) {
        ExtentBusy eb = new ExtentBusy(mp, mp.geometry().agcount);
        mp.onCheckpoint(eb::checkpointStarted);
        return eb;
    }

    ExtentBusyTree tree(int agno) {
        return trees[agno];
    }

    /**
     * Ports xfs_extent_busy_insert: {@code [bno, bno + len)} of AG {@code agno} was freed by {@code tp} and is busy
     * until the checkpoint holding that transaction completes.
     */
    static void insert(Trans tp, Mount mp, int agno, long bno, long len, int flags) throws FsCorruptedException {
        assert len > 0;
        ExtentBusy eb = of(mp);
        BusyExtent b = new BusyExtent(agno, bno, len, flags);
        eb.trees[agno].insert(b);
        TransBusy.of(eb, tp).extents.add(b);
    }

    /** Ports xfs_extent_busy_search. */
    static int search(Mount mp, int agno, long bno, long len) {
        return of(mp).trees[agno].search(bno, len);
    }

    /**
     * Ports xfs_extent_busy_trim: the largest part of the free extent that is not busy, preferring forward
     * allocation, into {@code args.found}. busy says the extent was trimmed and busyGen is the AG's
     * generation to hand to {@link #flush} if the trimmed extents turn out not to be enough.
     */
    static FoundExtent trim(AllocArg args, long bno, long len) {
        // The near search trims every record it looks at: the AG's tree is found once per allocation attempt.
        ExtentBusyTree tree = args.busyTree;
        if (tree == null || args.busyTreeAgno != args.agno || args.busyTreeMount != args.mp) {
            tree = of(args.mp).trees[args.agno];
            args.busyTree = tree;
            args.busyTreeAgno = args.agno;
            args.busyTreeMount = args.mp;
        }
        return tree.trim(args.minlen, args.maxlen, bno, len, args.found);
    }

    /**
     * Ports xfs_extent_busy_reuse: metadata may take busy blocks, which then stop being busy; the free that made
     * them busy and this allocation reach the log in order. A busy extent that would have to be split, or any busy
     * extent for user data, needs the log forced first.
     */
    static void reuse(Mount mp, int agno, long fbno, long flen, boolean userdata) {
        assert flen > 0;
        ExtentBusy eb = of(mp);
        ExtentBusyTree tree = eb.trees[agno];
        for (;;) {
            BusyExtent stuck = tree.reuse(fbno, flen, userdata);
            if (stuck == null) {
                return;
            }
            int gen = tree.gen();
            mp.forceLog();
            if (tree.gen() == gen) {
                // Only an uncommitted transaction's list holds it: no force can clear it. Keep it busy.
                assert false : "cannot reuse " + stuck + " for [" + fbno + ", " + flen + "]";
                return;
            }
        }
    }

    /**
     * Ports xfs_extent_busy_flush: forces the log so the busy extents of committed transactions clear, then tells
     * the allocator whether a retry can find more. The transaction's own busy extents cannot clear before it
     * commits, so with some of its own it retries only if something cleared (or on the first, TRYFLUSH, round),
     * and a free (FREEING) gives up rather than wait for itself. Returns false when the allocation should fail.
     */
    static boolean flush(Trans tp, Mount mp, int agno, int busyGen, int flags) {
        mp.forceLog();
        ExtentBusyTree tree = of(mp).trees[agno];
        TransBusy own = TransBusy.find(tp);
        if (own != null && !own.extents.isEmpty()) {
            if ((flags & FLAG_TRYFLUSH) != 0 || busyGen != tree.gen()) {
                return true;
            }
            if ((flags & AllocFreelist.FLAG_FREEING) != 0) {
                return false;
            }
        }
        // Wait for busy extents of other transactions, committed meanwhile, to clear.
        try {
            for (int i = 0; i < WAIT_ROUNDS; i++) {
                if (tree.awaitGen(busyGen, WAIT_MILLIS)) {
                    return true;
                }
                mp.forceLog();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return tree.gen() != busyGen;
    }

    /** ExtentBusy.forceLog: clears every busy extent of a committed transaction (see {@link Mount#forceLog}). */
    public static void forceLog(Mount mp) {
        mp.forceLog();
    }

    /** Whether any extent of AG {@code agno} is busy (xfs_extent_busy_list_empty, negated). */
    public static boolean anyBusy(Mount mp, int agno) {
        ExtentBusy eb = mp.slotIfMade(SLOT);
        return eb != null && !eb.trees[agno].isEmpty();
    }

    /**
     * Busy extents one AG's list of a checkpoint may collect before it is pushed: the kernel pushes the CIL when it
     * outgrows a fraction of the log (XLOG_CIL_SPACE_LIMIT), which bounds how much freed space stays busy; without a
     * log, jxfs bounds the count instead, so long runs neither grow the busy trees without end nor keep space from use.
     */
    static final int CIL_PUSH_BUSY_EXTENTS = 65536;

    /** A transaction committed: its busy extents join the checkpoint in progress. */
    void committed(List<BusyExtent> list) {
        if (list.isEmpty()) {
            return;
        }
        boolean push;
        Committed stripe = checkpoint[list.get(0).agno];
        synchronized (stripe) {
            stripe.addAll(list);
            push = stripe.count >= CIL_PUSH_BUSY_EXTENTS;
        }
        if (push) {
            mp.forceLog();
        }
    }

    /** Ports xfs_extent_busy_clear (no discard): a cancelled transaction's, or a completed checkpoint's, list. */
    void clear(List<BusyExtent> list) {
        if (list.isEmpty()) {
            return;
        }
        boolean[] touched = new boolean[trees.length];
        for (BusyExtent b : list) {
            touched[b.agno] = true;
        }
        for (int agno = 0; agno < trees.length; agno++) {
            if (touched[agno]) {
                trees[agno].clear(list, agno);
            }
        }
    }

    /**
     * xlog_cil_push swapping in a new context: the busy extents committed so far belong to the checkpoint about to
     * be written; the returned xlog_cil_committed clears them once it is on disk. Extents of transactions that
     * commit meanwhile wait for the next checkpoint.
     */
    private Runnable checkpointStarted() {
        List<BusyExtent> done = new ArrayList<>();
        for (Committed stripe : checkpoint) {
            synchronized (stripe) {
                stripe.drainTo(done);
            }
        }
        if (done.isEmpty()) {
            return null;
        }
        return () -> clear(done);
    }

    /** One AG's list of committed busy extents (its monitor is the list's lock), in commit order. */
    private static class Committed {
        BusyExtent[] extents = new BusyExtent[16];
        int count;

        void addAll(List<BusyExtent> list) {
            if (count + list.size() > extents.length) {
                extents = java.util.Arrays.copyOf(extents, Math.max(2 * extents.length, count + list.size()));
            }
            for (BusyExtent b : list) {
                extents[count++] = b;
            }
        }

        /** Moves every extent to {@code out}, leaving the list empty. */
        void drainTo(List<BusyExtent> out) {
            for (int i = 0; i < count; i++) {
                out.add(extents[i]);
                extents[i] = null;
            }
            count = 0;
        }

        /** Two cache lines after the list's fields, so the next AG's list does not share theirs. */
        @SuppressWarnings("unused")
        static final class Padded extends Committed {
            long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
        }
    }
}
