// SPDX-License-Identifier: GPL-2.0-only
/**
 * fs/dax.c and the buffer_head it speaks: the generic direct-access layer over emulated pmem. It knows no XFS: the
 * filesystem maps blocks through a {@link org.jxfs.dax.GetBlock} it passes in, as the kernel passes get_block_t.
 */
package org.jxfs.dax;
