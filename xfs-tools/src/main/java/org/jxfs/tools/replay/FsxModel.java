// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

import java.util.Arrays;

/**
 * What the file should hold, as fsx keeps it ({@code good_buf} and {@code file_size}): every op is applied here
 * and to the file, and every read of the file is compared with this. Bytes past the size are kept zero, so a file
 * extended by truncate, fallocate or a write past EOF reads zeros in the gap.
 */
final class FsxModel {
    private byte[] buf = new byte[64 * 1024];
    private int size;

    long size() {
        return size;
    }

    /** The model's bytes; valid up to {@link #size}. */
    byte[] bytes() {
        return buf;
    }

    /** Stores {@code data[0 .. len)} at {@code offset}; the size grows to cover it (fsx's {@code dowrite}). */
    void write(long offset, byte[] data, int len) {
        int end = checked(offset + len);
        ensure(end);
        System.arraycopy(data, 0, buf, (int) offset, len);
        size = Math.max(size, end);
    }

    /**
     * Ports fsx.c's do_copy_range on good_buf: {@code [src, src + len)} copied to {@code dest} (the ranges never
     * overlap); the size grows to cover the destination, zeros in any gap.
     */
    void copy(long src, long len, long dest) {
        int l = checked(len);
        int end = checked(dest + len);
        ensure(end);
        System.arraycopy(buf, (int) src, buf, (int) dest, l);
        size = Math.max(size, end);
    }

    /** ftruncate: shrinking drops (zeroes) the bytes past the new size, growing reads zeros. */
    void truncate(long newSize) {
        int n = checked(newSize);
        ensure(n);
        if (n < size) {
            Arrays.fill(buf, n, size, (byte) 0);
        }
        size = n;
    }

    /** Zeroes {@code [offset, offset + len)} inside the file (punch hole, zero range). */
    void zero(long offset, long len) {
        long end = Math.min(size, offset + len);
        if (offset < end) {
            Arrays.fill(buf, (int) offset, (int) end, (byte) 0);
        }
    }

    /** The size grows to {@code newSize} if it is smaller (fallocate or zero range without KEEP_SIZE). */
    void extendTo(long newSize) {
        if (newSize > size) {
            truncate(newSize);
        }
    }

    /** Ports fsx.c's do_collapse_range on good_buf: the bytes past the range move down by {@code len}. */
    void collapse(long offset, long len) {
        int off = (int) offset;
        int l = checked(len);
        System.arraycopy(buf, off + l, buf, off, size - off - l);
        Arrays.fill(buf, size - l, size, (byte) 0);
        size -= l;
    }

    /** Ports fsx.c's do_insert_range on good_buf: the bytes from the offset move up by {@code len}, zeros between. */
    void insert(long offset, long len) {
        int off = (int) offset;
        int l = checked(len);
        int end = checked((long) size + l);
        ensure(end);
        System.arraycopy(buf, off, buf, off + l, size - off);
        Arrays.fill(buf, off, off + l, (byte) 0);
        size = end;
    }

    private static int checked(long v) {
        if (v < 0 || v > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("file size " + v + " is past what fsx can address");
        }
        return (int) v;
    }

    private void ensure(int capacity) {
        if (capacity > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(capacity, 2L * buf.length)));
        }
    }
}
