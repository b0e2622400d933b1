// SPDX-License-Identifier: GPL-2.0-only
/**
 * The bmap layer (xfs_bmap.c, xfs_bmap_btree.c, xfs_iext_tree.c). So far: the mapping record {@link
 * org.jxfs.bmap.BmbtIrec}, its packed on-disk form {@link org.jxfs.bmap.BmbtRec} with extent validation, and the
 * in-core extent tree {@link org.jxfs.bmap.IextTree} with its cursor.
 */
package org.jxfs.bmap;
