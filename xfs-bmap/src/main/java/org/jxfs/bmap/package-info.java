// SPDX-License-Identifier: GPL-2.0-only
/**
 * The bmap layer (xfs_bmap.c, xfs_bmap_btree.c, xfs_iext_tree.c, xfs_inode_fork.c, xfs_bmap_util.c): the mapping
 * record {@link org.jxfs.bmap.BmbtIrec} and its packed on-disk form {@link org.jxfs.bmap.BmbtRec}; the in-core
 * extent tree {@link org.jxfs.bmap.IextTree}; the data fork {@link org.jxfs.bmap.Ifork} in EXTENTS and BTREE
 * format (the bmbt through {@link org.jxfs.bmap.BmbtOps}, its in-inode root {@link org.jxfs.bmap.BmdrRoot});
 * {@link org.jxfs.bmap.Bmapi} (xfs_bmapi_read / xfs_bmapi_write with PREALLOC, CONVERT and ZERO),
 * {@link org.jxfs.bmap.Bunmapi} and the file-space operations of {@link org.jxfs.bmap.BmapUtil}; delayed
 * allocation in {@link org.jxfs.bmap.BmapDelalloc} (reserve, punch, convert) with the delay-to-real cases of
 * xfs_bmap_add_extent_delay_real.
 */
package org.jxfs.bmap;
