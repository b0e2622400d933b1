// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.dev;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A recorder under the device for tests, in the spirit of dm-log-writes (what fstests generic/455 and generic/482
 * replay): every write, zeroing and flush that reaches a {@link BlockDevice} is appended, in order, to a file. A
 * {@link Replayer} rebuilds the image as it stood at any flush: a copy of the image taken when the recorder was
 * attached, with every write recorded before that flush applied. Writes between two flushes are applied in the order
 * they were issued, as dm-log-writes replays them.
 *
 * <p>Record format (big-endian): a tag byte; WRITE then offset (long), length (int) and the bytes; ZERO then offset
 * and length (longs); FLUSH alone.
 */
public final class WriteRecorder implements AutoCloseable {
    static final int TAG_WRITE = 1;
    static final int TAG_ZERO = 2;
    static final int TAG_FLUSH = 3;

    private final DataOutputStream out;
    private long flushes;
    private long writes;

    private WriteRecorder(Path file) throws IOException {
        out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20));
    }

    /** A recorder appending to a new {@code file}. */
    public static WriteRecorder create(Path file) throws IOException {
        return new WriteRecorder(file);
    }

    synchronized void write(long off, byte[] src, int srcOff, int len) {
        try {
            out.writeByte(TAG_WRITE);
            out.writeLong(off);
            out.writeInt(len);
            out.write(src, srcOff, len);
            writes++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void zero(long off, long len) {
        try {
            out.writeByte(TAG_ZERO);
            out.writeLong(off);
            out.writeLong(len);
            writes++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void flush() {
        try {
            out.writeByte(TAG_FLUSH);
            flushes++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes recorded so far: flush point {@code n} (1-based) is the state right after the n-th. */
    public synchronized long flushes() {
        return flushes;
    }

    /** Writes and zeroings recorded so far. */
    public synchronized long writes() {
        return writes;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /**
     * Rebuilds a recorded run onto an image: {@link #toFlush} applies records up to a flush point, moving forward
     * only, so stepping through every flush point reads the recording once.
     */
    public static final class Replayer implements AutoCloseable {
        private final DataInputStream in;
        private final RandomAccessFile image;
        private long flushesApplied;
        private byte[] buf = new byte[1 << 16];

        /** Replays {@code recording} onto {@code image}, which must hold the image as it was when recording began. */
        public Replayer(Path recording, Path image) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(recording), 1 << 20));
            this.image = new RandomAccessFile(image.toFile(), "rw");
        }

        /**
         * Applies records until {@code n} flushes have been applied; returns false when the recording ends first
         * (everything recorded is then applied).
         */
        public boolean toFlush(long n) throws IOException {
            if (n < flushesApplied) {
                throw new IllegalArgumentException("flush point " + n + " is behind " + flushesApplied);
            }
            while (flushesApplied < n) {
                int tag;
                try {
                    tag = in.readUnsignedByte();
                } catch (EOFException e) {
                    return false;
                }
                switch (tag) {
                    case TAG_WRITE -> {
                        long off = in.readLong();
                        int len = in.readInt();
                        if (buf.length < len) {
                            buf = new byte[len];
                        }
                        in.readFully(buf, 0, len);
                        image.seek(off);
                        image.write(buf, 0, len);
                    }
                    case TAG_ZERO -> {
                        long off = in.readLong();
                        long len = in.readLong();
                        byte[] zeros = new byte[(int) Math.min(len, 1 << 20)];
                        for (long done = 0; done < len; done += zeros.length) {
                            image.seek(off + done);
                            image.write(zeros, 0, (int) Math.min(zeros.length, len - done));
                        }
                    }
                    case TAG_FLUSH -> flushesApplied++;
                    default -> throw new IOException("bad record tag " + tag + " after flush " + flushesApplied);
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } finally {
                image.close();
            }
        }
    }
}
