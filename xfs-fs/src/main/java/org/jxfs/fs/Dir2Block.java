// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.jxfs.core.format.BigEndian.putU16;
import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;
import static org.jxfs.core.format.BigEndian.u8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.format.Dir2SfEntry;

/**
 * The single-block ("block") directory format (xfs_dir2_block.c, xfs_dir2_data.c, xfs_da_format.h), v5 only: a
 * struct xfs_dir3_data_hdr (the dir3 block header, then bestfree[3]), data entries and unused regions, then the
 * leaf entries {hashval, address} sorted by hash, then the block tail {count, stale}. Entry offsets are the same
 * as in the short form, so a directory converts between the two without changing readdir cookies.
 *
 * <p>jxfs writes the block compacted: ".", "..", the entries in order, one free region, the leaf. Blocks written by
 * the kernel (free holes, stale leaf entries) are read as they are.
 */
public final class Dir2Block {
    /** XFS_DIR3_BLOCK_MAGIC 'XDB3'. */
    public static final int MAGIC = 0x58444233;
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

    private static final byte[] DOT = {'.'};
    private static final byte[] DOTDOT = {'.', '.'};

    private Dir2Block() {
    }

    /** What a block holds besides "." and "..": the parent (the ".." inode) and the entries in offset order. */
    public record Contents(long parent, List<Dir2SfEntry> entries) {
    }

    /** The block tail's count field offset (xfs_dir2_block_tail_p). */
    static int tailOff(int bs) {
        return bs - TAIL_SIZE;
    }

    /** Ports xfs_dir2_block_leaf_p: where the leaf entries start. */
    static int leafOff(byte[] b) {
        return tailOff(b.length) - (int) u32(b, tailOff(b.length)) * LEAF_ENTRY_SIZE;
    }

    /**
     * The bytes a block holding {@code entries} (plus "." and "..") needs; a directory whose entries need more
     * than a block needs the leaf format.
     */
    public static int bytesNeeded(List<Dir2SfEntry> entries, boolean ftype) {
        int used = HDR_SIZE + Dir2Sf.dataEntsize(1, ftype) + Dir2Sf.dataEntsize(2, ftype);
        for (Dir2SfEntry e : entries) {
            used += Dir2Sf.dataEntsize(e.name().length, ftype);
        }
        return used + (entries.size() + 2) * LEAF_ENTRY_SIZE + TAIL_SIZE;
    }

    /**
     * Ports the data walk of xfs_dir2_block_getdents / xfs_dir3_data_check: every used entry between the header and
     * the leaf, skipping unused regions. Assumes a verified block.
     */
    public static Contents parse(byte[] b, boolean ftype) {
        int end = leafOff(b);
        long parent = 0;
        List<Dir2SfEntry> out = new ArrayList<>();
        int p = HDR_SIZE;
        while (p < end) {
            if (u16(b, p + OFF_UNUSED_FREETAG) == FREE_TAG) {
                p += u16(b, p + OFF_UNUSED_LENGTH);
                continue;
            }
            int namelen = u8(b, p + OFF_ENT_NAMELEN);
            byte[] name = Arrays.copyOfRange(b, p + OFF_ENT_NAME, p + OFF_ENT_NAME + namelen);
            int ft = ftype ? u8(b, p + OFF_ENT_NAME + namelen) : Dir2Sf.FT_UNKNOWN;
            long ino = u64(b, p + OFF_ENT_INUMBER);
            if (p == DOTDOT_OFFSET && Arrays.equals(name, DOTDOT)) {
                parent = ino;
            } else if (!(p == DOT_OFFSET && Arrays.equals(name, DOT))) {
                out.add(new Dir2SfEntry(name, p, ft, ino));
            }
            p += Dir2Sf.dataEntsize(namelen, ftype);
        }
        return new Contents(parent, out);
    }

    /**
     * Writes a whole block directory (xfs_dir3_block_init + xfs_dir2_data_init + the entry inserts of
     * xfs_dir2_block_addname, done at once): header, ".", "..", the entries packed from the first data offset,
     * one free region, the hash-sorted leaf and the tail. The CRC is left to the buffer's write verifier.
     * Returns the entries with the offsets they got.
     */
    public static List<Dir2SfEntry> build(byte[] b, long daddr, byte[] uuid, long owner, long parent,
            List<Dir2SfEntry> entries, boolean ftype) {
        int bs = b.length;
        assert bytesNeeded(entries, ftype) <= bs : "entries do not fit a directory block";
        Arrays.fill(b, (byte) 0);
        putU32(b, OFF_MAGIC, MAGIC);
        putU64(b, OFF_BLKNO, daddr);
        System.arraycopy(uuid, 0, b, OFF_UUID, 16);
        putU64(b, OFF_OWNER, owner);
        List<long[]> leaf = new ArrayList<>();
        int p = HDR_SIZE;
        p = putEntry(b, p, DOT, owner, Dir2Sf.FT_DIR, ftype, leaf);
        p = putEntry(b, p, DOTDOT, parent, Dir2Sf.FT_DIR, ftype, leaf);
        List<Dir2SfEntry> placed = new ArrayList<>(entries.size());
        for (Dir2SfEntry e : entries) {
            placed.add(e.withOffset(p));
            p = putEntry(b, p, e.name(), e.ino(), e.ftype(), ftype, leaf);
        }
        int leafStart = tailOff(bs) - leaf.size() * LEAF_ENTRY_SIZE;
        int freeLen = leafStart - p;
        if (freeLen > 0) {
            putU16(b, p + OFF_UNUSED_FREETAG, FREE_TAG);
            putU16(b, p + OFF_UNUSED_LENGTH, freeLen);
            putU16(b, p + freeLen - 2, p);
            putU16(b, OFF_BESTFREE, p);
            putU16(b, OFF_BESTFREE + 2, freeLen);
        }
        leaf.sort(Comparator.<long[]>comparingLong(l -> l[0]).thenComparingLong(l -> l[1]));
        int q = leafStart;
        for (long[] l : leaf) {
            putU32(b, q, l[0]);
            putU32(b, q + 4, l[1]);
            q += LEAF_ENTRY_SIZE;
        }
        putU32(b, tailOff(bs), leaf.size());
        putU32(b, tailOff(bs) + 4, 0);
        return placed;
    }

    private static int putEntry(byte[] b, int p, byte[] name, long ino, int ft, boolean ftype, List<long[]> leaf) {
        putU64(b, p + OFF_ENT_INUMBER, ino);
        b[p + OFF_ENT_NAMELEN] = (byte) name.length;
        System.arraycopy(name, 0, b, p + OFF_ENT_NAME, name.length);
        if (ftype) {
            b[p + OFF_ENT_NAME + name.length] = (byte) ft;
        }
        int size = Dir2Sf.dataEntsize(name.length, ftype);
        putU16(b, p + size - 2, p);
        leaf.add(new long[] {DaHash.hashname(name), p >>> DATA_ALIGN_LOG});
        return p + size;
    }

    static String nameOf(byte[] b, int p) {
        int namelen = u8(b, p + OFF_ENT_NAMELEN);
        return new String(b, p + OFF_ENT_NAME, namelen, StandardCharsets.UTF_8);
    }
}
