// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

/**
 * xfs_timestamp_t encodings (xfs_inode_to_disk_ts / xfs_inode_from_disk_ts): without bigtime, {s32 seconds, u32
 * nanoseconds}; with bigtime, one u64 of nanoseconds since the bigtime epoch (1901-12-13, i.e. unix time -2^31).
 */
public final class DiskTimestamp {
    /** XFS_BIGTIME_EPOCH_OFFSET: seconds between the bigtime epoch and the unix epoch. */
    public static final long BIGTIME_EPOCH_OFFSET = 1L << 31;
    static final long NSEC_PER_SEC = 1_000_000_000L;

    private DiskTimestamp() {
    }

    /** The raw big-endian u64 of a timestamp field. */
    public static long encode(boolean bigtime, long sec, long nsec) {
        if (bigtime) {
            return (sec + BIGTIME_EPOCH_OFFSET) * NSEC_PER_SEC + nsec;
        }
        return ((sec & 0xffffffffL) << 32) | (nsec & 0xffffffffL);
    }

    /** Seconds since the unix epoch of a raw timestamp field. */
    public static long seconds(boolean bigtime, long raw) {
        if (bigtime) {
            return Long.divideUnsigned(raw, NSEC_PER_SEC) - BIGTIME_EPOCH_OFFSET;
        }
        return (int) (raw >>> 32);
    }

    /** Nanoseconds part of a raw timestamp field. */
    public static long nanos(boolean bigtime, long raw) {
        return bigtime ? Long.remainderUnsigned(raw, NSEC_PER_SEC) : raw & 0xffffffffL;
    }
}
