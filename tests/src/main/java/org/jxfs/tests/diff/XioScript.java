// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random xfs_io script of block-mapping commands (falloc, falloc -k, fpunch, fzero, fzero -k, truncate)
 * over a file of at most {@code maxBytes}: the input of the kernel-vs-jxfs differential runs. Offsets and lengths
 * are a mix of block-aligned and unaligned values so that partial-block zeroing and rounding are exercised.
 *
 * @param seed     the seed the script was made from
 * @param commands one xfs_io command per element
 */
public record XioScript(long seed, List<String> commands) {

    /** Makes {@code count} commands for a file of at most {@code maxBytes} bytes on a {@code blockSize} filesystem. */
    public static XioScript random(long seed, int count, long maxBytes, int blockSize) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> cmds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long off = offset(rnd, maxBytes, blockSize);
            long len = Math.max(1, Math.min(maxBytes - off, length(rnd, maxBytes, blockSize)));
            int kind = rnd.nextInt(100);
            String c;
            if (kind < 25) {
                c = "falloc " + off + " " + len;
            } else if (kind < 40) {
                c = "falloc -k " + off + " " + len;
            } else if (kind < 65) {
                c = "fpunch " + off + " " + len;
            } else if (kind < 78) {
                c = "fzero " + off + " " + len;
            } else if (kind < 88) {
                c = "fzero -k " + off + " " + len;
            } else {
                c = "truncate " + offset(rnd, maxBytes, blockSize);
            }
            cmds.add(c);
        }
        return new XioScript(seed, List.copyOf(cmds));
    }

    private static long offset(SplittableRandom rnd, long maxBytes, int blockSize) {
        long blocks = maxBytes / blockSize;
        long b = rnd.nextLong(blocks);
        return rnd.nextInt(4) == 0 ? b * blockSize + rnd.nextInt(blockSize) : b * blockSize;
    }

    private static long length(SplittableRandom rnd, long maxBytes, int blockSize) {
        int shape = rnd.nextInt(10);
        long blocks;
        if (shape < 5) {
            blocks = 1 + rnd.nextInt(8);
        } else if (shape < 8) {
            blocks = 1 + rnd.nextInt(64);
        } else {
            blocks = 1 + rnd.nextLong(Math.max(1, maxBytes / blockSize / 4));
        }
        long len = blocks * blockSize;
        return rnd.nextInt(4) == 0 ? len - rnd.nextInt(blockSize) : len;
    }

    /** The script as xfs_io reads it on standard input. */
    public String text() {
        return String.join("\n", commands) + "\n";
    }
}
