// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The mount's transaction barrier, shaped as the kernel's percpu_rw_semaphore (kernel/locking/percpu-rwsem.c, the
 * lock behind sb_start_intwrite and freeze): every transaction is a reader and counts itself in its own slot, so
 * transactions on different threads share no cache line (a ReentrantReadWriteLock's one reader count made every
 * begin and end of every transaction bounce a line between the CPUs); writeback is the writer, which raises a flag
 * that stops new readers and waits until every slot has drained.
 *
 * <p>As the ReentrantReadWriteLock it replaces: a thread already inside a transaction enters a nested one even while
 * a writer waits (it would otherwise wait for itself); the writer's own thread may enter too; new transactions queue
 * behind a waiting writer, so it is not starved; the write side is reentrant and may be tried with a timeout.
 */
final class TransBarrier {
    /** Reader slots (a power of two); threads map to one by id, and two sharing one are correct, only slower. */
    static final int SLOTS = 32;
    /** Longs from one slot to the next: each slot on its own 128 bytes (two lines, against adjacent-line prefetch). */
    private static final int PAD = 16;
    /** How long the writer parks between looks at the slots (a reader leaving unparks it sooner). */
    private static final long DRAIN_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Transactions in flight per slot (this_cpu_inc(*sem->read_count)). */
    private final AtomicLongArray readers = new AtomicLongArray(SLOTS * PAD);
    /** A writer holds the barrier or waits for readers to drain (sem->block). */
    private volatile boolean writerPending;
    /** The thread that set {@link #writerPending}: readers leaving unpark it; it may enter as a reader itself. */
    private volatile Thread writer;
    /** Serialises writers (the rwsem's writer side); its hold count is the write side's reentrancy. */
    private final ReentrantLock writers = new ReentrantLock();
    /** Readers blocked by a writer wait on this monitor until the writer lets go. */
    private final Object gate = new Object();
    /** This thread's read holds, and whether its first hold counted in a slot (not for the writer's own thread). */
    private final ThreadLocal<Holds> holds = ThreadLocal.withInitial(Holds::new);

    private static final class Holds {
        int count;
        boolean counted;
    }

    /** The slot of the calling thread's reader count. */
    private static int slot() {
        return ((int) Thread.currentThread().getId() & (SLOTS - 1)) * PAD;
    }

    /** Ports percpu_down_read: waits only for a writer, and not at all when this thread is already inside. */
    void readLock() {
        Holds h = holds.get();
        if (h.count > 0) {
            h.count++;
            return;
        }
        if (writer == Thread.currentThread()) {
            h.count = 1;
            h.counted = false;
            return;
        }
        int slot = slot();
        boolean interrupted = false;
        for (;;) {
            // The increment and then the look at the flag pair with the writer's flag store and then its look at
            // the slots (both volatile): either this reader sees the flag or the writer sees this reader.
            readers.getAndIncrement(slot);
            if (!writerPending) {
                break;
            }
            readLeave(slot);
            synchronized (gate) {
                while (writerPending) {
                    try {
                        gate.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        h.count = 1;
        h.counted = true;
    }

    /** Ports percpu_up_read. */
    void readUnlock() {
        Holds h = holds.get();
        if (h.count <= 0) {
            throw new IllegalMonitorStateException("transaction barrier not held by this thread");
        }
        if (--h.count == 0 && h.counted) {
            readLeave(slot());
        }
    }

    /** A reader leaves its slot; with a writer waiting, it wakes the writer to look again. */
    private void readLeave(int slot) {
        readers.getAndDecrement(slot);
        if (writerPending) {
            Thread w = writer;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /** The read holds of the calling thread (nested transactions count each). */
    int readHoldCount() {
        return holds.get().count;
    }

    /** Ports percpu_down_write: stops new readers and waits for those inside to leave. */
    void writeLock() {
        writers.lock();
        if (writers.getHoldCount() > 1) {
            return;
        }
        block();
        boolean interrupted = false;
        while (!drained()) {
            LockSupport.parkNanos(this, DRAIN_PARK_NANOS);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@link #writeLock} giving up after {@code timeout}: false (and the barrier as it was) when another writer or
     * the readers inside did not let go in time.
     */
    boolean tryWriteLock(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        if (!writers.tryLock(timeout, unit)) {
            return false;
        }
        if (writers.getHoldCount() > 1) {
            return true;
        }
        block();
        while (!drained()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || Thread.interrupted()) {
                boolean interrupted = left > 0;
                writeUnlock();
                if (interrupted) {
                    throw new InterruptedException();
                }
                return false;
            }
            LockSupport.parkNanos(this, Math.min(left, DRAIN_PARK_NANOS));
        }
        return true;
    }

    /** Ports percpu_up_write: readers waiting for this writer go on. */
    void writeUnlock() {
        if (!writers.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("transaction barrier not write-held by this thread");
        }
        if (writers.getHoldCount() == 1) {
            assert holds.get().count == 0 : "the writer left the barrier with a transaction of its own open";
            writer = null;
            synchronized (gate) {
                writerPending = false;
                gate.notifyAll();
            }
        }
        writers.unlock();
    }

    /** Raises the flag that stops new readers (rcu_sync_enter + sem->block). */
    private void block() {
        assert holds.get().count == 0 : "a transaction's own thread waiting for transactions to drain";
        writer = Thread.currentThread();
        writerPending = true;
    }

    /** Whether no reader is inside (readers_active_check: the sum of the slots is zero). */
    private boolean drained() {
        long n = 0;
        for (int i = 0; i < SLOTS * PAD; i += PAD) {
            n += readers.get(i);
        }
        return n == 0;
    }
}
