// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicLongArray;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.SyncMode;
import org.jxfs.core.XfsIoException;
import org.jxfs.core.dev.BlockDevice;
import sun.misc.Unsafe;

/**
 * The image seen as persistent memory (drivers/nvdimm/pmem.c with bdev_direct_access): loads and stores go straight
 * to the addresses of the device's mapped chunks, no copies. Only the whole chunks below
 * {@link BlockDevice#mappedLimit()} have addresses; DAX is refused past it ({@link #directAccess}), and zeroing falls
 * back to the device's write there. Every access is bounds-checked before it touches memory: an unchecked address
 * would crash the JVM, not raise an error. A Pmem must not outlive its device: closing the device unmaps the chunks.
 *
 * <p>Unsafe is called in its (null base, absolute address) form, which tools that instrument memory accesses (Lincheck)
 * understand. Loads and stores are native-endian, as a CPU's are on pmem. Durability follows the kernel of 4.3/4.4:
 * stores are ordered by {@link #wmb()} (wmb_pmem: a store fence) and made durable by forcing the mapping
 * ({@link #persist}).
 */
public final class Pmem {
    static final Unsafe UNSAFE = unsafe();
    private static final long CHUNK = BlockDevice.CHUNK;

    private final BlockDevice dev;
    private final long limit;
    /** Address of each chunk's first byte; 0 until first touched. The device keeps the stores mapped until close. */
    private final AtomicLongArray chunkAddr;
    private final MappedBytesStore[] stores;

    public Pmem(BlockDevice dev) {
        this.dev = dev;
        this.limit = dev.mappedLimit();
        int n = (int) (limit / CHUNK);
        this.chunkAddr = new AtomicLongArray(n);
        this.stores = new MappedBytesStore[n];
    }

    public BlockDevice device() {
        return dev;
    }

    /** Bytes from offset 0 that DAX can address: the device's whole mapped chunks. */
    public long daxLimit() {
        return limit;
    }

    /** Size of the device in bytes. */
    public long size() {
        return dev.size();
    }

    /**
     * Ports bdev_direct_access (Linux 4.3): checks that {@code [off, off+len)} is addressable pmem and returns how
     * many bytes from {@code off} are contiguous in memory (up to {@code len}, never past a chunk's end).
     */
    public long directAccess(long off, long len) throws XfsIoException {
        check(off, len);
        return Math.min(len, CHUNK - off % CHUNK);
    }

    /** The address of device byte {@code off}; {@code off} must already be checked. */
    private long address(long off) throws XfsIoException {
        int idx = (int) (off / CHUNK);
        long base = chunkAddr.getAcquire(idx);
        if (base == 0) {
            base = mapChunk(idx);
        }
        return base + off % CHUNK;
    }

    private long mapChunk(int idx) throws XfsIoException {
        MappedBytesStore s = dev.mappedChunk(idx * CHUNK);
        if (s == null) {
            throw new XfsIoException(dev.path() + ": byte " + idx * CHUNK + " is not mapped");
        }
        long base = s.addressForRead(idx * CHUNK);
        synchronized (stores) {
            stores[idx] = s;
        }
        chunkAddr.setRelease(idx, base);
        return base;
    }

    private void check(long off, long len) throws XfsIoException {
        if (off < 0 || len < 0 || off + len > limit) {
            String why = off + len > dev.size() ? "beyond the end of the device"
                    : "in the device's unmapped tail (past " + limit + "), which cannot be used for DAX";
            throw new XfsIoException(dev.path() + ": pmem access at byte " + off + " length " + len + " is " + why);
        }
    }

    private void checkWrite(long off, long len) throws XfsIoException {
        check(off, len);
        if (dev.readOnly()) {
            throw new XfsIoException(dev.path() + ": pmem store to a device opened read-only");
        }
    }

    public byte readByte(long off) throws XfsIoException {
        check(off, 1);
        return UNSAFE.getByte(null, address(off));
    }

    public void writeByte(long off, byte v) throws XfsIoException {
        checkWrite(off, 1);
        UNSAFE.putByte(null, address(off), v);
    }

    /** A native-endian 8-byte load; one instruction when it does not straddle a chunk boundary. */
    public long readLong(long off) throws XfsIoException {
        check(off, 8);
        if (CHUNK - off % CHUNK >= 8) {
            return UNSAFE.getLong(null, address(off));
        }
        byte[] b = new byte[8];
        read(off, b, 0, 8);
        return bytesToLong(b);
    }

    /** A native-endian 8-byte store. */
    public void writeLong(long off, long v) throws XfsIoException {
        checkWrite(off, 8);
        if (CHUNK - off % CHUNK >= 8) {
            UNSAFE.putLong(null, address(off), v);
            return;
        }
        byte[] b = longToBytes(v);
        write(off, b, 0, 8);
    }

    public void read(long off, byte[] dst, int dstOff, int len) throws XfsIoException {
        check(off, len);
        while (len > 0) {
            int n = (int) Math.min(len, CHUNK - off % CHUNK);
            UNSAFE.copyMemory(null, address(off), dst, Unsafe.ARRAY_BYTE_BASE_OFFSET + dstOff, n);
            off += n;
            dstOff += n;
            len -= n;
        }
    }

    public void write(long off, byte[] src, int srcOff, int len) throws XfsIoException {
        checkWrite(off, len);
        while (len > 0) {
            int n = (int) Math.min(len, CHUNK - off % CHUNK);
            UNSAFE.copyMemory(src, Unsafe.ARRAY_BYTE_BASE_OFFSET + srcOff, null, address(off), n);
            off += n;
            srcOff += n;
            len -= n;
        }
    }

    /** Sets {@code [off, off+len)} to {@code value} at memset speed, chunk by chunk; pmem only. */
    public void fill(long off, long len, byte value) throws XfsIoException {
        checkWrite(off, len);
        while (len > 0) {
            long n = Math.min(len, CHUNK - off % CHUNK);
            UNSAFE.setMemory(null, address(off), n, value);
            off += n;
            len -= n;
        }
    }

    /**
     * Zeroes {@code [off, off+len)} of the device: setMemory on each chunk's address for the mapped part (memset
     * speed, unlike MappedBytesStore.zeroOut), the device's write for any part in the unmapped tail. Never calls
     * {@link BlockDevice#zeroRange}, so it can serve as that method's hook.
     */
    public void clear(long off, long len) throws XfsIoException {
        if (off < 0 || len < 0 || off + len > dev.size()) {
            throw new XfsIoException(dev.path() + ": zeroing beyond the end of the device at byte " + off);
        }
        long mappedLen = Math.max(0, Math.min(off + len, limit) - off);
        if (mappedLen > 0) {
            fill(off, mappedLen, (byte) 0);
            off += mappedLen;
            len -= mappedLen;
        }
        if (len > 0) {
            byte[] zeros = new byte[(int) Math.min(len, 1 << 20)];
            while (len > 0) {
                int n = (int) Math.min(len, zeros.length);
                dev.write(off, zeros, 0, n);
                off += n;
                len -= n;
            }
        }
    }

    /** Ports wmb_pmem (Linux 4.4): orders every earlier store to pmem before any later one (a store fence). */
    public void wmb() {
        UNSAFE.storeFence();
    }

    /**
     * Makes {@code [off, off+len)} durable, as msync on a DAX mapping: wmb_pmem, then the mapping of each chunk the
     * range touches is forced to the image.
     */
    public void persist(long off, long len) throws XfsIoException {
        check(off, len);
        wmb();
        long end = off + len;
        try {
            for (long c = off / CHUNK * CHUNK; c < end; c += CHUNK) {
                MappedBytesStore s;
                synchronized (stores) {
                    s = stores[(int) (c / CHUNK)];
                }
                if (s != null) {
                    s.syncUpTo(c + CHUNK, SyncMode.SYNC);
                }
            }
        } catch (RuntimeException e) {
            throw new XfsIoException(dev.path() + ": msync failed: " + e.getMessage(), e);
        }
    }

    /** Makes every store durable, as fsync: wmb_pmem, then the device's flush. */
    public void persistAll() throws XfsIoException {
        wmb();
        dev.flush();
    }

    private static long bytesToLong(byte[] b) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xff);
        }
        return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? v : Long.reverseBytes(v);
    }

    private static byte[] longToBytes(long v) {
        if (java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) {
            v = Long.reverseBytes(v);
        }
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
