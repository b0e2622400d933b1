// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.dio;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random xfs_io script for an O_DIRECT file ({@code xfs_io -d}): {@code pwrite -q -S <seed>} data writes
 * mixed with the block-mapping commands (falloc, falloc -k, fpunch, fzero, fzero -k, truncate). Every pwrite offset
 * and length is a multiple of {@link #align()}: 512 (the logical sector, so direct writes cover parts of blocks and
 * the filesystem must zero the rest) in odd-seeded scripts, 4096 (the block) in even ones. The mapping commands
 * and truncate use the same alignment, except in every third script ({@link #mapAlign()} 1), where half of their
 * offsets and lengths are cut to arbitrary bytes, so that EOF and partial-block zeroing land inside sectors that
 * direct writes then cover. The file stays below {@link #maxFile()}, 1 to 64 MiB. A quarter of the offsets fall
 * near the current size (the generator tracks it), where EOF zeroing and size updates happen. Each pwrite fills
 * its buffer with its own seed byte (never 0, so written data never looks like a hole) and writes in calls of
 * {@code -b} bytes as xfs_io does (4096 by default, sometimes 1536, 64 KiB or 1 MiB); one in 50 is up to 12 MiB
 * in one call, longer than one direct-I/O mapping. Three commands in 100 are a {@code pread -q -v} of one unit,
 * whose dump shows what the direct read path returns (holes, unwritten blocks, EOF), and one in 200 a pwrite off
 * the 512-byte grid, which both must refuse with EINVAL.
 *
 * @param seed     the seed the script was made from
 * @param align    512 or 4096: what every pwrite offset and length is a multiple of
 * @param mapAlign what the other commands' offsets and lengths are multiples of: align, or 1
 * @param maxFile  the file never reaches past this many bytes
 * @param commands one xfs_io command per element
 */
record DioScript(long seed, int align, int mapAlign, long maxFile, List<String> commands) {
    static final long MIB = 1 << 20;
    /** The longest pwrite, mostly, so the data moved stays small next to the mapping work. */
    static final long MAX_PWRITE = MIB;
    /** One pwrite in 50 may be this long, in calls of as much, so that writes span several direct mappings. */
    static final long MAX_LONG_PWRITE = 12 * MIB;

    /** Makes {@code count} commands from {@code seed}. */
    static DioScript random(long seed, int count) {
        // not seed * GOLDEN_GAMMA + c: that is where seed - 1's generator is after one draw, so the scripts would be
        // copies of each other shifted by one draw
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + 0xD10);
        int align = (seed & 1) == 0 ? 4096 : 512;
        int mapAlign = seed % 3 == 0 ? 1 : align;
        long maxFile = (1 + rnd.nextInt(64)) * MIB;
        Gen g = new Gen(rnd, align, mapAlign, maxFile);
        List<String> cmds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cmds.add(g.next());
        }
        return new DioScript(seed, align, mapAlign, maxFile, List.copyOf(cmds));
    }

    /** The first {@code n} commands, for bisecting. */
    DioScript prefix(int n) {
        return new DioScript(seed, align, mapAlign, maxFile, commands.subList(0, n));
    }

    /** The script as xfs_io reads it on standard input. */
    String text() {
        return commands.isEmpty() ? "" : String.join("\n", commands) + "\n";
    }

    /** The generator's state: the size the file has after the commands made so far. */
    private static final class Gen {
        final SplittableRandom rnd;
        final int align;
        final int mapAlign;
        final long maxFile;
        long size;

        Gen(SplittableRandom rnd, int align, int mapAlign, long maxFile) {
            this.rnd = rnd;
            this.align = align;
            this.mapAlign = mapAlign;
            this.maxFile = maxFile;
        }

        String next() {
            int side = rnd.nextInt(200);
            if (side < 6) {
                // a direct read, dumped: the blocks as jxfs's O_DIRECT read path returns them
                return "pread -q -v " + offset() + " " + align;
            } else if (side == 6) {
                // a direct write off the sector grid: EINVAL before anything happens
                return "pwrite -q -S 0x5a " + (offset() + 256) + " 512";
            }
            int kind = rnd.nextInt(100);
            if (kind >= 86) {
                long to = unaligned(offset());
                size = to;
                return "truncate " + to;
            }
            long off = offset();
            if (kind < 35) {
                boolean longOne = rnd.nextInt(50) == 0;
                long len = Math.min(longOne ? length(MAX_LONG_PWRITE) : length(MAX_PWRITE), maxFile - off);
                size = Math.max(size, off + len);
                int b = rnd.nextInt(8);
                String bsize = longOne ? "-b 12m " : b == 0 ? "-b 64k " : b == 1 ? "-b 1m " : b == 2 ? "-b 1536 " : "";
                return String.format("pwrite -q -S 0x%02x %s%d %d", 1 + rnd.nextInt(255), bsize, off, len);
            }
            off = unaligned(off);
            long len = Math.max(1, Math.min(unaligned(length(maxFile / 4)), maxFile - off));
            if (kind < 45) {
                size = Math.max(size, off + len);
                return "falloc " + off + " " + len;
            } else if (kind < 53) {
                return "falloc -k " + off + " " + len;
            } else if (kind < 67) {
                return "fpunch " + off + " " + len;
            } else if (kind < 78) {
                size = Math.max(size, off + len);
                return "fzero " + off + " " + len;
            } else {
                return "fzero -k " + off + " " + len;
            }
        }

        /** With mapAlign 1, {@code v} less up to align - 1 bytes (kept positive) half of the time; else v. */
        private long unaligned(long v) {
            if (mapAlign == 1 && rnd.nextBoolean()) {
                return Math.max(v > 0 ? 1 : 0, v - rnd.nextInt(align));
            }
            return v;
        }

        /** Anywhere below maxFile, or within 16 units either side of the current size. */
        private long offset() {
            long units = maxFile / align;
            long u;
            if (rnd.nextInt(4) == 0) {
                u = size / align + rnd.nextInt(33) - 16;
                u = Math.max(0, Math.min(units - 1, u));
            } else {
                u = rnd.nextLong(units);
            }
            return u * align;
        }

        /** A positive multiple of align: mostly a few blocks, sometimes up to 256 KiB, rarely up to {@code max}. */
        private long length(long max) {
            int shape = rnd.nextInt(10);
            long maxUnits = Math.max(1, max / align);
            long u;
            if (shape < 5) {
                u = 1 + rnd.nextInt(Math.max(1, (int) Math.min(maxUnits, 8L * 4096 / align)));
            } else if (shape < 8) {
                u = 1 + rnd.nextLong(Math.min(maxUnits, (256 << 10) / align));
            } else {
                u = 1 + rnd.nextLong(maxUnits);
            }
            return u * align;
        }
    }
}
