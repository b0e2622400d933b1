// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.le16;
import static org.jxfs.core.format.BigEndian.le32;
import static org.jxfs.core.format.BigEndian.le64;
import static org.jxfs.core.format.BigEndian.putLe16;
import static org.jxfs.core.format.BigEndian.putLe32;
import static org.jxfs.core.format.BigEndian.putLe64;

/**
 * struct xfs_buf_log_format (xfs_log_format.h), host (little-endian) order: the format region of a buffer log item.
 * Bit {@code i} of the data map says 128-byte chunk {@code i} of the buffer is logged; each run of set bits is one
 * region op after this one, holding the buffer's current bytes of that run.
 */
public final class BufLogFormat {
    public static final int OFF_TYPE = 0, OFF_SIZE = 2, OFF_FLAGS = 4, OFF_LEN = 6, OFF_BLKNO = 8, OFF_MAP_SIZE = 16,
            OFF_DATA_MAP = 20;
    /** XFS_BLF_CHUNK / XFS_BLF_SHIFT: bytes covered by one map bit. */
    public static final int CHUNK = 128, CHUNK_SHIFT = 7;
    /** NBWORD: bits per map word. */
    public static final int BITS_PER_WORD = 32;
    /** blf_flags: XFS_BLF_INODE_BUF, XFS_BLF_CANCEL, XFS_BLF_UDQUOT/PDQUOT/GDQUOT. */
    public static final int FLAG_INODE_BUF = 0x1, FLAG_CANCEL = 0x2, FLAG_UDQUOT = 0x4, FLAG_PDQUOT = 0x8,
            FLAG_GDQUOT = 0x10;
    /** XFS_BLFT_SHIFT / XFS_BLFT_BITS: the buffer type lives in the top 5 bits of blf_flags. */
    public static final int TYPE_SHIFT = 11, TYPE_MASK = 0x1f;

    private BufLogFormat() {
    }

    /** Map words needed for a buffer of {@code bytes} (xfs_buf_item_init's map_size). */
    public static int mapWords(int bytes) {
        int chunks = (bytes + CHUNK - 1) >> CHUNK_SHIFT;
        return (chunks + BITS_PER_WORD - 1) / BITS_PER_WORD;
    }

    /** Bytes of the format region with {@code mapWords} map words (xfs_buf_log_format_size). */
    public static int size(int mapWords) {
        return OFF_DATA_MAP + 4 * mapWords;
    }

    /**
     * The format region of a buffer logged in chunks {@code [firstChunk, lastChunk]} (one run, one data region),
     * with buffer type {@code blft}.
     */
    public static byte[] encode(long daddr, int bbCount, int bytes, int blft, int firstChunk, int lastChunk) {
        int words = mapWords(bytes);
        byte[] b = new byte[size(words)];
        putLe16(b, OFF_TYPE, LogItemType.BUF);
        putLe16(b, OFF_SIZE, 2);
        putLe16(b, OFF_FLAGS, (blft & TYPE_MASK) << TYPE_SHIFT);
        putLe16(b, OFF_LEN, bbCount);
        putLe64(b, OFF_BLKNO, daddr);
        putLe32(b, OFF_MAP_SIZE, words);
        for (int c = firstChunk; c <= lastChunk; c++) {
            int off = OFF_DATA_MAP + 4 * (c / BITS_PER_WORD);
            putLe32(b, off, le32(b, off) | (1L << (c % BITS_PER_WORD)));
        }
        return b;
    }

    /**
     * The format region of a buffer logged in the chunks set in {@code map} ({@code mapWords} words, bit i of word
     * w is chunk 32w+i), {@code runs} runs of them, each one data region, with buffer type {@code blft}.
     */
    public static byte[] encode(long daddr, int bbCount, int bytes, int blft, int[] map, int runs) {
        int words = mapWords(bytes);
        byte[] b = new byte[size(words)];
        putLe16(b, OFF_TYPE, LogItemType.BUF);
        putLe16(b, OFF_SIZE, 1 + runs);
        putLe16(b, OFF_FLAGS, (blft & TYPE_MASK) << TYPE_SHIFT);
        putLe16(b, OFF_LEN, bbCount);
        putLe64(b, OFF_BLKNO, daddr);
        putLe32(b, OFF_MAP_SIZE, words);
        for (int w = 0; w < words; w++) {
            putLe32(b, OFF_DATA_MAP + 4 * w, map[w] & 0xffffffffL);
        }
        return b;
    }

    /** The format region of a cancel (xfs_trans_binval): the block was freed; no data, empty map. */
    public static byte[] encodeCancel(long daddr, int bbCount, int bytes) {
        int words = mapWords(bytes);
        byte[] b = new byte[size(words)];
        putLe16(b, OFF_TYPE, LogItemType.BUF);
        putLe16(b, OFF_SIZE, 1);
        putLe16(b, OFF_FLAGS, FLAG_CANCEL);
        putLe16(b, OFF_LEN, bbCount);
        putLe64(b, OFF_BLKNO, daddr);
        putLe32(b, OFF_MAP_SIZE, words);
        return b;
    }

    public static int size(byte[] b) { return le16(b, OFF_SIZE); }
    public static int flags(byte[] b) { return le16(b, OFF_FLAGS); }
    public static int len(byte[] b) { return le16(b, OFF_LEN); }
    public static long blkno(byte[] b) { return le64(b, OFF_BLKNO); }
    public static int mapSize(byte[] b) { return (int) le32(b, OFF_MAP_SIZE); }

    /** The buffer type code (XFS_BLFT_*) of a format region. */
    public static int blft(byte[] b) {
        return (flags(b) >> TYPE_SHIFT) & TYPE_MASK;
    }

    /** Whether chunk {@code c} is set in the map (xfs_buf_item_bit_is_set / isset). */
    public static boolean chunkSet(byte[] b, int c) {
        int word = c / BITS_PER_WORD;
        if (word >= mapSize(b) || OFF_DATA_MAP + 4 * word + 4 > b.length) {
            return false;
        }
        return (le32(b, OFF_DATA_MAP + 4 * word) & (1L << (c % BITS_PER_WORD))) != 0;
    }
}
