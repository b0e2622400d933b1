// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import org.jxfs.core.XfsException;

/**
 * get_block_t (include/linux/fs.h): how the generic DAX code asks the filesystem to map, and with {@code create}
 * allocate, the blocks of one file from block {@code iblock} (in the file's block size). The filesystem fills
 * {@code bh} (see {@link BufferHead}). Bound to one open file, as the kernel passes the inode alongside.
 */
@FunctionalInterface
public interface GetBlock {
    void getBlock(long iblock, BufferHead bh, boolean create) throws XfsException;
}
