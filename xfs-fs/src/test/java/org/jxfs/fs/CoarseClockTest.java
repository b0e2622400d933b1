// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The coarse clock stands in for the kernel's: whole ticks, behind the real clock by less than a few ticks, moving
 * on while it is read, and its thread gone once nobody reads it, started again by the next reader.
 */
class CoarseClockTest {
    /** How far behind the real clock a value may be: the tick itself plus a scheduling delay of the thread. */
    private static final long SLACK_NANOS = 50 * CoarseClock.TICK_NANOS;

    private static long realNanos() {
        return System.currentTimeMillis() * CoarseClock.NANOS_PER_MILLI;
    }

    @Test
    void ticksAreWholeRecentAndAdvance() throws Exception {
        long first = CoarseClock.nowNanos();
        long seen = first;
        for (int i = 0; i < 200; i++) {
            long before = realNanos();
            long t = CoarseClock.nowNanos();
            long after = realNanos();
            assertThat(t % CoarseClock.TICK_NANOS).isZero();
            assertThat(t).isLessThanOrEqualTo(after).isGreaterThan(before - SLACK_NANOS);
            assertThat(t).isGreaterThanOrEqualTo(seen);
            seen = t;
            Thread.sleep(1);
        }
        // 200 sleeps of at least a millisecond span many ticks.
        assertThat(seen - first).isGreaterThanOrEqualTo(40 * CoarseClock.TICK_NANOS);
        assertThat(CoarseClock.isTicking()).isTrue();
    }

    @Test
    void theThreadStopsWhenIdleAndRestartsOnTheNextRead() throws Exception {
        CoarseClock.nowNanos();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (CoarseClock.isTicking() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(CoarseClock.isTicking()).as("stopped after %d idle ticks", CoarseClock.IDLE_TICKS).isFalse();
        long before = realNanos();
        long t = CoarseClock.nowNanos();
        assertThat(t).isGreaterThan(before - CoarseClock.TICK_NANOS).isLessThanOrEqualTo(realNanos());
        assertThat(CoarseClock.isTicking()).isTrue();
    }
}
