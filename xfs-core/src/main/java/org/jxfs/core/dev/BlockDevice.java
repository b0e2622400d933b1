// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.dev;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.core.io.ReferenceOwner;
import org.jxfs.core.XfsIoException;

/**
 * The block device under a mount (struct block_device / xfs_buftarg's bdev): the image file, mapped through
 * chronicle-bytes in fixed chunks so images far larger than RAM cost only what is touched. chronicle-bytes extends a
 * file to a whole chunk, which would change an image's size, so only whole chunks are mapped and the tail past the
 * last whole chunk goes through a FileChannel. Mapped chunk stores are kept until close: releasing one unmaps it.
 * Reads load from the mapping; writes reach the image by positional writes (pwrite), never by stores into the
 * mapping: file data ({@link #writeData}) through the device's {@link DataWriteCache}, metadata and the log
 * ({@link #write}) directly. A store into a mapped page faults whenever the host has written the page back since
 * the last store (every flush cleans them all, and cleaning a page mapped writable costs a TLB shootdown); a
 * pwrite of the same bytes does not (docs/performance.md, "Tools end to end"). The mapping and the pwrites share
 * the host's page cache, so reads through the mapping see every write at once. A device opened
 * {@link #openUnmapped unmapped} maps nothing and never starts chronicle-bytes: every access is a positional read
 * or write.
 */
public final class BlockDevice implements AutoCloseable {
    /** Bytes per mapped chunk. */
    public static final long CHUNK = 4L << 20;

    private final Path path;
    private final boolean readOnly;
    private final long size;
    private final long mappedLimit;
    private final FileChannel channel;
    private final MappedFile mapped;
    private final ReferenceOwner owner;
    private final ConcurrentHashMap<Long, MappedBytesStore> chunks = new ConcurrentHashMap<>();
    private volatile ZeroRangeHook zeroHook;
    private volatile WriteRecorder recorder;
    private final DataWriteCache dataCache;
    /** Null on a read-only device. */
    private final BackgroundFlush background;

    private BlockDevice(Path path, boolean readOnly, boolean map) throws IOException {
        this.path = path;
        this.readOnly = readOnly;
        this.channel = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.size = channel.size();
        this.mappedLimit = map ? size / CHUNK * CHUNK : 0;
        this.mapped = mappedLimit > 0 ? MappedFile.of(path.toFile(), CHUNK, 0, readOnly) : null;
        this.owner = mapped != null ? ReferenceOwner.temporary("jxfs-bdev") : null;
        this.background = readOnly ? null : new BackgroundFlush(channel, path.getFileName().toString());
        this.dataCache = new DataWriteCache(path, channel, background);
    }

    /** Opens an existing image file; fails with a one-line message when it is missing or not accessible. */
    public static BlockDevice open(Path path, boolean readOnly) throws XfsIoException {
        return open(path, readOnly, true);
    }

    /**
     * Opens an existing image file for writing with no mapping: every read and write is a positional FileChannel
     * call, as mkfs.xfs's pwrite()s. For a writer that touches a few blocks once (mkfs), where setting up
     * chronicle-bytes costs more than the I/O; {@link #mappedChunk} has nothing to hand out.
     */
    public static BlockDevice openUnmapped(Path path) throws XfsIoException {
        return open(path, false, false);
    }

    private static BlockDevice open(Path path, boolean readOnly, boolean map) throws XfsIoException {
        if (!Files.exists(path)) {
            throw new XfsIoException(path + ": No such file or directory");
        }
        if (!Files.isRegularFile(path)) {
            throw new XfsIoException(path + ": not a regular file (jxfs works on image files)");
        }
        if (!readOnly && !Files.isWritable(path)) {
            throw new XfsIoException(path + ": Permission denied");
        }
        try {
            return new BlockDevice(path, readOnly, map);
        } catch (IOException e) {
            throw new XfsIoException(path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** Size of the device in bytes. */
    public long size() {
        return size;
    }

    private MappedBytesStore chunk(long byteOff) throws IOException {
        long idx = byteOff / CHUNK;
        MappedBytesStore s = chunks.get(idx);
        if (s == null) {
            synchronized (chunks) {
                s = chunks.get(idx);
                if (s == null) {
                    s = mapped.acquireByteStore(owner, idx * CHUNK);
                    chunks.put(idx, s);
                }
            }
        }
        return s;
    }

    private void check(long off, int len) throws XfsIoException {
        if (off < 0 || len < 0 || off + len > size) {
            throw new XfsIoException(path + ": I/O beyond the end of the device at byte " + off + " length " + len);
        }
    }

    /** Reads {@code len} bytes at byte offset {@code off} into {@code dst[dstOff..]}. */
    public void read(long off, byte[] dst, int dstOff, int len) throws XfsIoException {
        check(off, len);
        dataCache.issueIfOverlaps(off, len);
        try {
            while (len > 0) {
                if (off >= mappedLimit) {
                    ByteBuffer bb = ByteBuffer.wrap(dst, dstOff, len);
                    while (bb.hasRemaining()) {
                        if (channel.read(bb, off + (bb.position() - dstOff)) < 0) {
                            throw new XfsIoException(path + ": short read at byte " + off);
                        }
                    }
                    return;
                }
                int n = (int) Math.min(len, CHUNK - off % CHUNK);
                chunk(off).read(off, dst, dstOff, n);
                off += n;
                dstOff += n;
                len -= n;
            }
        } catch (IOException e) {
            throw new XfsIoException(path + ": read error at byte " + off + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code len} bytes of file data from {@code src[srcOff..]} at byte offset {@code off}: the data path of
     * direct I/O, DAX writes and page-cache writeback. The write completes into the device's {@link DataWriteCache}; reads of the device
     * see it at once, and {@link #flush} (as every other write) puts it in the image first.
     */
    public void writeData(long off, byte[] src, int srcOff, int len) throws XfsIoException {
        check(off, len);
        requireWritable();
        if (dataCache.write(off, src, srcOff, len)) {
            WriteRecorder r = recorder;
            if (r != null) {
                r.write(off, src, srcOff, len);
            }
        } else {
            write(off, src, srcOff, len);
        }
    }

    /**
     * Writes {@code len} bytes from {@code src[srcOff..]} at byte offset {@code off} with one pwrite. File data held
     * in the {@link DataWriteCache} reaches the image first, so metadata never lands before the data it points at.
     */
    public void write(long off, byte[] src, int srcOff, int len) throws XfsIoException {
        check(off, len);
        requireWritable();
        dataCache.issue();
        WriteRecorder r = recorder;
        if (r != null) {
            r.write(off, src, srcOff, len);
        }
        try {
            ByteBuffer bb = ByteBuffer.wrap(src, srcOff, len);
            while (bb.hasRemaining()) {
                channel.write(bb, off + (bb.position() - srcOff));
            }
        } catch (IOException e) {
            throw new XfsIoException(path + ": write error at byte " + off + ": " + e.getMessage(), e);
        }
        background.wrote(len);
    }

    /**
     * Zeroes {@code [off, off+len)}, as blkdev_issue_zeroout. A pmem device (the dax module) installs a hook that
     * zeroes through its own mapping (dax_clear_blocks); otherwise mapped chunks are cleared with setMemory.
     */
    public void zeroRange(long off, long len) throws XfsIoException {
        check(off, (int) Math.min(len, Integer.MAX_VALUE));
        if (off + len > size) {
            throw new XfsIoException(path + ": zeroing beyond the end of the device at byte " + off);
        }
        requireWritable();
        dataCache.issue();
        WriteRecorder r = recorder;
        if (r != null) {
            r.zero(off, len);
        }
        ZeroRangeHook hook = zeroHook;
        if (hook != null) {
            hook.zero(off, len);
            return;
        }
        try {
            byte[] zeros = null;
            while (len > 0) {
                int n = (int) Math.min(len, CHUNK - off % CHUNK);
                if (off >= mappedLimit) {
                    if (zeros == null) {
                        zeros = new byte[(int) Math.min(CHUNK, Math.max(len, 512))];
                    }
                    n = (int) Math.min(len, zeros.length);
                    channel.write(ByteBuffer.wrap(zeros, 0, n), off);
                    background.wrote(n);
                } else {
                    MappedBytesStore s = chunk(off);
                    s.zeroOut(off, off + n);
                }
                off += n;
                len -= n;
            }
        } catch (IOException e) {
            throw new XfsIoException(path + ": zeroing failed at byte " + off + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records every later write, zeroing and flush of this device ({@link WriteRecorder}); null stops recording.
     * Stores through the pmem mapping bypass the device, so a recorded device refuses {@link #mappedChunk}.
     */
    public void setRecorder(WriteRecorder recorder) {
        this.recorder = recorder;
    }

    /** Lets a higher layer (dax) supply the zeroing implementation of this device. */
    public void setZeroRangeHook(ZeroRangeHook hook) {
        this.zeroHook = hook;
    }

    /**
     * The mapped store of the chunk holding {@code off}, for the dax module's direct pmem view. Stores through it
     * bypass the device, so the first call issues the {@link DataWriteCache} and turns it off for good.
     */
    public MappedBytesStore mappedChunk(long off) throws XfsIoException {
        if (off < 0 || off >= mappedLimit) {
            return null;
        }
        if (recorder != null) {
            throw new IllegalStateException(path + ": a recorded device cannot hand out its pmem mapping");
        }
        dataCache.turnOff();
        try {
            return chunk(off);
        } catch (IOException e) {
            throw new XfsIoException(path + ": cannot map byte " + off + ": " + e.getMessage(), e);
        }
    }

    /** Highest offset covered by mapped chunks; the tail past it is reached through read/write only. */
    public long mappedLimit() {
        return mappedLimit;
    }

    /** Makes every write durable (blkdev_issue_flush). */
    public void flush() throws XfsIoException {
        if (readOnly) {
            return;
        }
        dataCache.flush();
        try {
            for (MappedBytesStore s : chunks.values()) {
                s.syncUpTo(s.start() + s.realCapacity());
            }
            background.flushed();
            channel.force(false);
            background.rethrowFailure();
        } catch (IOException | RuntimeException e) {
            throw new XfsIoException(path + ": flush failed: " + e.getMessage(), e);
        }
        WriteRecorder r = recorder;
        if (r != null) {
            r.flush();
        }
    }

    private void requireWritable() throws XfsIoException {
        if (readOnly) {
            throw new XfsIoException(path + ": device opened read-only");
        }
    }

    @Override
    public void close() throws XfsIoException {
        try {
            // the background writeback stops first, so the last flush reports any error it met
            if (background != null) {
                background.close();
            }
            flush();
        } finally {
            for (MappedBytesStore s : chunks.values()) {
                s.release(owner);
            }
            chunks.clear();
            if (mapped != null) {
                mapped.releaseLast();
            }
            try {
                channel.close();
                if (!readOnly) {
                    // Guard the image's size: it must never change under us.
                    try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
                        if (raf.length() != size) {
                            raf.setLength(size);
                        }
                    }
                }
            } catch (IOException e) {
                throw new XfsIoException(path + ": close failed: " + e.getMessage(), e);
            }
        }
    }

    /** How a device zeroes a range; the dax module installs dax_clear_blocks here. */
    @FunctionalInterface
    public interface ZeroRangeHook {
        void zero(long off, long len) throws XfsIoException;
    }
}
