// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.util.concurrent.locks.LockSupport;

/**
 * The kernel's coarse real-time clock (ktime_get_coarse_real_ts64, what current_time() stamps inodes with): the
 * time as of the last timer tick. In the kernel the timer interrupt advances it once per tick (4 ms with the
 * distribution kernels' HZ=250) and a reader only loads it; here a daemon thread plays the timer interrupt, and a
 * reader loads a volatile. Reading the real clock instead costs a clock_gettime per stamp (28 ns under this
 * machine's kvm-clock, twice per fallocate). The thread stops after a second without readers and the next reader
 * starts it again, publishing the clock's current tick itself.
 */
final class CoarseClock {
    /** One timer tick at HZ=250. The tick is whole milliseconds, so the millisecond clock rounds to it exactly. */
    static final long TICK_NANOS = 4_000_000L;
    static final long NANOS_PER_MILLI = 1_000_000L;
    /** Ticks without a reader after which the ticking thread stops (one second). */
    static final int IDLE_TICKS = 250;

    private static volatile long now;
    private static volatile boolean ticking;
    /** Set by readers, cleared by each tick: a racy flag is enough to tell an idle clock from a used one. */
    private static boolean readSinceTick;

    private CoarseClock() {
    }

    /** current_time(): the coarse clock in nanoseconds since the epoch, a multiple of {@link #TICK_NANOS}. */
    static long nowNanos() {
        if (!ticking) {
            // The value start() published, not a fresh sample: a later tick-less read must not go back in time.
            start();
            return now;
        }
        readSinceTick = true;
        return now;
    }

    /** Whether the ticking thread is running (for tests). */
    static boolean isTicking() {
        return ticking;
    }

    /** The real clock rounded down to the tick. */
    static long sample() {
        long nanos = System.currentTimeMillis() * NANOS_PER_MILLI;
        return nanos - Math.floorMod(nanos, TICK_NANOS);
    }

    private static synchronized void start() {
        if (ticking) {
            return;
        }
        now = sample();
        readSinceTick = true;
        ticking = true;
        Thread t = new Thread(CoarseClock::tick, "jxfs-coarse-clock");
        t.setDaemon(true);
        t.start();
    }

    /** The timer interrupt: at each tick boundary of the real clock, publish it; stop when nobody reads. */
    private static void tick() {
        int idle = 0;
        for (;;) {
            long real = System.currentTimeMillis() * NANOS_PER_MILLI;
            LockSupport.parkNanos(TICK_NANOS - Math.floorMod(real, TICK_NANOS));
            now = sample();
            if (readSinceTick) {
                readSinceTick = false;
                idle = 0;
            } else if (++idle >= IDLE_TICKS) {
                synchronized (CoarseClock.class) {
                    ticking = false;
                }
                return;
            }
        }
    }
}
