// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

/**
 * The kernel's coarse real-time clock (ktime_get_coarse_real_ts64, what current_time() stamps inodes with): the
 * time as of the last timer tick, 4 ms apart with the distribution kernels' HZ=250. Here it is the real clock
 * rounded down to the tick: a clock_gettime through the vDSO per stamp (28 ns under this machine's kvm-clock, a few
 * per command). A thread playing the timer interrupt, so that readers only load a volatile, cost more: woken 250
 * times a second it took 4% of the CPU of a 200,000-command xfs_io script on the shared 2-core machine
 * (docs/performance.md, "Tools end to end").
 */
final class CoarseClock {
    /** One timer tick at HZ=250. The tick is whole milliseconds, so the millisecond clock rounds to it exactly. */
    static final long TICK_NANOS = 4_000_000L;
    static final long NANOS_PER_MILLI = 1_000_000L;

    private CoarseClock() {
    }

    /** current_time(): the coarse clock in nanoseconds since the epoch, a multiple of {@link #TICK_NANOS}. */
    static long nowNanos() {
        long nanos = System.currentTimeMillis() * NANOS_PER_MILLI;
        return nanos - Math.floorMod(nanos, TICK_NANOS);
    }
}
