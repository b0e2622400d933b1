// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;

import java.util.Arrays;

/**
 * struct xfs_agi (xfs_format.h): the AG inode header, a flyweight over the third sector of an AG. It roots the
 * inobt (and finobt) and holds the heads of the 64 unlinked-inode hash buckets.
 */
public final class Agi {
    public static final int MAGIC = 0x58414749; // 'XAGI'
    public static final int VERSION = 1;
    /** sizeof(struct xfs_agi). */
    public static final int SIZE = 344;
    /** XFS_AGI_UNLINKED_BUCKETS. */
    public static final int UNLINKED_BUCKETS = 64;
    /** Sector index of the AGI inside the AG header block (XFS_AGI_DADDR). */
    public static final int SECTOR = 2;

    public static final int OFF_MAGICNUM = 0, OFF_VERSIONNUM = 4, OFF_SEQNO = 8, OFF_LENGTH = 12, OFF_COUNT = 16,
            OFF_ROOT = 20, OFF_LEVEL = 24, OFF_FREECOUNT = 28, OFF_NEWINO = 32, OFF_DIRINO = 36,
            OFF_UNLINKED = 40, OFF_UUID = 296, OFF_CRC = 312, OFF_PAD32 = 316, OFF_LSN = 320,
            OFF_FREE_ROOT = 328, OFF_FREE_LEVEL = 332, OFF_IBLOCKS = 336, OFF_FBLOCKS = 340;

    private final byte[] b;
    private final int base;

    public Agi(byte[] b, int base) {
        this.b = b;
        this.base = base;
    }

    public Agi(byte[] b) {
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
    public long count() { return u32(b, base + OFF_COUNT); }
    public void setCount(long v) { putU32(b, base + OFF_COUNT, v); }
    public long root() { return u32(b, base + OFF_ROOT); }
    public void setRoot(long v) { putU32(b, base + OFF_ROOT, v); }
    public long level() { return u32(b, base + OFF_LEVEL); }
    public void setLevel(long v) { putU32(b, base + OFF_LEVEL, v); }
    public long freecount() { return u32(b, base + OFF_FREECOUNT); }
    public void setFreecount(long v) { putU32(b, base + OFF_FREECOUNT, v); }
    public long newino() { return u32(b, base + OFF_NEWINO); }
    public void setNewino(long v) { putU32(b, base + OFF_NEWINO, v); }
    public long dirino() { return u32(b, base + OFF_DIRINO); }
    public void setDirino(long v) { putU32(b, base + OFF_DIRINO, v); }
    /** agi_unlinked[bucket]: head agino of the bucket's list, or NULLAGINO. */
    public long unlinked(int bucket) { return u32(b, base + OFF_UNLINKED + 4 * bucket); }
    public void setUnlinked(int bucket, long agino) { putU32(b, base + OFF_UNLINKED + 4 * bucket, agino); }
    public byte[] uuid() { return Arrays.copyOfRange(b, base + OFF_UUID, base + OFF_UUID + 16); }
    public void setUuid(byte[] u) { System.arraycopy(u, 0, b, base + OFF_UUID, 16); }
    public boolean uuidMatches(byte[] u) { return Arrays.equals(b, base + OFF_UUID, base + OFF_UUID + 16, u, 0, 16); }
    /** The raw little-endian CRC field. */
    public long crc() { return BigEndian.le32(b, base + OFF_CRC); }
    public long lsn() { return u64(b, base + OFF_LSN); }
    public void setLsn(long v) { putU64(b, base + OFF_LSN, v); }
    public long freeRoot() { return u32(b, base + OFF_FREE_ROOT); }
    public void setFreeRoot(long v) { putU32(b, base + OFF_FREE_ROOT, v); }
    public long freeLevel() { return u32(b, base + OFF_FREE_LEVEL); }
    public void setFreeLevel(long v) { putU32(b, base + OFF_FREE_LEVEL, v); }
    public long iblocks() { return u32(b, base + OFF_IBLOCKS); }
    public void setIblocks(long v) { putU32(b, base + OFF_IBLOCKS, v); }
    public long fblocks() { return u32(b, base + OFF_FBLOCKS); }
    public void setFblocks(long v) { putU32(b, base + OFF_FBLOCKS, v); }

    /** Sets every unlinked bucket to NULLAGINO, as mkfs and xfs_agiblock_init do. */
    public void clearUnlinked() {
        for (int i = 0; i < UNLINKED_BUCKETS; i++) {
            setUnlinked(i, Geometry.NULLAGINO);
        }
    }

    /** Recomputes the CRC over the sector. */
    public void updateCrc(int sectsize) {
        Cksum.update(b, base, sectsize, OFF_CRC);
    }

    public boolean verifyCrc(int sectsize) {
        return Cksum.verify(b, base, sectsize, OFF_CRC);
    }
}
