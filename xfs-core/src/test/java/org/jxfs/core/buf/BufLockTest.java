// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.buf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The buffer lock must exclude (plain counters changed under it by racing threads come out exact), hand over to a
 * waiter, let its holder take it again, and refuse an unlock from a thread that does not hold it.
 */
class BufLockTest {
    @Test
    void racingThreadsNeverOverlap() throws Exception {
        BufLock lock = new BufLock();
        int threads = 4;
        int rounds = 200_000;
        long[] counter = new long[1];
        int[] inside = new int[1];
        AtomicBoolean overlapped = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < rounds; i++) {
                    if (i % 3 == 0 ? lock.tryLock() : lockAnd(lock)) {
                        if (++inside[0] != 1) {
                            overlapped.set(true);
                        }
                        counter[0]++;
                        inside[0]--;
                        lock.unlock();
                    }
                }
            });
            th.start();
            ts.add(th);
        }
        start.countDown();
        for (Thread th : ts) {
            th.join(TimeUnit.MINUTES.toMillis(2));
            assertThat(th.isAlive()).as("a thread is stuck waiting for the lock").isFalse();
        }
        assertThat(overlapped).isFalse();
        // Every blocking lock() counted: at least the 2/3 of the rounds that did not try.
        assertThat(counter[0]).isGreaterThanOrEqualTo((long) threads * (rounds - (rounds + 2) / 3));
        lock.lock();
        assertThat(lock.heldByCurrentThread()).isTrue();
        lock.unlock();
    }

    private static boolean lockAnd(BufLock lock) {
        lock.lock();
        return true;
    }

    @Test
    void waiterGetsTheLockWhenItIsGivenBack() throws Exception {
        BufLock lock = new BufLock();
        lock.lock();
        CountDownLatch got = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            lock.lock();
            got.countDown();
            lock.unlock();
        });
        waiter.start();
        assertThat(got.await(100, TimeUnit.MILLISECONDS)).as("took a held lock").isFalse();
        assertThat(lock.tryLock()).as("the holder may take it again").isTrue();
        lock.unlock();
        assertThat(got.await(50, TimeUnit.MILLISECONDS)).as("released while still held once").isFalse();
        lock.unlock();
        assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
        waiter.join();
    }

    @Test
    void anInterruptedWaiterKeepsWaitingAndKeepsItsInterrupt() throws Exception {
        BufLock lock = new BufLock();
        lock.lock();
        boolean[] seen = new boolean[2];
        CountDownLatch got = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            lock.lock();
            seen[0] = lock.heldByCurrentThread();
            seen[1] = Thread.currentThread().isInterrupted();
            lock.unlock();
            got.countDown();
        });
        waiter.start();
        Thread.sleep(20);
        waiter.interrupt();
        assertThat(got.await(100, TimeUnit.MILLISECONDS)).as("an interrupt took the lock from its holder").isFalse();
        lock.unlock();
        assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
        waiter.join();
        assertThat(seen[0]).isTrue();
        assertThat(seen[1]).as("interrupt status after the wait").isTrue();
    }

    @Test
    void onlyTheHolderMayUnlock() throws Exception {
        BufLock lock = new BufLock();
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
        lock.lock();
        boolean[] other = new boolean[2];
        Thread t = new Thread(() -> {
            other[0] = lock.tryLock();
            try {
                lock.unlock();
            } catch (IllegalMonitorStateException e) {
                other[1] = true;
            }
        });
        t.start();
        t.join();
        assertThat(other[0]).as("tryLock of a lock another thread holds").isFalse();
        assertThat(other[1]).as("unlock by a thread that does not hold it").isTrue();
        assertThat(lock.heldByCurrentThread()).isTrue();
        lock.unlock();
        assertThat(lock.heldByCurrentThread()).isFalse();
    }
}
