// SPDX-License-Identifier: GPL-2.0-only
/**
 * The bmap layer (xfs_bmap.c, xfs_bmap_btree.c, xfs_iext_tree.c, xfs_inode_fork.c): the mapping record {@link
 * org.jxfs.bmap.BmbtIrec}, its packed on-disk form {@link org.jxfs.bmap.BmbtRec} with extent validation, the
 * in-core extent tree {@link org.jxfs.bmap.IextTree} with its cursor, the bmbt adapter for the generic btree engine
 * ({@link org.jxfs.bmap.BmbtOps}), the root's on-disk form in the inode ({@link org.jxfs.bmap.BmdrRoot}) and the
 * in-core root with xfs_iroot_realloc ({@link org.jxfs.bmap.IforkBroot}).
 */
package org.jxfs.bmap;
