// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import org.jxfs.core.format.BigEndian;

/**
 * One field of a btree key as {@link Btree#lookup}'s binary search reads it in place: an unsigned big-endian
 * 32-bit field, or bits of a big-endian 64-bit word ({@code (word >>> shift) & mask}). A tree whose key_diff is
 * "field by field, most significant first, as signed differences of unsigned values" describes its keys with these
 * ({@link BtreeOps#recKeyFields}, {@link BtreeOps#keyFields}), so the search compares without a call through the
 * ops per probe and reads the search key once per lookup instead of once per probe.
 */
public final class KeyField {
    private final int off;
    private final boolean wide;
    private final int shift;
    private final long mask;

    private KeyField(int off, boolean wide, int shift, long mask) {
        this.off = off;
        this.wide = wide;
        this.shift = shift;
        this.mask = mask;
    }

    /** An unsigned 32-bit field at byte {@code off} of the entry. */
    public static KeyField u32(int off) {
        return new KeyField(off, false, 0, 0xffffffffL);
    }

    /** Bits {@code [shift, shift + bitlen)} of the 64-bit word at byte {@code off}; {@code bitlen} at most 63. */
    public static KeyField bitsOfU64(int off, int shift, int bitlen) {
        assert bitlen > 0 && bitlen < 64 && shift + bitlen <= 64;
        return new KeyField(off, true, shift, (1L << bitlen) - 1);
    }

    /** A whole 64-bit field, compared by signed difference as the bmbt's key_diff does. */
    public static KeyField u64(int off) {
        return new KeyField(off, true, 0, -1L);
    }

    /** The field's value in the entry at {@code b[base..]}. */
    long read(byte[] b, int base) {
        return wide ? (BigEndian.u64(b, base + off) >>> shift) & mask : BigEndian.u32(b, base + off);
    }
}
