// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import java.util.Objects;

/**
 * struct xfs_bmbt_irec (xfs_types.h): one mapping of a fork, {@code blockcount} blocks at file offset
 * {@code startoff} (file blocks) onto the packed fsblock {@code startblock}.
 *
 * <p>The record itself holds any values, because bmapi also returns mappings that are not extents: holes
 * ({@link #HOLESTARTBLOCK}), delayed allocations ({@link #DELAYSTARTBLOCK} in results, {@link #nullStartblock} in the
 * extent tree) and hole mappings longer than one extent. The field limits below are enforced where a record is
 * packed ({@link BmbtRec}) or stored in the in-core tree ({@link IextTree}).
 *
 * @param startoff   file offset in blocks (xfs_fileoff_t)
 * @param startblock packed fsblock (xfs_fsblock_t), or one of the special values
 * @param blockcount length in blocks (xfs_filblks_t)
 * @param state      written or unwritten
 */
public record BmbtIrec(long startoff, long startblock, long blockcount, ExtState state) {
    /** BMBT_STARTOFF_BITLEN. */
    public static final int STARTOFF_BITLEN = 54;
    /** BMBT_STARTBLOCK_BITLEN. */
    public static final int STARTBLOCK_BITLEN = 52;
    /** BMBT_BLOCKCOUNT_BITLEN. */
    public static final int BLOCKCOUNT_BITLEN = org.jxfs.core.format.Dinode.BMBT_BLOCKCOUNT_BITLEN;
    /** BMBT_EXNTFLAG_BITLEN. */
    public static final int EXNTFLAG_BITLEN = 1;

    /** BMBT_STARTOFF_MASK. */
    public static final long STARTOFF_MASK = (1L << STARTOFF_BITLEN) - 1;
    /** The largest startblock a record can hold (52 bits). */
    public static final long STARTBLOCK_MASK = (1L << STARTBLOCK_BITLEN) - 1;
    /** BMBT_BLOCKCOUNT_MASK. */
    public static final long BLOCKCOUNT_MASK = (1L << BLOCKCOUNT_BITLEN) - 1;
    /** XFS_MAX_BMBT_EXTLEN: the longest extent a record can describe, 2^21 - 1 blocks. */
    public static final long MAX_BMBT_EXTLEN = org.jxfs.core.format.Dinode.MAX_BMBT_EXTLEN;
    /**
     * XFS_MAX_FILEOFF: the largest file offset (in blocks) the kernel ever expects; a record may start at
     * STARTOFF_MASK and run on for a full extent, hence the sum.
     */
    public static final long MAX_FILEOFF = STARTOFF_MASK + BLOCKCOUNT_MASK;

    /** DELAYSTARTBLOCK: bmapi's result for a delayed-allocation mapping ((xfs_fsblock_t)-1). */
    public static final long DELAYSTARTBLOCK = -1L;
    /** HOLESTARTBLOCK: bmapi's result for a hole ((xfs_fsblock_t)-2). */
    public static final long HOLESTARTBLOCK = -2L;

    /** STARTBLOCKVALBITS: the low bits of a delalloc startblock hold the indirect-block reservation. */
    public static final int STARTBLOCKVALBITS = 17;
    /** STARTBLOCKMASKBITS: the 35 bits above them are all ones in a delalloc startblock. */
    public static final int STARTBLOCKMASKBITS = 15 + 20;
    /** STARTBLOCKMASK: bits 17..51, set in every delalloc startblock stored in the extent tree. */
    public static final long STARTBLOCKMASK = ((1L << STARTBLOCKMASKBITS) - 1) << STARTBLOCKVALBITS;

    public BmbtIrec {
        Objects.requireNonNull(state, "state");
    }

    /** A written extent. */
    public static BmbtIrec of(long startoff, long startblock, long blockcount) {
        return new BmbtIrec(startoff, startblock, blockcount, ExtState.NORM);
    }

    /** A hole mapping of {@code blockcount} blocks at {@code startoff}, as bmapi_read reports it. */
    public static BmbtIrec hole(long startoff, long blockcount) {
        return new BmbtIrec(startoff, HOLESTARTBLOCK, blockcount, ExtState.NORM);
    }

    /** isnullstartblock: true for a delalloc startblock (the in-tree encoding or DELAYSTARTBLOCK itself). */
    public static boolean isNullStartblock(long startblock) {
        return (startblock & STARTBLOCKMASK) == STARTBLOCKMASK;
    }

    /** nullstartblock: the delalloc startblock reserving {@code indlen} indirect blocks, as stored in the tree. */
    public static long nullStartblock(int indlen) {
        assert indlen >= 0 && indlen < (1 << STARTBLOCKVALBITS) : indlen;
        return STARTBLOCKMASK | indlen;
    }

    /** startblockval: the indirect-block reservation held in a delalloc startblock. */
    public static long startblockVal(long startblock) {
        return startblock & ~STARTBLOCKMASK;
    }

    /** The first file block after this mapping. */
    public long endoff() {
        return startoff + blockcount;
    }

    public boolean isUnwritten() {
        return state == ExtState.UNWRITTEN;
    }

    /** startblock == HOLESTARTBLOCK. */
    public boolean isHole() {
        return startblock == HOLESTARTBLOCK;
    }

    /**
     * isnullstartblock(br_startblock): a delayed allocation, with no blocks on disk yet. HOLESTARTBLOCK also matches
     * the kernel's mask test, so a hole is excluded first, as the kernel's callers do.
     */
    public boolean isDelay() {
        return !isHole() && isNullStartblock(startblock);
    }

    /** xfs_bmap_is_real_extent: blocks on disk (neither a hole nor delalloc), written or not. */
    public boolean isRealExtent() {
        return !isHole() && !isDelay();
    }

    /** xfs_bmap_is_written_extent: blocks on disk holding data. */
    public boolean isWrittenExtent() {
        return isRealExtent() && state == ExtState.NORM;
    }

    /** True if file block {@code offsetFsb} lies inside this mapping. */
    public boolean contains(long offsetFsb) {
        return offsetFsb >= startoff && offsetFsb - startoff < blockcount;
    }

    public BmbtIrec withState(ExtState newState) {
        return new BmbtIrec(startoff, startblock, blockcount, newState);
    }
}
