// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PercpuCounterTest {
    @Test
    void smallAddsStayInTheSlotUntilTheBatchAndTheSumIsExact() {
        PercpuCounter c = new PercpuCounter();
        c.set(1000);
        for (int i = 0; i < 7; i++) {
            c.add(-3, 16);
        }
        assertThat(c.sum()).isEqualTo(979);
        c.add(500, 16);
        assertThat(c.sum()).isEqualTo(1479);
        c.set(5);
        assertThat(c.sum()).isEqualTo(5);
    }

    @Test
    void compareIsExactNearTheLimitAndFarFromIt() {
        PercpuCounter c = new PercpuCounter();
        c.set(100);
        c.add(-15, 16);
        // The shared count alone still says 100: only the sum tells 85 from 86.
        assertThat(c.compare(85, 16)).isZero();
        assertThat(c.compare(86, 16)).isNegative();
        assertThat(c.compare(84, 16)).isPositive();
        c.set(1L << 40);
        c.add(-15, 16);
        assertThat(c.compare(0, 16)).isPositive();
        assertThat(c.compare(1L << 41, 16)).isNegative();
    }

    @Test
    void addsOfManyThreadsAllCount() throws Exception {
        PercpuCounter c = new PercpuCounter();
        c.set(0);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            int sign = t % 3 == 0 ? -1 : 1;
            Thread th = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    c.add(sign * (i % 7), 64);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        long perThread = 0;
        for (int i = 0; i < 10_000; i++) {
            perThread += i % 7;
        }
        // 40 threads (26 adding, 14 taking) over 32 slots: some share a slot, and nothing may be lost.
        assertThat(c.sum()).isEqualTo(perThread * (26 - 14));
    }
}
