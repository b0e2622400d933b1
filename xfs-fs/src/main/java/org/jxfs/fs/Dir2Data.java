// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.jxfs.core.format.BigEndian.putU16;
import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u64;
import static org.jxfs.core.format.BigEndian.u8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.format.Dir2SfEntry;

/**
 * The data area shared by block (XDB3) and data (XDD3) directory blocks (xfs_dir2_data.c): the dir3 data header
 * with bestfree[3], then entries and unused regions tiling the block up to {@code end} (the leaf of a block
 * directory, the block's end otherwise). Entries never move once placed: their offsets are readdir cookies and
 * the leaf's addresses. An entry is added or removed in the block as it is ({@link #useFree}, {@link #makeFree},
 * then {@link #freescan}), as the kernel does; formats changing and blocks the kernel left with stale leaf entries
 * are rebuilt whole ({@link #entries}, {@link #write}), with the unused regions and bestfree exactly as
 * xfs_dir2_data_freescan would find them.
 */
final class Dir2Data {
    /** XFS_DIR3_DATA_MAGIC 'XDD3'. */
    static final int DATA_MAGIC = org.jxfs.core.format.BufLogType.DIR3_DATA_MAGIC;
    static final byte[] DOT = {'.'};
    static final byte[] DOTDOT = {'.', '.'};

    private Dir2Data() {
    }

    /** Every entry between the header and {@code end} in offset order, "." and ".." included. Assumes verified. */
    static List<Dir2SfEntry> entries(byte[] b, int end, boolean ftype) {
        // sized for the most entries the area can hold (all of one-byte names): the list never grows
        List<Dir2SfEntry> out = new ArrayList<>((end - Dir2Block.HDR_SIZE) / Dir2Sf.dataEntsize(1, ftype));
        int p = Dir2Block.HDR_SIZE;
        while (p < end) {
            if (u16(b, p + Dir2Block.OFF_UNUSED_FREETAG) == Dir2Block.FREE_TAG) {
                p += u16(b, p + Dir2Block.OFF_UNUSED_LENGTH);
                continue;
            }
            out.add(entryAt(b, p, ftype));
            p += Dir2Sf.dataEntsize(u8(b, p + Dir2Block.OFF_ENT_NAMELEN), ftype);
        }
        return out;
    }

    /** The entry at offset {@code p} (struct xfs_dir2_data_entry). */
    static Dir2SfEntry entryAt(byte[] b, int p, boolean ftype) {
        int namelen = u8(b, p + Dir2Block.OFF_ENT_NAMELEN);
        byte[] name = Arrays.copyOfRange(b, p + Dir2Block.OFF_ENT_NAME, p + Dir2Block.OFF_ENT_NAME + namelen);
        int ft = ftype ? u8(b, p + Dir2Block.OFF_ENT_NAME + namelen) : Dir2Sf.FT_UNKNOWN;
        return new Dir2SfEntry(name, p, ft, u64(b, p + Dir2Block.OFF_ENT_INUMBER));
    }

    /** True when the entry at {@code p} holds {@code name} (xfs_dir2_compname on a data entry). */
    static boolean nameEquals(byte[] b, int p, byte[] name) {
        return u8(b, p + Dir2Block.OFF_ENT_NAMELEN) == name.length
                && Arrays.equals(b, p + Dir2Block.OFF_ENT_NAME, p + Dir2Block.OFF_ENT_NAME + name.length, name, 0,
                        name.length);
    }

    /** bestfree[0].length: the longest unused region, what a bests array records for the block. */
    static int bestfree0(byte[] b) {
        return u16(b, Dir2Block.OFF_BESTFREE + 2);
    }

    /**
     * Where an entry of {@code need} bytes fits among {@code placed} (offset order) below {@code end}: the first
     * unused region long enough (xfs_dir2_data_use_free carves from the start of the region), or -1.
     */
    static int findSpace(List<Dir2SfEntry> placed, int need, int end, boolean ftype) {
        int p = Dir2Block.HDR_SIZE;
        for (Dir2SfEntry e : placed) {
            if (e.offset() - p >= need) {
                return p;
            }
            p = e.offset() + Dir2Sf.dataEntsize(e.name().length, ftype);
        }
        return end - p >= need ? p : -1;
    }

    /** The end of the last entry, or the header's end when there is none. */
    static int usedEnd(List<Dir2SfEntry> placed, boolean ftype) {
        if (placed.isEmpty()) {
            return Dir2Block.HDR_SIZE;
        }
        Dir2SfEntry last = placed.get(placed.size() - 1);
        return last.offset() + Dir2Sf.dataEntsize(last.name().length, ftype);
    }

    /** Inserts {@code e} (its offset set) into {@code placed}, keeping offset order. */
    static void insert(List<Dir2SfEntry> placed, Dir2SfEntry e) {
        int i = placed.size();
        while (i > 0 && placed.get(i - 1).offset() > e.offset()) {
            i--;
        }
        placed.add(i, e);
    }

    /**
     * Writes the header (xfs_dir3_data_init) and the area {@code [HDR_SIZE, end)}: each entry at its offset with
     * its tag (xfs_dir2_data_put_tag), each gap an unused region with its tag, bestfree the three longest regions
     * found in offset order (xfs_dir2_data_freescan / xfs_dir2_data_freeinsert: a later region of equal length
     * does not displace an earlier one). The CRC is left to the buffer's write verifier.
     */
    static void write(byte[] b, int magic, long daddr, byte[] uuid, long owner, List<Dir2SfEntry> placed, int end,
            boolean ftype) {
        Arrays.fill(b, 0, end, (byte) 0);
        putU32(b, Dir2Block.OFF_MAGIC, magic);
        putU64(b, Dir2Block.OFF_BLKNO, daddr);
        System.arraycopy(uuid, 0, b, Dir2Block.OFF_UUID, 16);
        putU64(b, Dir2Block.OFF_OWNER, owner);
        int[] bestOff = new int[Dir2Block.BESTFREE_COUNT];
        int[] bestLen = new int[Dir2Block.BESTFREE_COUNT];
        int p = Dir2Block.HDR_SIZE;
        for (Dir2SfEntry e : placed) {
            assert e.offset() >= p : "entries overlap at " + e.offset();
            unused(b, p, e.offset() - p, bestOff, bestLen);
            p = putEntry(b, e.offset(), e.name(), e.ino(), e.ftype(), ftype);
        }
        assert p <= end : "entries run past " + end;
        unused(b, p, end - p, bestOff, bestLen);
        putBestfree(b, bestOff, bestLen);
    }

    private static void putBestfree(byte[] b, int[] bestOff, int[] bestLen) {
        for (int i = 0; i < Dir2Block.BESTFREE_COUNT; i++) {
            putU16(b, Dir2Block.OFF_BESTFREE + i * Dir2Block.BESTFREE_ENTRY, bestOff[i]);
            putU16(b, Dir2Block.OFF_BESTFREE + i * Dir2Block.BESTFREE_ENTRY + 2, bestLen[i]);
        }
    }

    private static void unused(byte[] b, int p, int len, int[] bestOff, int[] bestLen) {
        if (len <= 0) {
            return;
        }
        putUnused(b, p, len);
        best(p, len, bestOff, bestLen);
    }

    /** Ports xfs_dir2_data_freeinsert on a scan in offset order: a region longer than one of the three goes in. */
    private static void best(int p, int len, int[] bestOff, int[] bestLen) {
        for (int i = 0; i < Dir2Block.BESTFREE_COUNT; i++) {
            if (len > bestLen[i]) {
                for (int j = Dir2Block.BESTFREE_COUNT - 1; j > i; j--) {
                    bestOff[j] = bestOff[j - 1];
                    bestLen[j] = bestLen[j - 1];
                }
                bestOff[i] = p;
                bestLen[i] = len;
                return;
            }
        }
    }

    /** Writes one data entry at {@code p} with its tag; returns the offset after it. */
    static int putEntry(byte[] b, int p, byte[] name, long ino, int ft, boolean ftype) {
        putU64(b, p + Dir2Block.OFF_ENT_INUMBER, ino);
        b[p + Dir2Block.OFF_ENT_NAMELEN] = (byte) name.length;
        System.arraycopy(name, 0, b, p + Dir2Block.OFF_ENT_NAME, name.length);
        if (ftype) {
            b[p + Dir2Block.OFF_ENT_NAME + name.length] = (byte) ft;
        }
        int size = Dir2Sf.dataEntsize(name.length, ftype);
        putU16(b, p + size - 2, p);
        return p + size;
    }

    /**
     * The first unused region below {@code end} with room for {@code need} bytes (a region running past
     * {@code end} counts only up to it), read from the block as it is: {@link #findSpace} without decoding.
     * Returns its offset, or -1.
     */
    static int findFree(byte[] b, int end, int need, boolean ftype) {
        int p = Dir2Block.HDR_SIZE;
        while (p < end) {
            if (u16(b, p + Dir2Block.OFF_UNUSED_FREETAG) == Dir2Block.FREE_TAG) {
                int len = u16(b, p + Dir2Block.OFF_UNUSED_LENGTH);
                if (Math.min(p + len, end) - p >= need) {
                    return p;
                }
                p += len;
            } else {
                p += Dir2Sf.dataEntsize(u8(b, p + Dir2Block.OFF_ENT_NAMELEN), ftype);
            }
        }
        return -1;
    }

    /**
     * Ports xfs_dir2_data_use_free with the entry's put (xfs_dir2_data_put_tag): the entry goes at the start of
     * the unused region at {@code p}, which ended at {@code regionEnd}; what is left of the region stays unused.
     * The entry's bytes are those {@link #write} gives it. Bestfree is left to {@link #freescan}.
     */
    static void useFree(byte[] b, int p, int regionEnd, byte[] name, long ino, int ft, boolean ftype) {
        int size = Dir2Sf.dataEntsize(name.length, ftype);
        assert p + size <= regionEnd : "entry of " + size + " at " + p + " past its region's end " + regionEnd;
        Arrays.fill(b, p, p + size, (byte) 0);
        putEntry(b, p, name, ino, ft, ftype);
        if (p + size < regionEnd) {
            putUnused(b, p + size, regionEnd - p - size);
        }
    }

    /**
     * Ports xfs_dir2_data_make_free: the entry at {@code off} becomes unused, joined with an unused region on
     * either side (no two unused regions touch). As in the kernel only the region's header and tag are written (the
     * bytes between keep what they held; nothing reads them). Returns the region's start; bestfree is left to
     * {@link #freescan}.
     */
    static int makeFree(byte[] b, int off, int end, boolean ftype) {
        int lo = off;
        int hi = off + Dir2Sf.dataEntsize(u8(b, off + Dir2Block.OFF_ENT_NAMELEN), ftype);
        if (off > Dir2Block.HDR_SIZE) {
            int prev = u16(b, off - 2);
            if (prev >= Dir2Block.HDR_SIZE && prev < off
                    && u16(b, prev + Dir2Block.OFF_UNUSED_FREETAG) == Dir2Block.FREE_TAG) {
                lo = prev;
            }
        }
        if (hi < end && u16(b, hi + Dir2Block.OFF_UNUSED_FREETAG) == Dir2Block.FREE_TAG) {
            hi += u16(b, hi + Dir2Block.OFF_UNUSED_LENGTH);
        }
        putUnused(b, lo, hi - lo);
        return lo;
    }

    /** sizeof(xfs_dir2_data_unused_t) up to its length: the header xfs_dir2_data_log_unused logs with the tag. */
    static final int UNUSED_HDR_SIZE = 4;

    /** Writes an unused region's freetag, length and tag (xfs_dir2_data_unused, its tag last). */
    static void putUnused(byte[] b, int p, int len) {
        putU16(b, p + Dir2Block.OFF_UNUSED_FREETAG, Dir2Block.FREE_TAG);
        putU16(b, p + Dir2Block.OFF_UNUSED_LENGTH, len);
        putU16(b, p + len - 2, p);
    }

    /** The end of the region (entry or unused) starting at {@code p}. */
    static int regionEnd(byte[] b, int p, boolean ftype) {
        return u16(b, p + Dir2Block.OFF_UNUSED_FREETAG) == Dir2Block.FREE_TAG
                ? p + u16(b, p + Dir2Block.OFF_UNUSED_LENGTH)
                : p + Dir2Sf.dataEntsize(u8(b, p + Dir2Block.OFF_ENT_NAMELEN), ftype);
    }

    /**
     * Ports xfs_dir2_data_freescan: bestfree becomes the three longest unused regions of {@code [HDR_SIZE, end)}
     * in offset order, a later region of equal length not displacing an earlier one, as {@link #write} finds them.
     */
    static void freescan(byte[] b, int end, boolean ftype) {
        int[] bestOff = new int[Dir2Block.BESTFREE_COUNT];
        int[] bestLen = new int[Dir2Block.BESTFREE_COUNT];
        int p = Dir2Block.HDR_SIZE;
        while (p < end) {
            if (u16(b, p + Dir2Block.OFF_UNUSED_FREETAG) == Dir2Block.FREE_TAG) {
                int len = u16(b, p + Dir2Block.OFF_UNUSED_LENGTH);
                best(p, len, bestOff, bestLen);
                p += len;
            } else {
                p += Dir2Sf.dataEntsize(u8(b, p + Dir2Block.OFF_ENT_NAMELEN), ftype);
            }
        }
        putBestfree(b, bestOff, bestLen);
    }

    /** True when the data block holds no entry: one unused region from the header to {@code end}. */
    static boolean isEmpty(byte[] b, int end) {
        return u16(b, Dir2Block.HDR_SIZE + Dir2Block.OFF_UNUSED_FREETAG) == Dir2Block.FREE_TAG
                && Dir2Block.HDR_SIZE + u16(b, Dir2Block.HDR_SIZE + Dir2Block.OFF_UNUSED_LENGTH) >= end;
    }

    /** The entries ".", ".." of a directory's first data block, at their fixed offsets. */
    static List<Dir2SfEntry> dots(long self, long parent) {
        List<Dir2SfEntry> out = new ArrayList<>();
        out.add(new Dir2SfEntry(DOT, Dir2Block.DOT_OFFSET, Dir2Sf.FT_DIR, self));
        out.add(new Dir2SfEntry(DOTDOT, Dir2Block.DOTDOT_OFFSET, Dir2Sf.FT_DIR, parent));
        return out;
    }
}
