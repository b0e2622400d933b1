// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * struct percpu_counter (lib/percpu_counter.c), as the kernel keeps m_fdblocks: each thread adds to a slot of its
 * own and folds the slot into the shared count only when it reaches the batch, so transactions on different
 * threads that reserve and give back blocks do not bounce one cache line between the CPUs. The shared count is then
 * off by less than {@link #SLOTS} times the batch; {@link #compare} reads it alone while the answer is clear from
 * it and sums the slots when close, so a decision near a limit is exact.
 */
final class PercpuCounter {
    /** Slots (a power of two); threads map to one by id, and two sharing one are correct, only slower. */
    static final int SLOTS = 32;
    /** Longs from one slot to the next: each slot on its own 128 bytes. */
    private static final int PAD = 16;

    private final AtomicLong count = new AtomicLong();
    private final AtomicLongArray slots = new AtomicLongArray(SLOTS * PAD);

    private static int slot() {
        return ((int) Thread.currentThread().getId() & (SLOTS - 1)) * PAD;
    }

    /**
     * Ports percpu_counter_add_batch: the delta goes to this thread's slot, and the slot into the shared count once
     * it holds {@code batch} or more either way (a delta that large goes there at once).
     */
    void add(long delta, long batch) {
        if (delta >= batch || delta <= -batch) {
            count.addAndGet(delta);
            return;
        }
        int i = slot();
        long v = slots.addAndGet(i, delta);
        if (v >= batch || v <= -batch) {
            count.addAndGet(slots.getAndSet(i, 0));
        }
    }

    /** Ports percpu_counter_sum: the exact value (each slot read once; exact when no add runs meanwhile). */
    long sum() {
        long n = count.get();
        for (int i = 0; i < SLOTS * PAD; i += PAD) {
            n += slots.get(i);
        }
        return n;
    }

    /**
     * Ports __percpu_counter_compare: the sign of value minus {@code rhs}, from the shared count alone when that is
     * farther from {@code rhs} than the slots can hold ({@code batch} each), else from the exact sum.
     */
    int compare(long rhs, long batch) {
        long approx = count.get();
        long slack = batch * SLOTS;
        if (approx - rhs > slack) {
            return 1;
        }
        if (rhs - approx > slack) {
            return -1;
        }
        return Long.compare(sum(), rhs);
    }

    /** Ports percpu_counter_set: every slot emptied and the count set (only while nothing else adds). */
    void set(long value) {
        for (int i = 0; i < SLOTS * PAD; i += PAD) {
            slots.set(i, 0);
        }
        count.set(value);
    }
}
