// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

import org.jxfs.core.InvalidArgumentException;

/**
 * Ports mkfs.xfs's allocation group sizing: calc_default_ag_geometry (libxfs/topology.c),
 * calculate_initial_ag_geometry, align_ag_geometry and validate_ag_geometry (mkfs/xfs_mkfs.c). jxfs formats no
 * stripe geometry, so the stripe-unit alignment of align_ag_geometry never applies; its last-AG trimming does.
 */
public final class AgGeometryCalc {
    /** XFS_DFL_BLOCKSIZE_LOG: 4096-byte blocks. */
    public static final int XFS_DFL_BLOCKSIZE_LOG = 12;
    /** XFS_AG_MIN_BYTES (xfs_multidisk.h): BBSIZE << 15, 16 MiB. */
    public static final long XFS_AG_MIN_BYTES = 512L << 15;
    /** XFS_AG_MAX_BYTES (xfs_multidisk.h): BBSIZE << 31, 1 TiB. */
    public static final long XFS_AG_MAX_BYTES = 512L << 31;
    /** XFS_MAX_AGNUMBER: NULLAGNUMBER - 1. */
    public static final long XFS_MAX_AGNUMBER = 0xfffffffeL;
    /** XFS_MULTIDISK_AGLOG: 32 AGs for a striped device. */
    public static final int XFS_MULTIDISK_AGLOG = 5;
    /** XFS_NOMULTIDISK_AGLOG: 4 AGs for a single disk. */
    public static final int XFS_NOMULTIDISK_AGLOG = 2;

    /** The data section's AG layout. */
    public record AgLayout(long dblocks, long agsize, long agcount) {
    }

    private AgGeometryCalc() {
    }

    /** XFS_AG_MIN_BLOCKS(blog). */
    public static long xfsAgMinBlocks(int blocklog) {
        return XFS_AG_MIN_BYTES >>> blocklog;
    }

    /** XFS_AG_MAX_BLOCKS(blog): one block short of 1 TiB so agblocks fits in 32 bits at 512-byte blocks. */
    public static long xfsAgMaxBlocks(int blocklog) {
        return (XFS_AG_MAX_BYTES - 1) >>> blocklog;
    }

    static long terabytes(long count, int blog) {
        return count << (40 - blog);
    }

    static long gigabytes(long count, int blog) {
        return count << (30 - blog);
    }

    static long megabytes(long count, int blog) {
        return count << (20 - blog);
    }

    /**
     * Ports calc_default_ag_geometry. Single disks get 4 AGs from 128 MiB to 4 TiB and the largest AGs above;
     * striped ("multidisk") devices and small filesystems scale the count with size, so that parallelism grows with
     * capacity without making AGs smaller than 16 MiB. The AG size rounds up so the last AG is not lost.
     */
    public static AgLayout calcDefaultAgGeometry(int blocklog, long dblocks, boolean multidisk) {
        long blocks;
        int shift;
        if (dblocks >= terabytes(32, blocklog)) {
            blocks = xfsAgMaxBlocks(blocklog);
            return done(dblocks, blocks);
        }
        if (!multidisk) {
            if (dblocks >= terabytes(4, blocklog)) {
                return done(dblocks, xfsAgMaxBlocks(blocklog));
            } else if (dblocks >= megabytes(128, blocklog)) {
                return calcBlocks(blocklog, dblocks, XFS_NOMULTIDISK_AGLOG);
            }
        }
        shift = XFS_MULTIDISK_AGLOG;
        if (dblocks <= gigabytes(512, blocklog)) {
            shift--;
        }
        if (dblocks <= gigabytes(8, blocklog)) {
            shift--;
        }
        if (dblocks < megabytes(128, blocklog)) {
            shift--;
        }
        if (dblocks < megabytes(64, blocklog)) {
            shift--;
        }
        if (dblocks < megabytes(32, blocklog)) {
            shift--;
        }
        return calcBlocks(blocklog, dblocks, shift);
    }

    private static AgLayout calcBlocks(int blocklog, long dblocks, int shift) {
        assert shift >= 0 && shift <= XFS_MULTIDISK_AGLOG;
        long blocks = dblocks >>> shift;
        if ((dblocks & ((1L << shift) - 1)) != 0 && blocks < xfsAgMaxBlocks(blocklog)) {
            blocks++;
        }
        return done(dblocks, blocks);
    }

    private static AgLayout done(long dblocks, long blocks) {
        return new AgLayout(dblocks, blocks, dblocks / blocks + (dblocks % blocks != 0 ? 1 : 0));
    }

    /**
     * Ports calculate_initial_ag_geometry: a user AG size (bytes, a multiple of the block size) or count wins over
     * the default rule; either way the AG count or size is rounded up so that no block is lost.
     */
    public static AgLayout calculateInitialAgGeometry(int blocksize, int blocklog, long dblocks, Long agsizeBytes,
            Integer agcount) throws InvalidArgumentException {
        if (agsizeBytes != null) {
            if (agsizeBytes % blocksize != 0) {
                throw new InvalidArgumentException("agsize (" + agsizeBytes + ") not a multiple of fs blk size ("
                        + blocksize + ")");
            }
            long agsize = agsizeBytes / blocksize;
            return new AgLayout(dblocks, agsize, dblocks / agsize + (dblocks % agsize != 0 ? 1 : 0));
        } else if (agcount != null) {
            long agsize = dblocks / agcount + (dblocks % agcount != 0 ? 1 : 0);
            return new AgLayout(dblocks, agsize, agcount);
        }
        return calcDefaultAgGeometry(blocklog, dblocks, false);
    }

    /**
     * Ports align_ag_geometry without stripe units: if the last AG would be smaller than the minimum AG, mkfs
     * drops it and shrinks the filesystem rather than fail, then validates the result.
     */
    public static AgLayout alignAgGeometry(int blocklog, AgLayout in) throws InvalidArgumentException {
        long dblocks = in.dblocks();
        long agcount = in.agcount();
        long agsize = in.agsize();
        if (dblocks % agsize != 0 && dblocks % agsize < xfsAgMinBlocks(blocklog)) {
            dblocks = (agcount - 1) * agsize;
            agcount--;
            assert agcount != 0;
        }
        validateAgGeometry(blocklog, dblocks, agsize, agcount);
        return new AgLayout(dblocks, agsize, agcount);
    }

    /** Ports validate_ag_geometry: AG size within [16 MiB, 1 TiB) and the data area, a sane AG count. */
    public static void validateAgGeometry(int blocklog, long dblocks, long agsize, long agcount)
            throws InvalidArgumentException {
        long min = xfsAgMinBlocks(blocklog);
        long max = xfsAgMaxBlocks(blocklog);
        if (agsize < min) {
            throw new InvalidArgumentException("agsize (" + agsize + " blocks) too small, need at least " + min
                    + " blocks");
        }
        if (agsize > max) {
            throw new InvalidArgumentException("agsize (" + agsize + " blocks) too big, maximum is " + max
                    + " blocks");
        }
        if (agsize > dblocks) {
            throw new InvalidArgumentException("agsize (" + agsize + " blocks) too big, data area is " + dblocks
                    + " blocks");
        }
        if (dblocks % agsize != 0 && dblocks % agsize < min) {
            throw new InvalidArgumentException("last AG size " + dblocks % agsize
                    + " blocks too small, minimum size is " + min + " blocks");
        }
        if (agcount > XFS_MAX_AGNUMBER + 1) {
            throw new InvalidArgumentException(agcount + " allocation groups is too many, maximum is "
                    + (XFS_MAX_AGNUMBER + 1));
        }
    }
}
