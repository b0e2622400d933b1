// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

/** The fallocate(2) mode bits (include/uapi/linux/falloc.h). */
public final class FallocMode {
    /** Allocate, and extend the size past EOF: no bit set. */
    public static final int ALLOCATE_RANGE = 0x00;
    public static final int KEEP_SIZE = 0x01;
    public static final int PUNCH_HOLE = 0x02;
    public static final int NO_HIDE_STALE = 0x04;
    public static final int COLLAPSE_RANGE = 0x08;
    public static final int ZERO_RANGE = 0x10;
    public static final int INSERT_RANGE = 0x20;
    public static final int UNSHARE_RANGE = 0x40;
    public static final int WRITE_ZEROES = 0x80;
    /** FALLOC_FL_MODE_MASK: the bits that select the operation; KEEP_SIZE is a flag beside them. */
    public static final int MODE_MASK = PUNCH_HOLE | COLLAPSE_RANGE | ZERO_RANGE | INSERT_RANGE | UNSHARE_RANGE
            | WRITE_ZEROES;

    private FallocMode() {
    }
}
