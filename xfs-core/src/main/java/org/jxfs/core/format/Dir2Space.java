// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

/**
 * The address spaces of a directory (xfs_dir2.h): data blocks below XFS_DIR2_LEAF_OFFSET, the leaf or da btree
 * blocks below XFS_DIR2_FREE_OFFSET, the free index above, each XFS_DIR2_SPACE_SIZE bytes of directory offsets.
 */
public final class Dir2Space {
    /** XFS_DIR2_SPACE_SIZE: each of the data, leaf and free spaces is 32 GiB of directory offsets. */
    public static final long SPACE_SIZE = 1L << 35;
    /** XFS_DIR2_MAX_SPACES: the data, leaf and free spaces. */
    public static final int MAX_SPACES = 3;
    /** XFS_DIR2_LEAF_OFFSET, XFS_DIR2_FREE_OFFSET (bytes). */
    public static final long LEAF_OFFSET = SPACE_SIZE, FREE_OFFSET = 2 * SPACE_SIZE;

    private Dir2Space() {
    }

    /** m_dir_geo->max_extents as xfs_da_mount sets it: the directory's whole address space in filesystem blocks. */
    public static long maxExtents(int blocklog) {
        return MAX_SPACES * SPACE_SIZE >>> blocklog;
    }
}
