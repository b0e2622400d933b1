// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/**
 * glibc's srandom(3)/random(3) (stdlib/random_r.c, the default TYPE_3 state: an additive feedback generator of
 * degree 31 and separation 3), so that pwrite -R and pread -R with a -Z seed touch the same offsets in the same
 * order as xfs_io does, and so that {@code jxfs replay} writes the bytes fsx wrote (fsx fills its
 * {@code original_buf} from random()).
 */
public final class GlibcRandom {
    private static final int DEG = 31;
    private static final int SEP = 3;

    private final int[] state = new int[DEG];
    private int fptr;
    private int rptr;

    /** Ports __srandom_r: seeds the state from {@code seed} (0 counts as 1) and runs it 310 steps on. */
    public GlibcRandom(int seed) {
        if (seed == 0) {
            seed = 1;
        }
        state[0] = seed;
        int word = seed;
        for (int i = 1; i < DEG; i++) {
            // state[i] = (16807 * state[i - 1]) % 2147483647, without overflowing 31 bits
            long hi = word / 127773;
            long lo = word % 127773;
            word = (int) (16807 * lo - 2836 * hi);
            if (word < 0) {
                word += 2147483647;
            }
            state[i] = word;
        }
        fptr = SEP;
        rptr = 0;
        for (int k = DEG * 10; --k >= 0; ) {
            next();
        }
    }

    /** Ports __random_r: the next value, in [0, 2^31). */
    public long next() {
        int val = state[fptr] += state[rptr];
        long result = (val & 0xffffffffL) >>> 1;
        if (++fptr >= DEG) {
            fptr = 0;
            ++rptr;
        } else if (++rptr >= DEG) {
            rptr = 0;
        }
        return result;
    }
}
