// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

import org.jxfs.core.InvalidArgumentException;

/**
 * Ports mkfs.xfs's internal log sizing and placement: calculate_log_size, validate_log_size and
 * adjust_ag0_internal_logblocks. There is no log stripe unit in jxfs, so align_internal_log never applies.
 */
public final class LogSizeCalc {
    /** XFS_MIN_LOG_BLOCKS (xfs_fs.h). */
    public static final long XFS_MIN_LOG_BLOCKS = 512;
    /** XFS_MAX_LOG_BLOCKS (xfs_fs.h). */
    public static final long XFS_MAX_LOG_BLOCKS = 1024L * 1024;
    /** XFS_MIN_LOG_BYTES (xfs_fs.h): 10 MiB. */
    public static final long XFS_MIN_LOG_BYTES = 10L * 1024 * 1024;
    /** XFS_MAX_LOG_BYTES (xfs_fs.h): just under 2 GiB. */
    public static final long XFS_MAX_LOG_BYTES = 2L * 1024 * 1024 * 1024 - XFS_MIN_LOG_BYTES;
    /** mkfs's "use a 2048:1 fs:log ratio". */
    static final long FS_TO_LOG_RATIO = 2048;
    /** The size from which mkfs also enforces XFS_MIN_LOG_BYTES for a default log: 1 GiB. */
    static final long MIN_LOG_BYTES_THRESHOLD = 1024L * 1024 * 1024;
    /** Below this size (MiB) mkfs uses the absolute minimum log. */
    static final long TINY_FS_MEGABYTES = 300;
    /** XFS_MIN_REALISTIC_LOG_BLOCKS(blog) = MEGABYTES(64, blog). */
    static final long MIN_REALISTIC_LOG_MEGABYTES = 64;
    /** XFS_INODES_PER_CHUNK. */
    static final int XFS_INODES_PER_CHUNK = 64;
    /** Inode chunks of space mkfs keeps free beside a log in AG 0. */
    static final int AG0_LOG_BACKOFF_CHUNKS = 4;

    /** Where the log goes and how long it is. */
    public record LogPlacement(long logblocks, int logagno, long logagbno, long minLogblocks) {
    }

    private LogSizeCalc() {
    }

    /**
     * Ports calculate_log_size for an internal log. The default is 1/2048 of the filesystem, at least 64 MiB,
     * except that filesystems under 300 MiB get the kernel's minimum; always at least the kernel's minimum
     * (computed from the transaction reservations, so the kernel will mount it), at most what fits in an AG with
     * one block to spare. The log goes in the middle AG, right after the AG headers and btree roots.
     *
     * @param kernelMinLogblocks libxfs_log_calc_minimum_size for this geometry
     * @param preallocBlocks     xfs_prealloc_blocks: the first block after the AG's headers and btree roots
     * @param agMaxUsable        xfs_alloc_ag_max_usable
     * @param userLogblocks      -l size in blocks, or 0
     */
    public static LogPlacement calculateLogSize(long dblocks, int blocklog, long agblocks, long agcount,
            int inodesize, long kernelMinLogblocks, long preallocBlocks, long agMaxUsable, long userLogblocks)
            throws InvalidArgumentException {
        long minLogblocks = Math.max(XFS_MIN_LOG_BLOCKS, kernelMinLogblocks);
        if (userLogblocks == 0 && dblocks >= MIN_LOG_BYTES_THRESHOLD >>> blocklog) {
            minLogblocks = Math.max(minLogblocks, XFS_MIN_LOG_BYTES >>> blocklog);
        }
        long maxLogblocks = agMaxUsable - 1;
        if (maxLogblocks < minLogblocks) {
            throw new InvalidArgumentException("max log size " + maxLogblocks + " smaller than min log size "
                    + minLogblocks + ", filesystem is too small");
        }
        long logblocks = userLogblocks;
        if (logblocks == 0) {
            logblocks = (dblocks << blocklog) / FS_TO_LOG_RATIO;
            logblocks = logblocks >>> blocklog;
            logblocks = Math.max(logblocks, AgGeometryCalc.megabytes(MIN_REALISTIC_LOG_MEGABYTES, blocklog));
            if (dblocks < AgGeometryCalc.megabytes(TINY_FS_MEGABYTES, blocklog)) {
                logblocks = minLogblocks;
            }
            logblocks = Math.max(minLogblocks, logblocks);
            logblocks = Math.min(logblocks, maxLogblocks);
            logblocks = Math.min(logblocks, XFS_MAX_LOG_BLOCKS);
            if ((logblocks << blocklog) > XFS_MAX_LOG_BYTES) {
                logblocks = XFS_MAX_LOG_BYTES >>> blocklog;
            }
            validateLogSize(logblocks, blocklog, minLogblocks);
        } else if (logblocks > maxLogblocks) {
            throw new InvalidArgumentException("internal log size " + logblocks + " too large, must be less than "
                    + maxLogblocks);
        }
        if (logblocks > agblocks - preallocBlocks) {
            throw new InvalidArgumentException("internal log size " + logblocks
                    + " too large, must fit in allocation group");
        }
        int logagno = (int) (agcount / 2);
        if (logagno == 0) {
            logblocks = adjustAg0InternalLogblocks(logblocks, blocklog, inodesize, maxLogblocks,
                    userLogblocks != 0);
        }
        validateLogSize(logblocks, blocklog, minLogblocks);
        return new LogPlacement(logblocks, logagno, preallocBlocks, minLogblocks);
    }

    /**
     * Ports adjust_ag0_internal_logblocks: a log in AG 0 must leave room for the root directory's inode chunk and
     * the AGFL fix-up that allocating it may need, or mkfs trips over its own verifiers.
     */
    static long adjustAg0InternalLogblocks(long logblocks, int blocklog, int inodesize, long maxLogblocks,
            boolean userSize) throws InvalidArgumentException {
        long ichunkBlocks = ((long) XFS_INODES_PER_CHUNK * inodesize) >>> blocklog;
        long backoff = ichunkBlocks * AG0_LOG_BACKOFF_CHUNKS;   // max(backoff, dsunit * 2) with dsunit 0
        maxLogblocks -= backoff;
        if (userSize && logblocks > maxLogblocks) {
            throw new InvalidArgumentException("internal log size " + logblocks + " too large, must be less than "
                    + maxLogblocks);
        }
        return Math.min(logblocks, maxLogblocks);
    }

    /** Ports validate_log_size. */
    static void validateLogSize(long logblocks, int blocklog, long minLogblocks) throws InvalidArgumentException {
        if (logblocks < minLogblocks) {
            throw new InvalidArgumentException("log size " + logblocks + " blocks too small, minimum size is "
                    + minLogblocks + " blocks");
        }
        if (logblocks > XFS_MAX_LOG_BLOCKS) {
            throw new InvalidArgumentException("log size " + logblocks + " blocks too large, maximum size is "
                    + XFS_MAX_LOG_BLOCKS + " blocks");
        }
        if ((logblocks << blocklog) > XFS_MAX_LOG_BYTES) {
            throw new InvalidArgumentException("log size " + (logblocks << blocklog)
                    + " bytes too large, maximum size is " + XFS_MAX_LOG_BYTES + " bytes");
        }
    }
}
