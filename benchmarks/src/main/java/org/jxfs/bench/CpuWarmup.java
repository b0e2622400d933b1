// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

/**
 * Keeps the CPU busy for a moment between a set-up that waited for the disk and the timed part. On these VMs a
 * vCPU that sat idle, even for the few milliseconds of an fsync, runs about 30% slower for the next 10-20 ms
 * (measured: per 1,000 PREALLOC calls, 1.9-2.0 ms at the start of a round after mkfs's and unmount's fsyncs,
 * 1.4 ms later in the same round; with this spin in front, 1.4 ms throughout; docs/performance.md). A 20,000-call
 * jxfs invocation lasts about 35 ms, so without it most of the measurement would be that ramp; the kernel's run
 * of the same workload through xfs_io lasts 300 ms and pays it once. Untimed, like the rest of the set-up.
 */
final class CpuWarmup {
    static final long SPIN_NANOS = 100_000_000L;
    /** Where the spin's result goes, so the compiler cannot drop the loop. */
    static volatile long sink;

    private CpuWarmup() {
    }

    static void spin() {
        long end = System.nanoTime() + SPIN_NANOS;
        long x = 1;
        while (System.nanoTime() < end) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }
}
