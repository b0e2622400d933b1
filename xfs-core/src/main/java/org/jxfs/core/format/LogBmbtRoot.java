// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.putU16;
import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u16;

/**
 * A btree-format fork root as the log holds it (XFS_ILOG_DBROOT / ABROOT): the in-memory root (if_broot), a long
 * btree block header followed by numrecs keys and then numrecs pointers, instead of the on-disk xfs_bmdr_block
 * (level, numrecs, keys, pointers at the fork's maximum record count).
 */
public final class LogBmbtRoot {
    /** XFS_BMDR_BLOCK header: level and numrecs. */
    static final int BMDR_HDR = 4;
    /** Bytes of a bmbt key and of a pointer. */
    static final int KEY_LEN = 8, PTR_LEN = 8;

    private LogBmbtRoot() {
    }

    /** xfs_bmdr_maxrecs(forkSize, 0): records an on-disk root of {@code forkSize} bytes can hold. */
    static int bmdrMaxrecs(int forkSize) {
        return (forkSize - BMDR_HDR) / (KEY_LEN + PTR_LEN);
    }

    /** Ports xfs_bmdr_to_bmbt: the logged root for the on-disk root at {@code fork[0, forkSize)} of inode {@code ino}. */
    public static byte[] fromDisk(byte[] fork, int forkSize, long ino, byte[] metaUuid) {
        int level = u16(fork, 0);
        int numrecs = u16(fork, 2);
        int hdr = BtreeBlock.LONG_HDR_LEN;
        int dmxr = bmdrMaxrecs(forkSize);
        byte[] b = new byte[hdr + numrecs * (KEY_LEN + PTR_LEN)];
        putU32(b, BtreeBlock.OFF_MAGIC, BtreeBlock.BMAP_CRC_MAGIC);
        putU16(b, BtreeBlock.OFF_LEVEL, level);
        putU16(b, BtreeBlock.OFF_NUMRECS, numrecs);
        putU64(b, BtreeBlock.OFF_L_LEFTSIB, Geometry.NULLFSBLOCK);
        putU64(b, BtreeBlock.OFF_L_RIGHTSIB, Geometry.NULLFSBLOCK);
        putU64(b, BtreeBlock.OFF_L_BLKNO, -1L);
        System.arraycopy(metaUuid, 0, b, BtreeBlock.OFF_L_UUID, 16);
        putU64(b, BtreeBlock.OFF_L_OWNER, ino);
        System.arraycopy(fork, BMDR_HDR, b, hdr, numrecs * KEY_LEN);
        System.arraycopy(fork, BMDR_HDR + dmxr * KEY_LEN, b, hdr + numrecs * KEY_LEN, numrecs * PTR_LEN);
        return b;
    }

    /** Ports xfs_bmbt_to_bmdr: writes the logged root {@code logged} as the on-disk root of a fork of {@code forkSize}. */
    public static void toDisk(byte[] logged, int len, byte[] dst, int off, int forkSize) {
        int hdr = BtreeBlock.LONG_HDR_LEN;
        int numrecs = u16(logged, BtreeBlock.OFF_NUMRECS);
        if (hdr + numrecs * (KEY_LEN + PTR_LEN) > len || numrecs > bmdrMaxrecs(forkSize)) {
            throw new IllegalArgumentException("logged bmbt root of " + numrecs + " records does not fit");
        }
        int dmxr = bmdrMaxrecs(forkSize);
        java.util.Arrays.fill(dst, off, off + forkSize, (byte) 0);
        putU16(dst, off, u16(logged, BtreeBlock.OFF_LEVEL));
        putU16(dst, off + 2, numrecs);
        System.arraycopy(logged, hdr, dst, off + BMDR_HDR, numrecs * KEY_LEN);
        System.arraycopy(logged, hdr + numrecs * KEY_LEN, dst, off + BMDR_HDR + dmxr * KEY_LEN, numrecs * PTR_LEN);
    }
}
