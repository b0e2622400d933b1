// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.jxfs.core.format.BigEndian.putU16;
import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;

import java.util.Arrays;

/**
 * The blocks of a directory's hash index (xfs_da_format.h), all opening with struct xfs_da3_blkinfo: the leaf of a
 * leaf directory (LEAF1: hash-sorted entries, then the bests array and the leaf tail), and the da btree of a node
 * directory, whose leaves are LEAFN blocks (entries only) and whose interior blocks are da nodes ({hashval, before}
 * entries, each hashval the largest hash below it). Leaf entries ({hashval, address}) and node entries
 * ({hashval, before}) are both 8 bytes sorted by hash, so this class holds either as packed longs
 * (hash &lt;&lt; 32 | address-or-block).
 */
final class DaBlk {
    /** XFS_DIR3_LEAF1_MAGIC, XFS_DIR3_LEAFN_MAGIC, XFS_DA3_NODE_MAGIC. */
    static final int LEAF1_MAGIC = org.jxfs.core.format.BufLogType.DIR3_LEAF1_MAGIC,
            LEAFN_MAGIC = org.jxfs.core.format.BufLogType.DIR3_LEAFN_MAGIC,
            NODE_MAGIC = org.jxfs.core.format.BufLogType.DA3_NODE_MAGIC;
    // struct xfs_da3_blkinfo
    static final int OFF_FORW = 0, OFF_BACK = 4, OFF_MAGIC = 8, OFF_CRC = 12, OFF_BLKNO = 16, OFF_LSN = 24,
            OFF_UUID = 32, OFF_OWNER = 48;
    /** xfs_dir3_leaf_hdr count/stale, xfs_da3_node_hdr count/level, both after the blkinfo. */
    static final int OFF_COUNT = 56, OFF_STALE = 58, OFF_LEVEL = 58;
    /** sizeof(struct xfs_dir3_leaf_hdr) == sizeof(struct xfs_da3_node_hdr). */
    static final int HDR_SIZE = 64;
    static final int ENTRY_SIZE = 8;
    /** sizeof(struct xfs_dir2_leaf_tail) {bestcount u32} and one best (u16). */
    static final int LEAF_TAIL_SIZE = 4, BEST_SIZE = 2;

    int magic;
    long forw, back;
    /** Node level (0 for leaves). */
    int level;
    /** Live entries (stale leaf entries are dropped when decoded), packed hash << 32 | address or before. */
    long[] ents;
    int count;
    /** LEAF1 only: bests[bestcount], one per data block, NULLDATAOFF for a hole. */
    int[] bests;

    static int magic(byte[] b) {
        return u16(b, OFF_MAGIC);
    }

    static long forw(byte[] b) {
        return u32(b, OFF_FORW);
    }

    static int count(byte[] b) {
        return u16(b, OFF_COUNT);
    }

    /** The leaf header's stale count (xfs_dir3_leaf_hdr.stale; for a node, its level). */
    static int stale(byte[] b) {
        return u16(b, OFF_STALE);
    }

    static void putCount(byte[] b, int count) {
        putU16(b, OFF_COUNT, count);
    }

    /** Writes entry {@code i} ({@code hash << 32 | address-or-block}) into the block. */
    static void putEntry(byte[] b, int i, long ent) {
        putU32(b, HDR_SIZE + i * ENTRY_SIZE, ent >>> 32);
        putU32(b, HDR_SIZE + i * ENTRY_SIZE + 4, ent & 0xffffffffL);
    }

    /** The hash of entry {@code i}. */
    static long hash(byte[] b, int i) {
        return u32(b, HDR_SIZE + i * ENTRY_SIZE);
    }

    /** The address (leaf) or child block (node) of entry {@code i}. */
    static long ptr(byte[] b, int i) {
        return u32(b, HDR_SIZE + i * ENTRY_SIZE + 4);
    }

    /** xfs_dir2_leaf_tail_p's bestcount, for a LEAF1 block: a u32, read unsigned so no value passes as negative. */
    static long bestcount(byte[] b) {
        return u32(b, b.length - LEAF_TAIL_SIZE);
    }

    /**
     * The first of a block's {@code n} entries whose hash is at least {@code hash}, or {@code n}, read from the
     * block as it is on disk (stale leaf entries keep their hashes, so the order holds): lookups search without
     * decoding, as xfs_dir2_leaf_search_hash and xfs_da3_node_lookup_int do.
     */
    static int searchHash(byte[] b, int n, long hash) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (hash(b, mid) < hash) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Removes, in place, the entry of hash {@code hash} and address {@code addr} among the block's {@code n}: the
     * entries after it move down a slot, the freed last slot is zeroed and the count drops. Returns its index, or
     * -1 (nothing changed) when the block has no such entry.
     */
    static int removeEntry(byte[] b, int n, long hash, long addr) {
        int i = searchHash(b, n, hash);
        while (i < n && hash(b, i) == hash && ptr(b, i) != addr) {
            i++;
        }
        if (i >= n || hash(b, i) != hash) {
            return -1;
        }
        int at = HDR_SIZE + i * ENTRY_SIZE;
        System.arraycopy(b, at + ENTRY_SIZE, b, at, (n - i - 1) * ENTRY_SIZE);
        putEntry(b, n - 1, 0);
        putCount(b, n - 1);
        return i;
    }

    /** Decodes a block; stale leaf entries (address NULL_DATAPTR) are left out. */
    static DaBlk decode(byte[] b) {
        DaBlk d = new DaBlk();
        d.magic = magic(b);
        d.forw = forw(b);
        d.back = u32(b, OFF_BACK);
        int n = count(b);
        boolean leaf = d.magic != NODE_MAGIC;
        d.level = leaf ? 0 : u16(b, OFF_LEVEL);
        d.ents = new long[Math.max(n + 1, 8)];      // room for the insert that usually follows
        for (int i = 0; i < n; i++) {
            long addr = ptr(b, i);
            if (leaf && addr == Dir2Block.NULL_DATAPTR) {
                continue;
            }
            d.ents[d.count++] = hash(b, i) << 32 | addr;
        }
        if (d.magic == LEAF1_MAGIC) {
            int bc = (int) bestcount(b);       // the leaf verifier has bounded it by the block
            d.bests = new int[bc];
            int at = b.length - LEAF_TAIL_SIZE - bc * BEST_SIZE;
            for (int i = 0; i < bc; i++) {
                d.bests[i] = u16(b, at + i * BEST_SIZE);
            }
        }
        return d;
    }

    static DaBlk empty(int magic, int level) {
        DaBlk d = new DaBlk();
        d.magic = magic;
        d.level = level;
        d.ents = new long[8];
        return d;
    }

    /** The largest hash in the block (xfs_dir2_leaf_lasthash / xfs_da3_node_lasthash). */
    long lastHash() {
        return count == 0 ? 0 : ents[count - 1] >>> 32;
    }

    /** The first index whose hash is at least {@code hash} (xfs_dir2_leaf_search_hash's answer), or count. */
    int searchHash(long hash) {
        int lo = 0, hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if ((ents[mid] >>> 32) < hash) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Inserts {@code ent} at {@code i}. */
    void insert(int i, long ent) {
        if (count == ents.length) {
            ents = Arrays.copyOf(ents, ents.length * 2);
        }
        System.arraycopy(ents, i, ents, i + 1, count - i);
        ents[i] = ent;
        count++;
    }

    void remove(int i) {
        System.arraycopy(ents, i + 1, ents, i, count - i - 1);
        count--;
    }

    /** The index of the entry equal to {@code ent}, or -1. */
    int indexOf(long ent) {
        for (int i = searchHash(ent >>> 32); i < count && (ents[i] >>> 32) == (ent >>> 32); i++) {
            if (ents[i] == ent) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes the block needs: header, entries and (LEAF1) the bests and tail. */
    int bytesUsed() {
        return HDR_SIZE + count * ENTRY_SIZE + (bests != null ? bests.length * BEST_SIZE + LEAF_TAIL_SIZE : 0);
    }

    /**
     * Encodes the block (xfs_dir3_leaf_hdr_to_disk / xfs_da3_node_hdr_to_disk with the entries and, for LEAF1,
     * bests and tail); no stale entries are written. The CRC is left to the buffer's write verifier.
     */
    void encode(byte[] b, long daddr, byte[] uuid, long owner) {
        assert bytesUsed() <= b.length : "da block overflows: " + bytesUsed();
        Arrays.fill(b, (byte) 0);
        putU32(b, OFF_FORW, forw);
        putU32(b, OFF_BACK, back);
        putU16(b, OFF_MAGIC, magic);
        putU64(b, OFF_BLKNO, daddr);
        System.arraycopy(uuid, 0, b, OFF_UUID, 16);
        putU64(b, OFF_OWNER, owner);
        putU16(b, OFF_COUNT, count);
        putU16(b, OFF_LEVEL, magic == NODE_MAGIC ? level : 0);
        for (int i = 0; i < count; i++) {
            putU32(b, HDR_SIZE + i * ENTRY_SIZE, ents[i] >>> 32);
            putU32(b, HDR_SIZE + i * ENTRY_SIZE + 4, ents[i] & 0xffffffffL);
        }
        if (bests != null) {
            putU32(b, b.length - LEAF_TAIL_SIZE, bests.length);
            int at = b.length - LEAF_TAIL_SIZE - bests.length * BEST_SIZE;
            for (int i = 0; i < bests.length; i++) {
                putU16(b, at + i * BEST_SIZE, bests[i]);
            }
        }
    }
}
