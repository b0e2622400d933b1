// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;

import java.util.Arrays;

/**
 * struct xfs_agfl (xfs_format.h): the AG free list, a flyweight over the fourth sector of an AG. A 36-byte header
 * followed by a ring of agbnos (agfl_bno[]) that the AGF's flfirst/fllast/flcount describe; the blocks on it are
 * kept in reserve for btree splits.
 */
public final class Agfl {
    public static final int MAGIC = 0x5841464c; // 'XAFL'
    /** sizeof(struct xfs_agfl): the header; the bno array follows. */
    public static final int SIZE = 36;
    /** Sector index of the AGFL inside the AG header block (XFS_AGFL_DADDR). */
    public static final int SECTOR = 3;

    public static final int OFF_MAGICNUM = 0, OFF_SEQNO = 4, OFF_UUID = 8, OFF_LSN = 24, OFF_CRC = 32,
            OFF_BNO = 36;

    private final byte[] b;
    private final int base;

    public Agfl(byte[] b, int base) {
        this.b = b;
        this.base = base;
    }

    public Agfl(byte[] b) {
        this(b, 0);
    }

    /** Ports xfs_agfl_size (XFS_AGFL_SIZE): slots in the ring for a sector of {@code sectsize} bytes. */
    public static int size(int sectsize) {
        return (sectsize - SIZE) / 4;
    }

    public long magicnum() { return u32(b, base + OFF_MAGICNUM); }
    public void setMagicnum(long v) { putU32(b, base + OFF_MAGICNUM, v); }
    public long seqno() { return u32(b, base + OFF_SEQNO); }
    public void setSeqno(long v) { putU32(b, base + OFF_SEQNO, v); }
    public byte[] uuid() { return Arrays.copyOfRange(b, base + OFF_UUID, base + OFF_UUID + 16); }
    public void setUuid(byte[] u) { System.arraycopy(u, 0, b, base + OFF_UUID, 16); }
    public boolean uuidMatches(byte[] u) { return Arrays.equals(b, base + OFF_UUID, base + OFF_UUID + 16, u, 0, 16); }
    public long lsn() { return u64(b, base + OFF_LSN); }
    public void setLsn(long v) { putU64(b, base + OFF_LSN, v); }
    /** The raw little-endian CRC field. */
    public long crc() { return BigEndian.le32(b, base + OFF_CRC); }
    /** agfl_bno[i]: an agbno or NULLAGBLOCK. */
    public long bno(int i) { return u32(b, base + OFF_BNO + 4 * i); }
    public void setBno(int i, long agbno) { putU32(b, base + OFF_BNO + 4 * i, agbno); }

    /** Byte offset of slot {@code i} inside the buffer, for logBuf ranges (xfs_trans_log_buf of one slot). */
    public int bnoOffset(int i) {
        return base + OFF_BNO + 4 * i;
    }

    /** Sets every slot to NULLAGBLOCK, as xfs_agflblock_init does. */
    public void clear(int sectsize) {
        for (int i = 0, n = size(sectsize); i < n; i++) {
            setBno(i, Geometry.NULLAGBLOCK);
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
