// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

/** XFS_DATA_FORK / XFS_ATTR_FORK / XFS_COW_FORK: which of an inode's extent maps a record belongs to. */
public enum WhichFork {
    /** XFS_DATA_FORK (0). */
    DATA,
    /** XFS_ATTR_FORK (1). */
    ATTR,
    /** XFS_COW_FORK (2): in-core only, never on disk. */
    COW
}
