// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.Arrays;

/**
 * xfs_io's data buffer (io/pread.c: io_buffer, highwater, io_buffersize), which pwrite fills with its seed and
 * pread reads into. It lives as long as the interpreter: it only grows, and a command run with -u (no fill) sees
 * what the last one left in it, as in xfs_io.
 */
final class IoBuffer {
    /** The largest buffer a Java array holds; memalign of more fails with ENOMEM here. */
    static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    private byte[] buf = new byte[0];
    private int size;

    /**
     * Ports alloc_buffer (without -V vectors): makes the buffer at least {@code bsize} bytes, sets io_buffersize
     * to {@code bsize} and, unless {@code uflag}, fills it with the low byte of {@code seed} (memset). Returns false
     * when the memory cannot be had; xfs_io has then printed "memalign: Cannot allocate memory".
     */
    boolean alloc(long bsize, boolean uflag, int seed) {
        if (bsize > buf.length) {
            if (bsize > MAX_SIZE) {
                return false;
            }
            try {
                buf = new byte[(int) bsize];       // memalign: the contents are whatever the allocator gives
            } catch (OutOfMemoryError e) {
                buf = new byte[0];
                size = 0;
                return false;
            }
        }
        size = (int) bsize;
        if (!uflag) {
            Arrays.fill(buf, 0, size, (byte) seed);
        }
        return true;
    }

    /** io_buffersize. */
    int size() {
        return size;
    }

    /** io_buffer: the first {@link #size()} bytes are the buffer. */
    byte[] bytes() {
        return buf;
    }

    /**
     * Ports __dump_buffer: the first {@code len} bytes as lines of 16, each "OFFSET:  hh hh ...  text", the offset
     * in at least 8 hex digits, letters and digits shown as themselves and every other byte as '.'; the last line
     * is not padded.
     */
    String dump(long offset, int len) {
        StringBuilder sb = new StringBuilder((len / 16 + 1) * 78);
        for (int i = 0; i < len; i += 16) {
            String off = Long.toHexString(offset + i);
            for (int z = off.length(); z < 8; z++) {
                sb.append('0');
            }
            sb.append(off).append(":  ");
            int n = Math.min(16, len - i);
            for (int j = 0; j < n; j++) {
                int b = buf[i + j] & 0xff;
                sb.append(HEX[b >> 4]).append(HEX[b & 0xf]).append(' ');
            }
            sb.append(' ');
            for (int j = 0; j < n; j++) {
                int b = buf[i + j] & 0xff;
                sb.append(isalnum(b) ? (char) b : '.');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** isalnum(3) in the C locale. */
    private static boolean isalnum(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
