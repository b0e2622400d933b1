// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

/**
 * xfs_exntst_t: the state of an extent. On disk only bit 127 of a record carries it (set = unwritten); the kernel's
 * other historical values (DMAPI offline, invalid) never reach a v5 filesystem.
 */
public enum ExtState {
    /** XFS_EXT_NORM: written data. */
    NORM,
    /** XFS_EXT_UNWRITTEN: allocated, reads as zeroes until converted. */
    UNWRITTEN
}
