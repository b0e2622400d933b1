// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

/** XFS_BMAPI_* (xfs_bmap.h): the flags of {@link Bmapi#read}, {@link Bmapi#write} and {@link Bunmapi#unmap}. */
public final class BmapiFlags {
    /** XFS_BMAPI_ENTIRE: return whole extents, not trimmed to the range asked for. */
    public static final int ENTIRE = 1 << 0;
    /** XFS_BMAPI_METADATA: the mapping is for metadata (directory/attr blocks), not user data. */
    public static final int METADATA = 1 << 1;
    /** XFS_BMAPI_ATTRFORK: the attr fork (unsupported here: only the data fork has an in-core fork). */
    public static final int ATTRFORK = 1 << 2;
    /** XFS_BMAPI_PREALLOC: allocate unwritten extents; with CONVERT, turn written extents unwritten. */
    public static final int PREALLOC = 1 << 3;
    /** XFS_BMAPI_CONTIG: allocate the whole length in one extent or nothing. */
    public static final int CONTIG = 1 << 4;
    /** XFS_BMAPI_CONVERT: unwritten to written (or, with PREALLOC, written to unwritten). */
    public static final int CONVERT = 1 << 5;
    /** XFS_BMAPI_ZERO: zero what is allocated or converted before the transaction commits. */
    public static final int ZERO = 1 << 6;
    /** XFS_BMAPI_NODISCARD: do not discard freed blocks (no discard support yet: accepted and ignored). */
    public static final int NODISCARD = 1 << 9;

    private BmapiFlags() {
    }
}
