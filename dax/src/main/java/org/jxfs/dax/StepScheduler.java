// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the accesses of a race on real threads, one at a time, switching only where the fault path reports a
 * {@link FaultStep}: each thread parks in {@link #before} and runs again when the scheduler picks it, so the
 * production fault code runs unchanged in an order chosen from outside. A thread parked before a contended lock is
 * picked only once the lock is free, so it takes it without waiting. Worker threads are reused across runs.
 */
final class StepScheduler implements FaultSteps, AutoCloseable {
    /** How long a running thread may take to reach its next step before the run is declared stuck. */
    private static final long STUCK_SECONDS = 60;

    enum Status { IDLE, RUNNING, PARKED, DONE }

    /** One worker thread and where it stands. */
    static final class Slot {
        final Semaphore go = new Semaphore(0);
        volatile Status status = Status.IDLE;
        volatile FaultStep pending;
        volatile BooleanSupplier free;
        volatile Runnable task;
        Thread thread;
    }

    /**
     * A decision of one run: which slots could go (the one that ran last first, if it could), which went, the step
     * it went into, whether the one that ran last could have gone on, and the preemptions before this decision.
     */
    record Decision(int[] enabled, int chosen, FaultStep step, boolean lastRunEnabled, int preemptions) {
    }

    private final Semaphore control = new Semaphore(0);
    private final ThreadLocal<Slot> current = new ThreadLocal<>();
    private Slot[] slots;
    private volatile boolean shutdown;

    StepScheduler(int n) {
        slots = newSlots(n);
    }

    private Slot[] newSlots(int n) {
        Slot[] s = new Slot[n];
        for (int i = 0; i < n; i++) {
            Slot slot = new Slot();
            slot.thread = new Thread(() -> work(slot), "dax-race-" + i);
            slot.thread.setDaemon(true);
            slot.thread.start();
            s[i] = slot;
        }
        return s;
    }

    private void work(Slot slot) {
        current.set(slot);
        for (;;) {
            take(slot.go);
            if (shutdown) {
                return;
            }
            try {
                slot.task.run();
            } catch (Throwable t) {
                // the task records its own failures; nothing escapes to kill the worker
            } finally {
                slot.status = Status.DONE;
                control.release();
            }
        }
    }

    @Override
    public void before(VmFault fault, FaultStep step) {
        park(step, null);
    }

    @Override
    public void beforeLock(VmFault fault, FaultStep step, BooleanSupplier free) {
        park(step, free);
    }

    private void park(FaultStep step, BooleanSupplier free) {
        Slot slot = current.get();
        if (slot == null || slot.status != Status.RUNNING) {
            return; // not a race thread (the checker after a run)
        }
        slot.pending = step;
        slot.free = free;
        slot.status = Status.PARKED;
        control.release();
        take(slot.go);
        slot.status = Status.RUNNING;
    }

    /** Starts every task in order, each running until its first step (or its end). */
    void start(List<Runnable> tasks) {
        for (int i = 0; i < tasks.size(); i++) {
            Slot slot = slots[i];
            slot.task = tasks.get(i);
            slot.pending = null;
            slot.free = null;
            slot.status = Status.RUNNING;
            slot.go.release();
            awaitControl(i);
        }
    }

    /** Slots that may run now: parked, and if before a lock, the lock free. */
    int[] enabled(int n) {
        List<Integer> e = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Slot s = slots[i];
            if (s.status == Status.PARKED && (s.free == null || s.free.getAsBoolean())) {
                e.add(i);
            }
        }
        return e.stream().mapToInt(Integer::intValue).toArray();
    }

    boolean allDone(int n) {
        for (int i = 0; i < n; i++) {
            if (slots[i].status != Status.DONE) {
                return false;
            }
        }
        return true;
    }

    FaultStep pending(int i) {
        return slots[i].pending;
    }

    /** Lets slot {@code i} run its pending step, and waits until it parks again or ends. */
    void resume(int i) {
        Slot slot = slots[i];
        slot.status = Status.RUNNING;
        slot.go.release();
        awaitControl(i);
    }

    private static void take(Semaphore s) {
        s.acquireUninterruptibly();
    }

    private void awaitControl(int i) {
        try {
            if (!control.tryAcquire(STUCK_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("race thread " + i + " neither reached a fault step nor finished in "
                        + STUCK_SECONDS + " s: it waits outside the FaultSteps hook");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** After a deadlock: the stuck threads are abandoned (daemon) and fresh ones take their place. */
    void abandon(int n) {
        for (int i = 0; i < n; i++) {
            slots[i].thread.interrupt();
        }
        slots = newSlots(slots.length);
    }

    @Override
    public void close() {
        shutdown = true;
        for (Slot s : slots) {
            s.go.release();
        }
    }
}
