// SPDX-License-Identifier: GPL-2.0-only
/** xfs_iomap_write_direct (fs/xfs/xfs_iomap.c): not built yet. */
package org.jxfs.iomap;
