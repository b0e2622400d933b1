// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

/** struct xfs_alloc_rec_incore: one free extent of an AG, {@code blockcount} blocks from {@code startblock}. */
public record AllocRec(long startblock, long blockcount) {
}
