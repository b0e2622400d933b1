// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u8;

import java.util.Arrays;
import java.util.List;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.format.Dir2SfEntry;

/**
 * The single-block ("block") directory format (xfs_dir2_block.c, xfs_dir2_data.c, xfs_da_format.h), v5 only: a
 * struct xfs_dir3_data_hdr (the dir3 block header, then bestfree[3]), data entries and unused regions, then the
 * leaf entries {hashval, address} sorted by hash, then the block tail {count, stale}. Entry offsets are the same
 * as in the short form, so a directory converts between the two without changing readdir cookies.
 *
 * <p>jxfs keeps every entry where it was placed and writes the leaf without stale entries; blocks written by the
 * kernel (free holes, stale leaf entries) are read as they are. The data area is {@link Dir2Data}'s.
 */
public final class Dir2Block {
    /** XFS_DIR3_BLOCK_MAGIC 'XDB3'. */
    public static final int MAGIC = org.jxfs.core.format.BufLogType.DIR3_BLOCK_MAGIC;
    // struct xfs_dir3_blk_hdr
    public static final int OFF_MAGIC = 0, OFF_CRC = 4, OFF_BLKNO = 8, OFF_LSN = 16, OFF_UUID = 24, OFF_OWNER = 40;
    /** struct xfs_dir3_data_hdr: best_free[3] of {offset u16, length u16} after the 48-byte blk_hdr, then pad. */
    public static final int OFF_BESTFREE = 48, BESTFREE_ENTRY = 4, BESTFREE_COUNT = 3, OFF_PAD = 60;
    /** sizeof(struct xfs_dir3_data_hdr): where the first entry ("." ) starts. */
    public static final int HDR_SIZE = 64;
    // struct xfs_dir2_data_entry
    public static final int OFF_ENT_INUMBER = 0, OFF_ENT_NAMELEN = 8, OFF_ENT_NAME = 9;
    // struct xfs_dir2_data_unused
    public static final int OFF_UNUSED_FREETAG = 0, OFF_UNUSED_LENGTH = 2;
    /** XFS_DIR2_DATA_FREE_TAG. */
    public static final int FREE_TAG = 0xffff;
    /** sizeof(xfs_dir2_leaf_entry_t) {hashval u32, address u32} and sizeof(xfs_dir2_block_tail_t) {count, stale}. */
    public static final int LEAF_ENTRY_SIZE = 8, TAIL_SIZE = 8;
    /** XFS_DIR2_DATA_ALIGN_LOG: leaf addresses count 8-byte units. */
    public static final int DATA_ALIGN_LOG = 3;
    /** XFS_DIR2_NULL_DATAPTR: a stale leaf entry. */
    public static final long NULL_DATAPTR = 0;
    /** Offsets of "." and ".." (xfs_dir2_data_dot_offset / dotdot_offset). */
    public static final int DOT_OFFSET = HDR_SIZE, DOTDOT_OFFSET = HDR_SIZE + 16;

    private Dir2Block() {
    }

    /** What a block holds besides "." and "..": the parent (the ".." inode) and the entries in offset order. */
    public record Contents(long parent, List<Dir2SfEntry> entries) {
    }

    /** The block's parent and its entries other than "." and "..", in offset order. Assumes a verified block. */
    public static Contents parse(byte[] b, boolean ftype) {
        Dir2.Contents c = Dir2.contents(entries(b, ftype));
        return new Contents(c.parent(), c.entries());
    }

    /** The block tail's count field offset (xfs_dir2_block_tail_p). */
    static int tailOff(int bs) {
        return bs - TAIL_SIZE;
    }

    /** Ports xfs_dir2_block_leaf_p: where the leaf entries start. */
    static int leafOff(byte[] b) {
        return tailOff(b.length) - (int) u32(b, tailOff(b.length)) * LEAF_ENTRY_SIZE;
    }

    /** Every entry of a block directory's data area in offset order, "." and ".." included. Assumes verified. */
    static List<Dir2SfEntry> entries(byte[] b, boolean ftype) {
        return Dir2Data.entries(b, leafOff(b), ftype);
    }

    /**
     * True when {@code placed} (every entry, "." and ".." included, at their offsets) fits a block of {@code bs}
     * bytes together with one leaf entry each and the tail (the room test of xfs_dir2_block_addname).
     */
    static boolean fits(List<Dir2SfEntry> placed, int bs, boolean ftype) {
        return Dir2Data.usedEnd(placed, ftype) <= tailOff(bs) - placed.size() * LEAF_ENTRY_SIZE;
    }

    /**
     * {@link #fits} for a data block (no leaf) read as it is: its entries, one leaf entry each and the tail fit a
     * block of {@code bs} bytes.
     */
    static boolean mayFit(byte[] b, int bs, boolean ftype) {
        int n = 0;
        int usedEnd = HDR_SIZE;
        int p = HDR_SIZE;
        while (p < b.length) {
            if (u16(b, p + OFF_UNUSED_FREETAG) == FREE_TAG) {
                p += u16(b, p + OFF_UNUSED_LENGTH);
                continue;
            }
            n++;
            p += Dir2Sf.dataEntsize(u8(b, p + OFF_ENT_NAMELEN), ftype);
            usedEnd = p;
        }
        return usedEnd <= tailOff(bs) - n * LEAF_ENTRY_SIZE;
    }

    /**
     * Writes a whole block directory (xfs_dir3_block_init + xfs_dir2_data_init + the inserts of
     * xfs_dir2_block_addname): the data area with every entry at its offset, then the leaf sorted by hash, then
     * address (xfs_dir2_block_sort's order) with no stale entries, then the tail. The CRC is left to the buffer's
     * write verifier.
     */
    static void write(byte[] b, long daddr, byte[] uuid, long owner, List<Dir2SfEntry> placed, boolean ftype) {
        int bs = b.length;
        assert fits(placed, bs, ftype) : "entries do not fit a directory block";
        int leafStart = tailOff(bs) - placed.size() * LEAF_ENTRY_SIZE;
        Dir2Data.write(b, MAGIC, daddr, uuid, owner, placed, leafStart, ftype);
        long[] leaf = new long[placed.size()];
        for (int i = 0; i < leaf.length; i++) {
            Dir2SfEntry e = placed.get(i);
            // The sign bit flipped so that a signed sort orders the unsigned hashes.
            leaf[i] = (DaHash.hashname(e.name()) << 32 | (e.offset() >>> DATA_ALIGN_LOG)) ^ Long.MIN_VALUE;
        }
        Arrays.sort(leaf);
        for (int i = 0; i < leaf.length; i++) {
            leaf[i] ^= Long.MIN_VALUE;
        }
        int q = leafStart;
        for (long l : leaf) {
            putU32(b, q, l >>> 32);
            putU32(b, q + 4, l & 0xffffffffL);
            q += LEAF_ENTRY_SIZE;
        }
        putU32(b, tailOff(bs), leaf.length);
        putU32(b, tailOff(bs) + 4, 0);
    }
}
