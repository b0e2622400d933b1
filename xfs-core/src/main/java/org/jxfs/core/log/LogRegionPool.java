// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import org.jxfs.core.format.BufLogFormat;

/**
 * The byte arrays that hold the logged chunks of buffer items in the CIL, reused rather than made for every commit:
 * the part of the kernel's log vector reuse (xlog_cil_alloc_shadow_bufs, and xlog_cil_insert_format_items
 * formatting a relogged item into the vector it already has) that matters in Java, where a fresh copy of every
 * relogged btree block was most of what a busy mount allocated. An array comes back here only when nothing can read
 * it again: its vector was replaced in the CIL by a later copy of the same item, or lost a merge of the CIL's
 * stripes, or its checkpoint was written to the log ({@link Cil}, {@link Xlog#force}).
 *
 * <p>Arrays are kept by length in {@link BufLogFormat#CHUNK} steps up to {@link #MAX_BYTES}, at most
 * {@link #DEPTH} of each length; others are made and dropped as before.
 */
public final class LogRegionPool {
    /** The longest array kept: a 64 KiB buffer (the largest directory block) logged whole. */
    static final int MAX_BYTES = 64 << 10;
    /** Arrays kept of each length. */
    static final int DEPTH = 256;

    /** One length's arrays: a stack under its own monitor. */
    private static final class Shelf {
        final byte[][] arrays = new byte[DEPTH][];
        int count;
    }

    private static final Shelf[] SHELVES = new Shelf[MAX_BYTES / BufLogFormat.CHUNK + 1];

    static {
        for (int i = 0; i < SHELVES.length; i++) {
            SHELVES[i] = new Shelf();
        }
    }

    private LogRegionPool() {
    }

    /** An array of {@code len} bytes whose contents are undefined (the caller overwrites all of it). */
    public static byte[] take(int len) {
        Shelf s = shelf(len);
        if (s != null) {
            synchronized (s) {
                if (s.count > 0) {
                    byte[] a = s.arrays[--s.count];
                    s.arrays[s.count] = null;
                    return a;
                }
            }
        }
        return new byte[len];
    }

    /** Gives back an array from {@link #take} that nothing will read or write again. */
    static void give(byte[] a) {
        Shelf s = shelf(a.length);
        if (s != null) {
            synchronized (s) {
                if (s.count < DEPTH) {
                    s.arrays[s.count++] = a;
                }
            }
        }
    }

    /** Gives back the chunk regions of a vector whose regions after the first came from {@link #take}. */
    static void recycle(LogVector v) {
        if (v.pooled()) {
            byte[][] regions = v.regions();
            for (int i = 1; i < regions.length; i++) {
                give(regions[i]);
                regions[i] = null;
            }
        }
    }

    private static Shelf shelf(int len) {
        if (len <= 0 || len > MAX_BYTES || (len & (BufLogFormat.CHUNK - 1)) != 0) {
            return null;
        }
        return SHELVES[len >> BufLogFormat.CHUNK_SHIFT];
    }
}
