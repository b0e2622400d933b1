// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.jxfs.core.InvalidArgumentException;

/**
 * Ports the geometry half of mkfs.xfs 6.1's main(): validate_blocksize, validate_sectorsize,
 * validate_sb_features, validate_dirblocksize, validate_inodesize, calc_dev_size, validate_datadev, the AG
 * geometry, calculate_imaxpct, start_superblock_setup, calculate_log_size and finish_superblock_setup, plus
 * libxfs_iallocCalcRootino. Pure: it reads no device and writes nothing, so the same inputs give the same plan
 * (except a random uuid) as mkfs.xfs for the same options.
 */
public final class MkfsGeometry {
    /** XFS_MIN_BLOCKSIZE / XFS_MAX_BLOCKSIZE / XFS_MIN_CRC_BLOCKSIZE. */
    public static final int XFS_MIN_BLOCKSIZE = 512, XFS_MAX_BLOCKSIZE = 65536, XFS_MIN_CRC_BLOCKSIZE = 1024;
    /** XFS_MIN_SECTORSIZE / XFS_MAX_SECTORSIZE. */
    public static final int XFS_MIN_SECTORSIZE = 512, XFS_MAX_SECTORSIZE = 32768;
    /** XFS_DINODE_DFL_CRC_LOG: 512-byte inodes on v5. */
    public static final int XFS_DINODE_DFL_CRC_LOG = 9;
    /** XFS_DINODE_MIN_SIZE / XFS_DINODE_MAX_SIZE. */
    public static final int XFS_DINODE_MIN_SIZE = 256, XFS_DINODE_MAX_SIZE = 2048;
    /** XFS_MIN_INODE_PERBLOCK. */
    public static final int XFS_MIN_INODE_PERBLOCK = 2;
    /** XFS_MIN_REC_DIRSIZE: 4096-byte directory blocks at least. */
    public static final int XFS_MIN_REC_DIRSIZE = 12;
    /** XFS_DFL_IMAXIMUM_PCT and the smaller shares for 1-50 TiB and larger filesystems. */
    public static final int XFS_DFL_IMAXIMUM_PCT = 25, IMAXPCT_1TB = 5, IMAXPCT_50TB = 1;
    /** sizeof(sb_fname). */
    public static final int XFS_LABEL_MAX = 12;
    /** The number of AG header sectors: SB, AGF, AGI, AGFL. */
    static final int AG_HEADER_SECTORS = 4;
    /** XFS_ALLOCBT_AGFL_RESERVE (xfs_alloc.c). */
    static final int XFS_ALLOCBT_AGFL_RESERVE = 4;
    /** Root blocks of the bnobt, cntbt and inobt every AG has. */
    static final int BASE_ROOT_BLOCKS = 3;
    static final int BBSHIFT = 9;
    /** XLOG_HEADER_SIZE: a log record header. */
    static final int XLOG_HEADER_SIZE = 512;
    /** XFS_MIN_RTEXTSIZE: the default realtime extent is at least 4 KiB. */
    static final int XFS_MIN_RTEXTSIZE = 4096;

    private MkfsGeometry() {
    }

    /**
     * Checks the feature combination as validate_sb_features does, with jxfs's own refusals: no V4, no rmapbt.
     */
    public static void validateFeatures(MkfsOptions o) throws InvalidArgumentException {
        if (!o.crc()) {
            throw new InvalidArgumentException("-m crc=0: V4 filesystems are not supported");
        }
        if (o.rmapbt()) {
            throw new InvalidArgumentException("-m rmapbt=1: not supported");
        }
        if (o.inodeSize() != null && o.inodeSize() < (1 << XFS_DINODE_DFL_CRC_LOG)) {
            throw new InvalidArgumentException("Minimum inode size for CRCs is " + (1 << XFS_DINODE_DFL_CRC_LOG)
                    + " bytes");
        }
        if (!o.ftype()) {
            throw new InvalidArgumentException("Directory ftype field always enabled on CRC enabled filesystems");
        }
        if (!o.finobt() && o.inobtcount()) {
            throw new InvalidArgumentException("inode btree counters not supported without finobt support");
        }
        if (o.label() != null && o.label().getBytes(StandardCharsets.UTF_8).length > XFS_LABEL_MAX) {
            throw new InvalidArgumentException("Invalid value " + o.label() + " for -L option");
        }
    }

    /**
     * Computes the plan for a device of {@code deviceBytes} bytes (an image file's length); a negative size means
     * the image does not exist yet and -d size decides.
     */
    public static MkfsPlan compute(MkfsOptions o, long deviceBytes) throws InvalidArgumentException {
        return compute(o, deviceBytes, "");
    }

    /** As {@link #compute(MkfsOptions, long)}, naming the device for the report. */
    public static MkfsPlan compute(MkfsOptions o, long deviceBytes, String name) throws InvalidArgumentException {
        // validate_blocksize
        int blocksize = o.blockSize() == null ? 1 << AgGeometryCalc.XFS_DFL_BLOCKSIZE_LOG : o.blockSize();
        if (blocksize < XFS_MIN_BLOCKSIZE || blocksize > XFS_MAX_BLOCKSIZE || Integer.bitCount(blocksize) != 1) {
            throw new InvalidArgumentException("illegal block size " + blocksize);
        }
        int blocklog = Integer.numberOfTrailingZeros(blocksize);
        if (o.crc() && blocksize < XFS_MIN_CRC_BLOCKSIZE) {
            throw new InvalidArgumentException("Minimum block size for CRC enabled filesystems is "
                    + XFS_MIN_CRC_BLOCKSIZE + " bytes.");
        }
        // validate_sectorsize
        int sectsize = o.sectorSize();
        if (sectsize < XFS_MIN_SECTORSIZE || sectsize > XFS_MAX_SECTORSIZE || Integer.bitCount(sectsize) != 1) {
            throw new InvalidArgumentException("illegal sector size " + sectsize);
        }
        if (blocksize < sectsize) {
            throw new InvalidArgumentException("block size " + blocksize + " cannot be smaller than sector size "
                    + sectsize);
        }
        int sectlog = Integer.numberOfTrailingZeros(sectsize);
        validateFeatures(o);
        // validate_dirblocksize: the default directory block is at least 4 KiB.
        int dirblocklog = blocksize < (1 << XFS_MIN_REC_DIRSIZE) ? XFS_MIN_REC_DIRSIZE : blocklog;
        // validate_inodesize
        int inodesize = o.inodeSize() == null ? 1 << XFS_DINODE_DFL_CRC_LOG : o.inodeSize();
        if (Integer.bitCount(inodesize) != 1) {
            throw new InvalidArgumentException("Invalid value " + inodesize + " for -i size option. "
                    + "Value must be a power of 2.");
        }
        int inodelog = Integer.numberOfTrailingZeros(inodesize);
        int inopblock = blocksize / inodesize;
        if (inodesize > blocksize / XFS_MIN_INODE_PERBLOCK || inopblock < XFS_MIN_INODE_PERBLOCK
                || inodesize < XFS_DINODE_MIN_SIZE || inodesize > XFS_DINODE_MAX_SIZE) {
            int maxsz = Math.min(blocksize / XFS_MIN_INODE_PERBLOCK, XFS_DINODE_MAX_SIZE);
            throw new InvalidArgumentException("illegal inode size " + inodesize + ", allowable inode size with "
                    + blocksize + " byte blocks is " + (maxsz == XFS_DINODE_MIN_SIZE ? String.valueOf(maxsz)
                    : "between " + XFS_DINODE_MIN_SIZE + " and " + maxsz));
        }
        int inopblog = blocklog - inodelog;
        // calc_dev_size
        long dblocks = calcDevSize(o.dataSize(), blocksize, blocklog, "data");
        long userLogblocks = calcDevSize(o.logSize(), blocksize, blocklog, "log");
        // validate_datadev
        if (deviceBytes < 0) {
            if (dblocks == 0) {
                throw new InvalidArgumentException("can't get size of data subvolume");
            }
        } else if (dblocks != 0) {
            long max = (deviceBytes >>> BBSHIFT) >>> (blocklog - BBSHIFT);
            if (dblocks > max) {
                throw new InvalidArgumentException("size " + o.dataSize()
                        + " specified for data subvolume is too large, maximum is " + max + " blocks");
            }
        } else {
            dblocks = (deviceBytes >>> BBSHIFT) >>> (blocklog - BBSHIFT);
        }
        if (dblocks < AgGeometryCalc.xfsAgMinBlocks(blocklog)) {
            throw new InvalidArgumentException("size " + dblocks + " of data subvolume is too small, minimum "
                    + AgGeometryCalc.xfsAgMinBlocks(blocklog) + " blocks");
        }
        AgGeometryCalc.AgLayout ag = AgGeometryCalc.calculateInitialAgGeometry(blocksize, blocklog, dblocks,
                o.agsize(), o.agcount());
        if (o.agsize() != null && o.agcount() != null && ag.agcount() != o.agcount()) {
            // mkfs.xfs refuses both options outright; the builder API accepts them when they agree.
            throw new InvalidArgumentException("Cannot specify both -d agcount and -d agsize: agsize "
                    + ag.agsize() + " blocks gives " + ag.agcount() + " allocation groups, not " + o.agcount());
        }
        ag = AgGeometryCalc.alignAgGeometry(blocklog, ag);
        dblocks = ag.dblocks();
        long agblocks = ag.agsize();
        int agcount = (int) ag.agcount();
        int agblklog = log2Roundup(agblocks);
        int imaxpct = calculateImaxpct(dblocks, blocklog);

        SbFeatureBits sbf = SbFeatureBits.of(blocklog, sectsize, inodesize, o.finobt(), o.sparse(), o.reflink(),
                o.bigtime(), o.inobtcount());
        // calc_stripe_factors: a log sector bigger than a log record header makes the log stripe unit one block.
        // align_internal_log to a one-block unit changes nothing, so it is not ported.
        int logsunit = sectsize > XLOG_HEADER_SIZE ? blocksize : 1;
        MountGeometry mp = MountGeometry.of(new MountGeometry.Sb(blocksize, blocklog, sectsize, inodesize,
                inopblog, inopblock, agblocks, agblklog, dirblocklog - blocklog, sbf.inoalignmt(), o.finobt(),
                o.reflink(), logsunit));

        // XFS_AGFL_BLOCK and the btree roots that follow it (xfs_format.h), xfs_refc_block, xfs_prealloc_blocks
        long agflBlock = ((3L * sectsize) >>> BBSHIFT) >>> (blocklog - BBSHIFT);
        long bnoRoot = agflBlock + 1;
        long cntRoot = bnoRoot + 1;
        long inoRoot = cntRoot + 1;
        long finoRoot = o.finobt() ? inoRoot + 1 : -1;
        long refcRoot = o.reflink() ? (o.finobt() ? finoRoot : inoRoot) + 1 : -1;
        long prealloc = Math.max(Math.max(inoRoot, finoRoot), refcRoot) + 1;
        long agMaxUsable = allocAgMaxUsable(agblocks, sectsize, blocklog, o.finobt(), o.reflink());
        int minFreelist = allocMinFreelist(mp.allocMaxlevels());

        long kernelMin = TransResvCalc.logCalcMinimumSize(mp);
        LogSizeCalc.LogPlacement log = LogSizeCalc.calculateLogSize(dblocks, blocklog, agblocks, agcount,
                inodesize, kernelMin, prealloc, agMaxUsable, userLogblocks);
        long logstart = ((long) log.logagno() << agblklog) | log.logagbno();

        long rootino = iallocCalcRootino(sectsize, blocksize, inopblog, agblklog, minFreelist, o.finobt(),
                o.reflink(), log.logagno() == 0 ? log.logblocks() : 0, sbf.inoalignmt());
        UUID uuid = o.uuid() != null ? o.uuid() : UUID.randomUUID();
        return new MkfsPlan(name, blocksize, blocklog, sectsize, sectlog, sbf.logsectsize(), sbf.logsectlog(),
                inodesize, inodelog, inopblock, inopblog, dblocks, agcount, agblocks, agblklog,
                dirblocklog - blocklog, log.logblocks(), log.logagno(), log.logagbno(), logstart,
                log.minLogblocks(), logsunit, sbf.inoalignmt(), sbf.spinoAlign(), imaxpct, rootino, rootino + 1,
                rootino + 2, sbf.versionnum(), sbf.features2(), sbf.featuresCompat(), sbf.featuresRoCompat(),
                sbf.featuresIncompat(), sbf.featuresLogIncompat(), uuid, o.label(), o.finobt(), o.sparse(),
                o.reflink(), false, o.bigtime(), o.inobtcount(), false, o.ftype(), bnoRoot, cntRoot, inoRoot,
                finoRoot, refcRoot, prealloc, minFreelist, prealloc + minFreelist, mp.allocMaxlevels(),
                validateRtextsize(blocksize, blocklog));
    }

    /**
     * Ports calc_dev_size: bytes to blocks. mkfs.xfs refuses a size that is not a multiple of 512 and truncates one
     * that is not a multiple of the block size with a warning; jxfs refuses both, so the image is exactly what was
     * asked for.
     */
    static long calcDevSize(Long bytes, int blocksize, int blocklog, String type) throws InvalidArgumentException {
        if (bytes == null) {
            return 0;
        }
        if (bytes % XFS_MIN_BLOCKSIZE != 0 || bytes % blocksize != 0) {
            throw new InvalidArgumentException("illegal " + type + " length " + bytes + ", not a multiple of "
                    + (bytes % XFS_MIN_BLOCKSIZE != 0 ? XFS_MIN_BLOCKSIZE : blocksize));
        }
        return bytes >>> blocklog;
    }

    /** Ports validate_rtextsize without a realtime device: sb_rextsize is 4 KiB worth of blocks, at least 1. */
    static int validateRtextsize(int blocksize, int blocklog) {
        return blocksize < XFS_MIN_RTEXTSIZE ? XFS_MIN_RTEXTSIZE >>> blocklog : 1;
    }

    /** Ports calculate_imaxpct: 25% of space for inodes under 1 TiB, 5% to 50 TiB, 1% above. */
    static int calculateImaxpct(long dblocks, int blocklog) {
        if (dblocks < AgGeometryCalc.terabytes(1, blocklog)) {
            return XFS_DFL_IMAXIMUM_PCT;
        } else if (dblocks < AgGeometryCalc.terabytes(50, blocklog)) {
            return IMAXPCT_1TB;
        }
        return IMAXPCT_50TB;
    }

    /**
     * Ports xfs_alloc_ag_max_usable: an AG minus its headers, the AGFL reserve and the btree roots; the largest
     * extent (such as the log) an AG can ever hold.
     */
    static long allocAgMaxUsable(long agblocks, int sectsize, int blocklog, boolean finobt, boolean reflink) {
        long hdrBb = ((long) AG_HEADER_SECTORS * sectsize) >>> BBSHIFT;
        long blocks = (hdrBb + (1L << (blocklog - BBSHIFT)) - 1) >>> (blocklog - BBSHIFT);
        blocks += XFS_ALLOCBT_AGFL_RESERVE;
        blocks += BASE_ROOT_BLOCKS;
        if (finobt) {
            blocks++;
        }
        if (reflink) {
            blocks++;
        }
        return agblocks - blocks;
    }

    /**
     * Ports xfs_alloc_min_freelist for an AG with one-level free space btrees (pag == NULL): room to split both
     * the bnobt and the cntbt once.
     */
    static int allocMinFreelist(int allocMaxlevels) {
        int level1 = 1;
        return Math.min(level1 + 1, allocMaxlevels) * 2;
    }

    /**
     * Ports xfs_iallocCalcRootino: mkfs allocates the root directory's chunk at the first aligned block after
     * the AG headers, btree roots, initial AGFL and (if it lives in AG 0) the log, so repair can predict it.
     */
    static long iallocCalcRootino(int sectsize, int blocksize, int inopblog, int agblklog, int minFreelist,
            boolean finobt, boolean reflink, long ag0Logblocks, int inoalignmt) {
        long firstBno = ((long) AG_HEADER_SECTORS * sectsize + blocksize - 1) / blocksize;
        firstBno += 2;
        firstBno += 1;
        firstBno += minFreelist;
        if (finobt) {
            firstBno++;
        }
        if (reflink) {
            firstBno++;
        }
        firstBno += ag0Logblocks;
        if (inoalignmt > 1) {
            firstBno = (firstBno + inoalignmt - 1) / inoalignmt * inoalignmt;
        }
        return firstBno << inopblog;    // XFS_AGINO_TO_INO(mp, 0, XFS_AGB_TO_AGINO(mp, first_bno))
    }

    /** log2_roundup: sb_agblklog. */
    static int log2Roundup(long v) {
        return v <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(v - 1);
    }
}
