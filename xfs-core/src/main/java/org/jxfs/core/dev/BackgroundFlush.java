// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.dev;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Background writeback of the image file, as the host kernel's flusher threads write back a block device's dirty
 * pages before anyone waits for them: once {@link #thresholdBytes} have been written to the image since the last
 * flush, a daemon thread calls fdatasync on it. A device flush (a log force) must wait until everything written
 * before it is on the disk; without this it found every write since the previous force still in the host's page
 * cache (which, on a machine with gigabytes of memory, starts its own writeback only after 30 seconds) and waited
 * for all of it, while the disk had stood idle. The io script of benchmarks/io-script-vs-xfsio.sh spent a third of
 * its time in such waits.
 *
 * <p>It changes no ordering and no guarantee: writes reach the image in the order jxfs makes them, and each
 * {@link BlockDevice#flush} still makes everything before it durable itself. A write error that a background
 * fdatasync meets is kept and thrown by the next flush, since the host reports it to only one fdatasync of the
 * file.
 *
 * <p>The threshold is the system property {@code jxfs.dev.background-flush-bytes} (0 turns it off).
 */
final class BackgroundFlush implements AutoCloseable {
    /** Bytes written since the last flush that start a background one: 8 MiB. */
    static final long DEFAULT_THRESHOLD_BYTES = 8L << 20;

    private final FileChannel channel;
    private final String name;
    private final long thresholdBytes;
    private final AtomicLong pending = new AtomicLong();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private boolean wanted;
    private boolean closed;
    private Thread thread;
    private volatile IOException failure;

    BackgroundFlush(FileChannel channel, String name) {
        this.channel = channel;
        this.name = name;
        this.thresholdBytes = Long.getLong("jxfs.dev.background-flush-bytes", DEFAULT_THRESHOLD_BYTES);
    }

    /** {@code n} more bytes went to the image file. */
    void wrote(long n) {
        if (thresholdBytes > 0 && pending.addAndGet(n) >= thresholdBytes) {
            kick();
        }
    }

    /** A foreground flush has made everything written so far durable. */
    void flushed() {
        pending.set(0);
    }

    /** Throws, once, the error a background flush met since the last call. */
    void rethrowFailure() throws IOException {
        IOException e = failure;
        if (e != null) {
            failure = null;
            throw e;
        }
    }

    private void kick() {
        synchronized (lock) {
            if (closed || wanted) {
                return;
            }
            wanted = true;
            if (thread == null) {
                thread = new Thread(this::run, "jxfs-flush " + name);
                thread.setDaemon(true);
                thread.start();
            }
            lock.notifyAll();
        }
    }

    private void run() {
        while (true) {
            synchronized (lock) {
                while (!wanted && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                wanted = false;
            }
            pending.set(0);
            try {
                channel.force(false);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
    }

    /** Stops the thread, waiting for a flush it is running; before the channel is closed. */
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            t = thread;
        }
        if (t != null) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
