// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import java.util.zip.CRC32C;

/**
 * Metadata checksums (xfs_cksum.h): CRC-32C over a range with the CRC field taken as zero, stored little-endian.
 */
public final class Cksum {
    private static final byte[] ZERO4 = new byte[4];

    private Cksum() {
    }

    /** Ports xfs_start_cksum_safe + xfs_end_cksum: the CRC of {@code b[off, off+len)} with the CRC field zeroed. */
    public static int compute(byte[] b, int off, int len, int crcOff) {
        CRC32C c = new CRC32C();
        c.update(b, off, crcOff);
        c.update(ZERO4, 0, 4);
        int after = off + crcOff + 4;
        c.update(b, after, off + len - after);
        return (int) c.getValue();
    }

    /** Ports xfs_update_cksum: compute and store (little-endian) the CRC at {@code off + crcOff}. */
    public static void update(byte[] b, int off, int len, int crcOff) {
        BigEndian.putLe32(b, off + crcOff, compute(b, off, len, crcOff) & 0xffffffffL);
    }

    /** Ports xfs_verify_cksum. */
    public static boolean verify(byte[] b, int off, int len, int crcOff) {
        return (int) BigEndian.le32(b, off + crcOff) == compute(b, off, len, crcOff);
    }
}
