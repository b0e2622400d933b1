// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;

import java.util.Arrays;

/**
 * struct xfs_agf (xfs_format.h): the AG free-space header, a flyweight over the second sector of an AG. It roots
 * the bnobt and cntbt (and rmapbt), and describes the AGFL ring (flfirst..fllast, flcount entries).
 */
public final class Agf {
    public static final int MAGIC = 0x58414746; // 'XAGF'
    public static final int VERSION = 1;
    /** sizeof(struct xfs_agf). */
    public static final int SIZE = 224;
    /** Indexes into agf_roots / agf_levels (XFS_BTNUM_BNOi, CNTi, RMAPi). */
    public static final int BTNUM_BNO = 0, BTNUM_CNT = 1, BTNUM_RMAP = 2;
    /** XFS_BTNUM_AGF: entries of agf_roots and agf_levels. */
    public static final int BTNUM_AGF = 3;
    /** Sector index of the AGF inside the AG header block (XFS_AGF_DADDR). */
    public static final int SECTOR = 1;

    public static final int OFF_MAGICNUM = 0, OFF_VERSIONNUM = 4, OFF_SEQNO = 8, OFF_LENGTH = 12, OFF_ROOTS = 16,
            OFF_LEVELS = 28, OFF_FLFIRST = 40, OFF_FLLAST = 44, OFF_FLCOUNT = 48, OFF_FREEBLKS = 52,
            OFF_LONGEST = 56, OFF_BTREEBLKS = 60, OFF_UUID = 64, OFF_RMAP_BLOCKS = 80, OFF_REFCOUNT_BLOCKS = 84,
            OFF_REFCOUNT_ROOT = 88, OFF_REFCOUNT_LEVEL = 92, OFF_SPARE64 = 96, OFF_LSN = 208, OFF_CRC = 216,
            OFF_SPARE2 = 220;

    // Field bits for xfs_alloc_log_agf (XFS_AGF_*), for logBuf ranges.
    public static final int LOG_MAGICNUM = 1 << 0, LOG_VERSIONNUM = 1 << 1, LOG_SEQNO = 1 << 2,
            LOG_LENGTH = 1 << 3, LOG_ROOTS = 1 << 4, LOG_LEVELS = 1 << 5, LOG_FLFIRST = 1 << 6,
            LOG_FLLAST = 1 << 7, LOG_FLCOUNT = 1 << 8, LOG_FREEBLKS = 1 << 9, LOG_LONGEST = 1 << 10,
            LOG_BTREEBLKS = 1 << 11, LOG_UUID = 1 << 12, LOG_RMAP_BLOCKS = 1 << 13,
            LOG_REFCOUNT_BLOCKS = 1 << 14, LOG_REFCOUNT_ROOT = 1 << 15, LOG_REFCOUNT_LEVEL = 1 << 16,
            LOG_SPARE64 = 1 << 17;
    /** The offsets table of xfs_alloc_log_agf: field i spans [LOG_OFFSETS[i], LOG_OFFSETS[i + 1]). */
    private static final int[] LOG_OFFSETS = {OFF_MAGICNUM, OFF_VERSIONNUM, OFF_SEQNO, OFF_LENGTH, OFF_ROOTS,
        OFF_LEVELS, OFF_FLFIRST, OFF_FLLAST, OFF_FLCOUNT, OFF_FREEBLKS, OFF_LONGEST, OFF_BTREEBLKS, OFF_UUID,
        OFF_RMAP_BLOCKS, OFF_REFCOUNT_BLOCKS, OFF_REFCOUNT_ROOT, OFF_REFCOUNT_LEVEL, OFF_SPARE64, SIZE};

    private final byte[] b;
    private final int base;

    public Agf(byte[] b, int base) {
        this.b = b;
        this.base = base;
    }

    public Agf(byte[] b) {
        this(b, 0);
    }

    public long magicnum() { return u32(b, base + OFF_MAGICNUM); }
    public void setMagicnum(long v) { putU32(b, base + OFF_MAGICNUM, v); }
    public long versionnum() { return u32(b, base + OFF_VERSIONNUM); }
    public void setVersionnum(long v) { putU32(b, base + OFF_VERSIONNUM, v); }
    public long seqno() { return u32(b, base + OFF_SEQNO); }
    public void setSeqno(long v) { putU32(b, base + OFF_SEQNO, v); }
    public long length() { return u32(b, base + OFF_LENGTH); }
    public void setLength(long v) { putU32(b, base + OFF_LENGTH, v); }
    /** agf_roots[btnum]. */
    public long roots(int btnum) { return u32(b, base + OFF_ROOTS + 4 * btnum); }
    public void setRoots(int btnum, long agbno) { putU32(b, base + OFF_ROOTS + 4 * btnum, agbno); }
    /** agf_levels[btnum]. */
    public long levels(int btnum) { return u32(b, base + OFF_LEVELS + 4 * btnum); }
    public void setLevels(int btnum, long v) { putU32(b, base + OFF_LEVELS + 4 * btnum, v); }
    public long flfirst() { return u32(b, base + OFF_FLFIRST); }
    public void setFlfirst(long v) { putU32(b, base + OFF_FLFIRST, v); }
    public long fllast() { return u32(b, base + OFF_FLLAST); }
    public void setFllast(long v) { putU32(b, base + OFF_FLLAST, v); }
    public long flcount() { return u32(b, base + OFF_FLCOUNT); }
    public void setFlcount(long v) { putU32(b, base + OFF_FLCOUNT, v); }
    public long freeblks() { return u32(b, base + OFF_FREEBLKS); }
    public void setFreeblks(long v) { putU32(b, base + OFF_FREEBLKS, v); }
    public long longest() { return u32(b, base + OFF_LONGEST); }
    public void setLongest(long v) { putU32(b, base + OFF_LONGEST, v); }
    public long btreeblks() { return u32(b, base + OFF_BTREEBLKS); }
    public void setBtreeblks(long v) { putU32(b, base + OFF_BTREEBLKS, v); }
    public byte[] uuid() { return Arrays.copyOfRange(b, base + OFF_UUID, base + OFF_UUID + 16); }
    public void setUuid(byte[] u) { System.arraycopy(u, 0, b, base + OFF_UUID, 16); }
    public boolean uuidMatches(byte[] u) { return Arrays.equals(b, base + OFF_UUID, base + OFF_UUID + 16, u, 0, 16); }
    public long rmapBlocks() { return u32(b, base + OFF_RMAP_BLOCKS); }
    public void setRmapBlocks(long v) { putU32(b, base + OFF_RMAP_BLOCKS, v); }
    public long refcountBlocks() { return u32(b, base + OFF_REFCOUNT_BLOCKS); }
    public void setRefcountBlocks(long v) { putU32(b, base + OFF_REFCOUNT_BLOCKS, v); }
    public long refcountRoot() { return u32(b, base + OFF_REFCOUNT_ROOT); }
    public void setRefcountRoot(long v) { putU32(b, base + OFF_REFCOUNT_ROOT, v); }
    public long refcountLevel() { return u32(b, base + OFF_REFCOUNT_LEVEL); }
    public void setRefcountLevel(long v) { putU32(b, base + OFF_REFCOUNT_LEVEL, v); }
    public long lsn() { return u64(b, base + OFF_LSN); }
    public void setLsn(long v) { putU64(b, base + OFF_LSN, v); }
    /** The raw little-endian CRC field. */
    public long crc() { return BigEndian.le32(b, base + OFF_CRC); }

    /** Ports xfs_alloc_log_agf's offset computation: the byte range [first, last] covering {@code fields}. */
    public static int[] logRange(int fields) {
        if (fields == 0) {
            throw new IllegalArgumentException("no AGF fields");
        }
        int lo = Integer.numberOfTrailingZeros(fields);
        int hi = 31 - Integer.numberOfLeadingZeros(fields);
        return new int[] {LOG_OFFSETS[lo], LOG_OFFSETS[hi + 1] - 1};
    }

    /** Recomputes the CRC over the sector. */
    public void updateCrc(int sectsize) {
        Cksum.update(b, base, sectsize, OFF_CRC);
    }

    public boolean verifyCrc(int sectsize) {
        return Cksum.verify(b, base, sectsize, OFF_CRC);
    }
}
