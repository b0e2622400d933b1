// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

import org.jxfs.tools.io.GlibcRandom;

/**
 * The bytes fsx writes: fsx.c's {@code original_buf} and {@code gendata}. With a seed, {@code srandom(seed)} and
 * {@code original[i] = random() % 256} for every offset below maxfilelen; a write by op {@code n} stores
 * {@code n % 256} at even file offsets and {@code (n + original[o]) % 256} at odd ones. With {@code -g X} every
 * written byte is X.
 */
public final class FsxData {
    private final byte[] original;
    private final int fill;

    private FsxData(byte[] original, int fill) {
        this.original = original;
        this.fill = fill;
    }

    /** Ports fsx.c's main: {@code srandom(seed)}, then {@code original_buf[i] = random() % 256}. */
    public static FsxData seeded(int seed, int maxFileLen) {
        GlibcRandom r = new GlibcRandom(seed);
        byte[] original = new byte[maxFileLen];
        for (int i = 0; i < maxFileLen; i++) {
            original[i] = (byte) (r.next() % 256);
        }
        return new FsxData(original, -1);
    }

    /** fsx -g X: every written byte is {@code fill}. */
    public static FsxData filled(int fill, int maxFileLen) {
        return new FsxData(new byte[maxFileLen], fill & 0xff);
    }

    /** The largest file offset plus one that a write can reach (maxfilelen). */
    public int maxFileLen() {
        return original.length;
    }

    /**
     * Ports fsx.c's {@code gendata}: fills {@code buf[0 .. len)} with what op {@code opNumber} writes at file offsets
     * {@code offset .. offset + len)}; the range must lie below maxfilelen.
     */
    public void generate(int opNumber, long offset, byte[] buf, int len) {
        if (offset < 0 || offset + len > original.length) {
            throw new IllegalArgumentException("write [" + offset + ", " + (offset + len) + ") is past maxfilelen "
                    + original.length);
        }
        if (fill >= 0) {
            java.util.Arrays.fill(buf, 0, len, (byte) fill);
            return;
        }
        byte n = (byte) opNumber;
        for (int i = 0; i < len; i++) {
            long o = offset + i;
            buf[i] = (o & 1) == 0 ? n : (byte) (n + original[(int) o]);
        }
    }
}
