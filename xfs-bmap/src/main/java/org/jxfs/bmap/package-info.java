// SPDX-License-Identifier: GPL-2.0-only
/**
 * The bmap layer (xfs_bmap.c, xfs_bmap_btree.c, xfs_iext_tree.c, xfs_inode_fork.c, xfs_bmap_util.c): the mapping
 * record {@link org.jxfs.bmap.BmbtIrec}, its packed on-disk form {@link org.jxfs.bmap.BmbtRec} with extent
 * validation, the in-core extent tree {@link org.jxfs.bmap.IextTree}; the bmbt adapter for the generic btree engine
 * ({@link org.jxfs.bmap.BmbtOps}), the root's on-disk form in the inode ({@link org.jxfs.bmap.BmdrRoot}) and the
 * in-core root ({@link org.jxfs.bmap.IforkBroot}); the data fork ({@link org.jxfs.bmap.Ifork}), mapping and
 * unmapping ({@link org.jxfs.bmap.Bmapi}, {@link org.jxfs.bmap.Bunmapi}) and file space ({@link
 * org.jxfs.bmap.BmapUtil}).
 */
package org.jxfs.bmap;
