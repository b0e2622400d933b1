// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.le64;
import static org.jxfs.core.format.BigEndian.u64;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * struct xfs_log_dinode (xfs_log_format.h): the inode core as the log holds it, the v3 dinode's layout in host
 * (little-endian) order. Timestamps are a little-endian u64 with bigtime, otherwise two little-endian s32 (seconds,
 * nanoseconds); the extent counters follow the NREXT64 layout when the inode has that flag. Converting is swapping
 * every field in place, so one table serves both directions (xfs_inode_to_log_dinode and xfs_log_dinode_to_disk).
 */
public final class LogDinode {
    /** sizeof(struct xfs_log_dinode) for a v3 inode. */
    public static final int SIZE = Dinode.CORE_SIZE;

    /** Field offsets and widths that do not depend on the inode's flags (uuid and pads are bytes, not swapped). */
    private static final int[][] FIXED = {
        {Dinode.OFF_MAGIC, 2}, {Dinode.OFF_MODE, 2}, {Dinode.OFF_ONLINK, 2}, {Dinode.OFF_UID, 4},
        {Dinode.OFF_GID, 4}, {Dinode.OFF_NLINK, 4}, {Dinode.OFF_PROJID_LO, 2}, {Dinode.OFF_PROJID_HI, 2},
        {Dinode.OFF_SIZE, 8}, {Dinode.OFF_NBLOCKS, 8}, {Dinode.OFF_EXTSIZE, 4}, {Dinode.OFF_NEXTENTS, 4},
        {Dinode.OFF_ANEXTENTS, 2}, {Dinode.OFF_DMEVMASK, 4}, {Dinode.OFF_DMSTATE, 2}, {Dinode.OFF_FLAGS, 2},
        {Dinode.OFF_GEN, 4}, {Dinode.OFF_NEXT_UNLINKED, 4}, {Dinode.OFF_CHANGECOUNT, 8}, {Dinode.OFF_LSN, 8},
        {Dinode.OFF_FLAGS2, 8}, {Dinode.OFF_COWEXTSIZE, 4}, {Dinode.OFF_INO, 8},
    };
    private static final int[] TIMES = {Dinode.OFF_ATIME, Dinode.OFF_MTIME, Dinode.OFF_CTIME, Dinode.OFF_CRTIME};

    private LogDinode() {
    }

    /**
     * Ports xfs_inode_to_log_dinode's byte order: {@code SIZE} bytes of an on-disk (big-endian) core at
     * {@code src[off]} become a log dinode. di_next_unlinked is logged as NULLAGINO and di_crc as 0, as the kernel
     * does: recovery copies neither.
     */
    public static byte[] fromDisk(byte[] src, int off) {
        byte[] out = new byte[SIZE];
        System.arraycopy(src, off, out, 0, SIZE);
        swap(out, u64(src, off + Dinode.OFF_FLAGS2));
        BigEndian.putLe32(out, Dinode.OFF_NEXT_UNLINKED, Geometry.NULLAGINO);
        BigEndian.putLe32(out, Dinode.OFF_CRC, 0);
        return out;
    }

    /**
     * Ports xfs_log_dinode_to_disk: a log dinode becomes the on-disk core at {@code dst[off]}, keeping the on-disk
     * di_next_unlinked, with di_lsn set to {@code lsn}. The caller recomputes the CRC.
     */
    public static void toDisk(byte[] logged, byte[] dst, int off, long lsn) {
        long nextUnlinked = BigEndian.u32(dst, off + Dinode.OFF_NEXT_UNLINKED);
        byte[] core = logged.clone();
        swap(core, le64(logged, Dinode.OFF_FLAGS2));
        System.arraycopy(core, 0, dst, off, SIZE);
        BigEndian.putU32(dst, off + Dinode.OFF_NEXT_UNLINKED, nextUnlinked);
        BigEndian.putU64(dst, off + Dinode.OFF_LSN, lsn);
    }

    /** Reverses the byte order of every multi-byte field of the core in {@code b}, given the inode's di_flags2. */
    private static void swap(byte[] b, long flags2) {
        for (int[] f : FIXED) {
            reverse(b, f[0], f[1]);
        }
        if ((flags2 & Dinode.DIFLAG2_NREXT64) != 0) {
            reverse(b, Dinode.OFF_BIG_NEXTENTS, 8);
        } else {
            reverse(b, Dinode.OFF_FLUSHITER, 2);
        }
        boolean bigtime = (flags2 & Dinode.DIFLAG2_BIGTIME) != 0;
        for (int t : TIMES) {
            if (bigtime) {
                reverse(b, t, 8);
            } else {
                reverse(b, t, 4);
                reverse(b, t + 4, 4);
            }
        }
    }

    /** Reverses a 2-, 4- or 8-byte field: read in one byte order, written back in the other. */
    private static void reverse(byte[] b, int off, int len) {
        switch (len) {
            case 2 -> LE16.set(b, off, (short) BE16.get(b, off));
            case 4 -> LE32.set(b, off, (int) BE32.get(b, off));
            case 8 -> LE64.set(b, off, (long) BE64.get(b, off));
            default -> throw new IllegalArgumentException("field of " + len + " bytes");
        }
    }

    private static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
}
