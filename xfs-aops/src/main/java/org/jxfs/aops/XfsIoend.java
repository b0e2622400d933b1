// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.aops;

/**
 * The part of struct xfs_ioend a direct write or DAX fault carries from get_block to its completion (b_private):
 * the file range the mapping covers and whether it was unwritten (XFS_IO_UNWRITTEN) or plain (XFS_IO_OVERWRITE).
 */
public record XfsIoend(long offset, long size, boolean unwritten) {
}
