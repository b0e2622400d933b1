// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.dev;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.jxfs.core.XfsIoException;

/**
 * The device's volatile write cache for file data, with write combining: a data write completes once it is here,
 * as a disk completes a write into its cache, and contiguous data writes merge into one run that reaches the image
 * file as one positional write (pwrite) when it is issued, as the block layer back-merges contiguous bios
 * (bio_attempt_back_merge) into one request. The cache holds a single run of at most {@link #CAPACITY} bytes. It
 * is issued when a data write neither extends it nor falls inside it, and before any other access that must see
 * or follow it: a read overlapping it, every metadata write and zeroing (so file data reaches the image before the
 * metadata that points at it, as the kernel's direct I/O completes its data before it converts), a flush, and the
 * first hand-out of a mapping of the image (after which the cache stays off, because stores through a mapping
 * would bypass it).
 *
 * <p>Why it exists: a first store into a page of a mapping of the sparse image costs 4-6 us on the measured VM (the
 * kernel allocates, zeroes and maps a page-cache page for it), and so does one 4 KiB pwrite (most of it the system
 * call); one pwrite of a 256 KiB run costs about 0.6 us per 4 KiB. See docs/performance.md, "Direct I/O and DAX
 * writes".
 */
final class DataWriteCache {
    /** Bytes one run holds (64 blocks of 4 KiB): larger runs were no cheaper per byte on the measured VM. */
    static final int CAPACITY = 256 << 10;

    private final Path path;
    private final FileChannel channel;
    /** The run's bytes; allocated by the first data write, so devices that never write data pay nothing. */
    private ByteBuffer run;
    private long start;
    private int length;
    /** Whether a run is held; read without the lock by {@link #issue} and {@link #issueIfOverlaps}. */
    private volatile boolean holding;
    /** Set once a mapping of the image was handed out: data writes go straight to the image from then on. */
    private volatile boolean off;
    /** A write error of an issued run that no flush has reported yet (as the kernel's errseq reports at fsync). */
    private XfsIoException unreported;

    /** Told of every byte issued to the image file. */
    private final BackgroundFlush background;

    DataWriteCache(Path path, FileChannel channel, BackgroundFlush background) {
        this.path = path;
        this.channel = channel;
        this.background = background;
    }

    /**
     * Takes a data write of {@code len} bytes at {@code pos}; returns false when the caller must write it itself (the
     * cache is off or the write is larger than a run), after issuing what the cache held.
     */
    boolean write(long pos, byte[] src, int srcOff, int len) throws XfsIoException {
        if (off || len > CAPACITY) {
            issue();
            return false;
        }
        synchronized (this) {
            if (off) {
                issueLocked();
                return false;
            }
            if (length > 0) {
                long end = start + length;
                if (pos >= start && pos + len <= end) {
                    run.put((int) (pos - start), src, srcOff, len);
                    return true;
                }
                if (pos == end && length + len <= CAPACITY) {
                    run.put(length, src, srcOff, len);
                    length += len;
                    return true;
                }
                issueLocked();
            }
            if (run == null) {
                run = ByteBuffer.allocateDirect(CAPACITY);
            }
            run.put(0, src, srcOff, len);
            start = pos;
            length = len;
            holding = true;
            return true;
        }
    }

    /** Issues the held run if it overlaps {@code [pos, pos+len)}: a read of those bytes must see it. */
    void issueIfOverlaps(long pos, long len) throws XfsIoException {
        if (!holding) {
            return;
        }
        synchronized (this) {
            if (length > 0 && pos < start + length && start < pos + len) {
                issueLocked();
            }
        }
    }

    /** Writes the held run, if any, to the image file. */
    void issue() throws XfsIoException {
        if (!holding) {
            return;
        }
        synchronized (this) {
            issueLocked();
        }
    }

    /**
     * Issues the held run and turns the cache off for good: a mapping of the image is being handed out, and stores
     * through it would not see (or would be overwritten by) data held here.
     */
    void turnOff() throws XfsIoException {
        synchronized (this) {
            off = true;
            issueLocked();
        }
    }

    /** Issues the held run, then throws the first write error no flush has reported yet; part of a device flush. */
    void flush() throws XfsIoException {
        synchronized (this) {
            issueLocked();
            XfsIoException e = unreported;
            if (e != null) {
                unreported = null;
                throw new XfsIoException(path + ": flush failed: an earlier data write was lost: " + e.getMessage(), e);
            }
        }
    }

    private void issueLocked() throws XfsIoException {
        if (length == 0) {
            return;
        }
        long pos = start;
        // the run itself, not a duplicate (a new direct buffer per write): it is only used under this lock, and
        // its limit goes back to its capacity for the absolute puts that fill it
        ByteBuffer b = run.limit(length).position(0);
        length = 0;
        holding = false;
        try {
            while (b.hasRemaining()) {
                channel.write(b, pos + b.position());
            }
            background.wrote(b.limit());
        } catch (IOException e) {
            XfsIoException err = new XfsIoException(path + ": write error at byte " + (pos + b.position())
                    + " (data write of " + b.limit() + " bytes at byte " + pos + "): " + e.getMessage(), e);
            if (unreported == null) {
                unreported = err;
            }
            throw err;
        } finally {
            run.clear();
        }
    }
}
