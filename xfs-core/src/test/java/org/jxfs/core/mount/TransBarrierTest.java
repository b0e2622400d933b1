// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TransBarrierTest {
    private final TransBarrier barrier = new TransBarrier();

    @Test
    void readHoldsNestAndCountPerThread() {
        assertThat(barrier.readHoldCount()).isZero();
        barrier.readLock();
        barrier.readLock();
        assertThat(barrier.readHoldCount()).isEqualTo(2);
        barrier.readUnlock();
        barrier.readUnlock();
        assertThat(barrier.readHoldCount()).isZero();
        assertThatThrownBy(barrier::readUnlock).isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    void writerWaitsForAReaderOfAnotherThread() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            barrier.readLock();
            inside.countDown();
            await(leave);
            barrier.readUnlock();
        });
        reader.start();
        inside.await();
        assertThat(barrier.tryWriteLock(20, TimeUnit.MILLISECONDS)).isFalse();
        // The failed try let go: the reader may nest, others may enter.
        leave.countDown();
        reader.join();
        barrier.writeLock();
        barrier.writeUnlock();
        barrier.readLock();
        barrier.readUnlock();
    }

    @Test
    void newReadersWaitForTheWriterAndGoOnAfterIt() throws Exception {
        barrier.writeLock();
        AtomicBoolean entered = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            started.countDown();
            barrier.readLock();
            entered.set(true);
            barrier.readUnlock();
        });
        reader.start();
        started.await();
        reader.join(50);
        assertThat(entered).isFalse();
        assertThat(reader.isAlive()).isTrue();
        barrier.writeUnlock();
        reader.join();
        assertThat(entered).isTrue();
    }

    @Test
    void aReaderInsideNestsWhileAWriterWaits() throws Exception {
        barrier.readLock();
        AtomicBoolean written = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            barrier.writeLock();
            written.set(true);
            barrier.writeUnlock();
        });
        writer.start();
        while (writer.getState() != Thread.State.TIMED_WAITING && writer.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        // Waiting here for the writer would wait for this thread itself.
        barrier.readLock();
        assertThat(barrier.readHoldCount()).isEqualTo(2);
        barrier.readUnlock();
        assertThat(written).isFalse();
        barrier.readUnlock();
        writer.join();
        assertThat(written).isTrue();
    }

    @Test
    void theWritersThreadMayEnterAndTheWriteSideNests() {
        barrier.writeLock();
        barrier.writeLock();
        barrier.readLock();
        assertThat(barrier.readHoldCount()).isEqualTo(1);
        barrier.readUnlock();
        barrier.writeUnlock();
        barrier.writeUnlock();
        assertThatThrownBy(barrier::writeUnlock).isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    void noReaderIsInsideWhileAWriterHoldsIt() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread r = new Thread(() -> {
                while (!stop.get()) {
                    barrier.readLock();
                    inside.incrementAndGet();
                    Thread.onSpinWait();
                    inside.decrementAndGet();
                    barrier.readUnlock();
                }
            });
            readers.add(r);
            r.start();
        }
        for (int i = 0; i < 2000; i++) {
            if (i % 2 == 0) {
                barrier.writeLock();
            } else if (!barrier.tryWriteLock(1, TimeUnit.SECONDS)) {
                continue;
            }
            if (inside.get() != 0 && failure.get() == null) {
                failure.set("round " + i + ": " + inside.get() + " readers inside with the writer");
            }
            barrier.writeUnlock();
        }
        stop.set(true);
        for (Thread r : readers) {
            r.join();
        }
        assertThat(failure.get()).isNull();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
