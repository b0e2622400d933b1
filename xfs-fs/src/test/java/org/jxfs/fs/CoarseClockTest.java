// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The coarse clock stands in for the kernel's: whole ticks, behind the real clock by less than a tick, moving on while
 * it is read.
 */
class CoarseClockTest {
    /** How far behind the real clock a value may be: the tick. */
    private static final long SLACK_NANOS = CoarseClock.TICK_NANOS;

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
    }
}
