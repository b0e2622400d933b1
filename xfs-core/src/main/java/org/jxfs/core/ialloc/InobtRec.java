// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.ialloc;

import static org.jxfs.core.format.BigEndian.putU16;
import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.putU8;
import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;
import static org.jxfs.core.format.BigEndian.u8;

import org.jxfs.core.format.Geometry;

/**
 * struct xfs_inobt_rec_incore, mutable as the kernel uses it: one 64-inode chunk, with {@code free} bit i set when
 * inode {@code startino + i} is free (holes of a sparse chunk are also set) and {@code holemask} bit j set when
 * inodes {@code [4j, 4j + 4)} are not allocated on disk. On disk (struct xfs_inobt_rec) the sparse layout
 * {holemask u16, count u8, freecount u8} is used when the filesystem has sparse inodes, {freecount u32} otherwise.
 */
public final class InobtRec {
    public static final int OFF_STARTINO = 0, OFF_HOLEMASK = 4, OFF_COUNT = 6, OFF_SP_FREECOUNT = 7,
            OFF_FREECOUNT = 4, OFF_FREE = 8;
    public static final int REC_LEN = 16, KEY_LEN = 4;
    /** XFS_INOBT_ALL_FREE. */
    public static final long ALL_FREE = -1L;
    /** XFS_INOBT_HOLEMASK_FULL: no holes. */
    public static final int HOLEMASK_FULL = 0;
    /** XFS_INODES_PER_HOLEMASK_BIT. */
    public static final int INODES_PER_HOLEMASK_BIT = Geometry.INODES_PER_CHUNK / 16;

    public long startino;
    public int holemask;
    public int count;
    public int freecount;
    public long free;

    public InobtRec(long startino, int holemask, int count, int freecount, long free) {
        this.startino = startino;
        this.holemask = holemask;
        this.count = count;
        this.freecount = freecount;
        this.free = free;
    }

    /** A fully allocated, entirely free chunk (what xfs_ialloc_ag_alloc inserts). */
    public static InobtRec newChunk(long startino) {
        return new InobtRec(startino, HOLEMASK_FULL, Geometry.INODES_PER_CHUNK, Geometry.INODES_PER_CHUNK,
                ALL_FREE);
    }

    /** Ports xfs_inobt_btrec_to_irec. */
    public static InobtRec decode(byte[] b, int off, boolean sparse) {
        if (sparse) {
            return new InobtRec(u32(b, off + OFF_STARTINO), u16(b, off + OFF_HOLEMASK), u8(b, off + OFF_COUNT),
                    u8(b, off + OFF_SP_FREECOUNT), u64(b, off + OFF_FREE));
        }
        return new InobtRec(u32(b, off + OFF_STARTINO), HOLEMASK_FULL, Geometry.INODES_PER_CHUNK,
                (int) u32(b, off + OFF_FREECOUNT), u64(b, off + OFF_FREE));
    }

    /** Ports xfs_inobt_rec_from_irec (xfs_inobt_update's encoding). */
    public void encode(byte[] b, int off, boolean sparse) {
        putU32(b, off + OFF_STARTINO, startino);
        if (sparse) {
            putU16(b, off + OFF_HOLEMASK, holemask);
            putU8(b, off + OFF_COUNT, count);
            putU8(b, off + OFF_SP_FREECOUNT, freecount);
        } else {
            assert holemask == HOLEMASK_FULL && count == Geometry.INODES_PER_CHUNK;
            putU32(b, off + OFF_FREECOUNT, freecount);
        }
        putU64(b, off + OFF_FREE, free);
    }

    public byte[] toBytes(boolean sparse) {
        byte[] r = new byte[REC_LEN];
        encode(r, 0, sparse);
        return r;
    }

    /** Ports xfs_inobt_irec_to_allocmask: bit i set when inode i of the chunk exists on disk. */
    public long allocmask() {
        long mask = 0;
        for (int j = 0; j < 16; j++) {
            if ((holemask & (1 << j)) == 0) {
                mask |= 0xfL << (j * INODES_PER_HOLEMASK_BIT);
            }
        }
        return mask;
    }

    /** Ports xfs_inobt_first_free_inode: the lowest free inode that exists on disk. */
    public int firstFreeInode() {
        long realfree = holemask == HOLEMASK_FULL ? free : allocmask() & free;
        return Long.numberOfTrailingZeros(realfree);
    }

    @Override
    public String toString() {
        return "inobt rec [startino " + startino + " holemask 0x" + Integer.toHexString(holemask) + " count " + count
                + " freecount " + freecount + " free 0x" + Long.toHexString(free) + "]";
    }
}
