// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.function.LongConsumer;

/**
 * The committed item list (xfs_log_cil.c, kernel 6.18): a commit inserts its transaction's log vectors here
 * (xlog_cil_insert_items) instead of writing them, and a relogged item replaces its earlier vector in the open
 * context, so a checkpoint holds one copy of each item however many transactions changed it. {@link Xlog#force}
 * takes the whole context (xlog_cil_push_work swapping in a new one) and writes it as one log transaction, the
 * checkpoint; commits go on into the next context meanwhile.
 *
 * <p>As the kernel keeps the CIL per CPU (struct xlog_cil_pcp) so that committing takes no lock all CPUs share,
 * commits go to one of {@link #STRIPES} stripes chosen by thread, each with its own lock, and every vector gets an
 * order number (the kernel's order_id, here one per vector so a context keeps commit order exactly). Taking the
 * context locks every stripe, so each transaction lands whole in one context; the stripes' vectors are then
 * merged, the highest order winning for an item relogged in two stripes, and sorted by order, as
 * xlog_cil_build_lv_chain sorts the per-CPU lists. Each stripe, its lock word included, is one object padded with two
 * cache lines, and the order counter has two on either side: the stripes sit side by side in memory, and unpadded,
 * commits on two threads bounced the lines of neighbouring stripes between them.
 *
 * <p>Each context has a sequence number: a commit returns the sequence of the context it joined (the CIL sequence
 * xfs_log_force_seq takes), and the context is durable once the force that wrote it returns.
 */
final class Cil {
    /** Stripes (a power of two): enough that the threads of a run seldom share one. */
    static final int STRIPES = 16;

    /**
     * One stripe: its items keyed by what they log (see {@link CilSpace#key}). The stripe is its own lock (a mutex
     * on the synchronizer's state), so that the lock word lies in the stripe's padded lines, not in an object of its
     * own beside another stripe's.
     */
    @SuppressWarnings("serial")
    private static class Stripe extends AbstractQueuedSynchronizer {
        Map<Long, Entry> items = new HashMap<>();
        /** Keys for items {@link CilSpace#key} gives none (ICREATE): unique across stripes. */
        long uniqueKeys;
        long transactions;

        void lock() {
            acquire(1);
        }

        void unlock() {
            release(1);
        }

        @Override
        protected boolean tryAcquire(int arg) {
            return compareAndSetState(0, 1);
        }

        @Override
        protected boolean tryRelease(int arg) {
            setState(0);
            return true;
        }
    }

    /** Two cache lines after a stripe's fields, so the next stripe does not share theirs. */
    @SuppressWarnings({"serial", "unused"})
    private static final class PaddedStripe extends Stripe {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    /** Longs either side of the order counter in {@link #order}: two cache lines. */
    private static final int ORDER_PAD = 16;

    /** A vector and the order of the commit that inserted it. */
    private record Entry(long order, LogVector vector) {
    }

    private final Stripe[] stripes = new Stripe[STRIPES];
    /** The order counter, at {@link #ORDER_PAD}, with nothing else on its cache lines. */
    private final AtomicLongArray order = new AtomicLongArray(2 * ORDER_PAD + 1);
    /** The open context's sequence (xc_current_sequence); changes only with every stripe locked. */
    private volatile long seq = 1;

    Cil() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new PaddedStripe();
        }
    }

    /** A context taken for writing: its items in commit order and its sequence. */
    record Context(List<LogVector> items, long seq) {
        /** The regions of every item, in order, as the checkpoint transaction writes them. */
        List<byte[][]> regions() {
            List<byte[][]> out = new ArrayList<>(items.size());
            for (LogVector v : items) {
                out.add(v.regions());
            }
            return out;
        }

        /** Gives every item's LSN target the checkpoint's LSN. */
        void stamp(long lsn) {
            for (LogVector v : items) {
                LongConsumer target = v.lsnTarget();
                if (target != null) {
                    target.accept(lsn);
                }
            }
        }
    }

    /**
     * Ports xlog_cil_insert_items: adds a committed transaction's vectors to the open context, each replacing the
     * vector of the same item, and returns the context's sequence.
     */
    long insert(List<LogVector> vectors) {
        int index = (int) Thread.currentThread().getId() & (STRIPES - 1);
        Stripe s = stripes[index];
        s.lock();
        try {
            long o = order.getAndAdd(ORDER_PAD, vectors.size());
            for (LogVector v : vectors) {
                long key = CilSpace.key(v.regions()[0]);
                if (key < 0) {
                    key = -1 - (s.uniqueKeys++ * STRIPES + index);
                }
                Entry old = s.items.put(key, new Entry(o++, v));
                if (old != null) {
                    LogRegionPool.recycle(old.vector());    // the relogged item's earlier copy
                }
            }
            s.transactions++;
            return seq;
        } finally {
            s.unlock();
        }
    }

    /**
     * Ports the context swap of xlog_cil_push_work: the open context, its stripes merged in commit order, or null
     * when it holds nothing.
     */
    Context take() {
        for (Stripe s : stripes) {
            s.lock();
        }
        try {
            Map<Long, Entry> merged = null;
            for (Stripe s : stripes) {
                if (s.items.isEmpty()) {
                    continue;
                }
                if (merged == null) {
                    merged = s.items;
                } else {
                    for (Map.Entry<Long, Entry> e : s.items.entrySet()) {
                        merged.merge(e.getKey(), e.getValue(), (a, b) -> {
                            Entry keep = a.order() >= b.order() ? a : b;
                            LogRegionPool.recycle((keep == a ? b : a).vector());
                            return keep;
                        });
                    }
                }
                s.items = new HashMap<>();
            }
            if (merged == null) {
                return null;
            }
            List<Entry> entries = new ArrayList<>(merged.values());
            entries.sort((a, b) -> Long.compare(a.order(), b.order()));
            List<LogVector> items = new ArrayList<>(entries.size());
            for (Entry e : entries) {
                items.add(e.vector());
            }
            return new Context(items, seq++);
        } finally {
            for (Stripe s : stripes) {
                s.unlock();
            }
        }
    }

    /** Transactions committed into any context so far. */
    long transactions() {
        long n = 0;
        for (Stripe s : stripes) {
            s.lock();
            try {
                n += s.transactions;
            } finally {
                s.unlock();
            }
        }
        return n;
    }

    /** Whether the open context holds nothing. */
    boolean isEmpty() {
        for (Stripe s : stripes) {
            s.lock();
            try {
                if (!s.items.isEmpty()) {
                    return false;
                }
            } finally {
                s.unlock();
            }
        }
        return true;
    }
}
