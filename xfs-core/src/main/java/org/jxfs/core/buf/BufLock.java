// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.buf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A buffer's b_sema (xfs_buf_lock / xfs_buf_trylock / xfs_buf_unlock), made for the way buffers are locked: almost
 * always uncontended, a dozen times per transaction. Taking it is one compare-and-set; giving it back is a release
 * store and a read of the waiter count, where a ReentrantLock's unlock is a volatile store (a full fence on x86).
 * A thread may take it again while it holds it (a nested transaction re-joining its outer one's buffer), and must
 * give it back as many times.
 *
 * <p>Waiters queue and park. Because the unlocking thread's store may still be in its store buffer when it reads
 * the waiter count, it can miss a waiter that arrived in those few nanoseconds; such a waiter finds the lock free
 * when its bounded park ({@link #PARK_NANOS}) ends. So a contended hand-off is never lost, at worst late.
 */
final class BufLock {
    /** How long a waiter parks before it looks at the lock again even without a wake-up. */
    static final long PARK_NANOS = 50_000;

    private static final VarHandle STATE;
    private static final VarHandle WAITERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(BufLock.class, "state", int.class);
            WAITERS = l.findVarHandle(BufLock.class, "waiters", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 0 free, 1 held. */
    private volatile int state;
    /** Threads in {@link #lockSlow}. */
    private volatile int waiters;
    /** The holder and how many times it took the lock; written only by the holder, published by the release. */
    private Thread owner;
    private int holds;
    /** Made by the first thread that ever had to wait. */
    private volatile ConcurrentLinkedQueue<Thread> queue;

    void lock() {
        Thread me = Thread.currentThread();
        if (owner == me) {
            holds++;
            return;
        }
        if (!STATE.compareAndSet(this, 0, 1)) {
            lockSlow(me);
        }
        owner = me;
        holds = 1;
    }

    boolean tryLock() {
        Thread me = Thread.currentThread();
        if (owner == me) {
            holds++;
            return true;
        }
        if (!STATE.compareAndSet(this, 0, 1)) {
            return false;
        }
        owner = me;
        holds = 1;
        return true;
    }

    void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("buffer unlocked by a thread that does not hold it");
        }
        if (--holds > 0) {
            return;
        }
        owner = null;
        STATE.setRelease(this, 0);
        if (waiters != 0) {
            Thread next = queue.peek();
            if (next != null) {
                LockSupport.unpark(next);
            }
        }
    }

    boolean heldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    private void lockSlow(Thread me) {
        ConcurrentLinkedQueue<Thread> q = queue;
        if (q == null) {
            synchronized (this) {
                if (queue == null) {
                    queue = new ConcurrentLinkedQueue<>();
                }
                q = queue;
            }
        }
        WAITERS.getAndAdd(this, 1);
        q.add(me);
        // As ReentrantLock.lock: an interrupt does not stop the wait (a park would return at once while the flag is
        // set, so it is cleared here) and is set again once the lock is held.
        boolean interrupted = false;
        try {
            while (!(state == 0 && STATE.compareAndSet(this, 0, 1))) {
                LockSupport.parkNanos(this, PARK_NANOS);
                interrupted |= Thread.interrupted();
            }
        } finally {
            q.remove(me);
            WAITERS.getAndAdd(this, -1);
        }
        if (interrupted) {
            me.interrupt();
        }
    }
}
