// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

/** xfs_lookup_t: which record {@link Btree#lookup} leaves the cursor on, relative to the cursor's search record. */
public enum Lookup {
    /** XFS_LOOKUP_EQ: the record with an equal key, else stat 0. */
    EQ,
    /** XFS_LOOKUP_LE: the last record whose key is less than or equal. */
    LE,
    /** XFS_LOOKUP_GE: the first record whose key is greater than or equal. */
    GE
}
