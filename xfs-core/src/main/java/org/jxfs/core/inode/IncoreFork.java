// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.inode;

/**
 * An in-core inode fork kept by a higher layer (the bmap layer's xfs_ifork) in {@link Inode#dataForkIncore}. Before
 * an inode is written, {@link InodeLog} calls {@link #flush} so the fork's current state is encoded into the raw
 * literal-area bytes ({@link Inode#dataFork}), as xfs_iflush_fork does with xfs_iextents_copy / xfs_bmbt_to_bmdr.
 */
public interface IncoreFork {
    /** Encodes the in-core fork into {@code ip.dataFork}. */
    void flush(Inode ip);
}
