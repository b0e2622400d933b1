// SPDX-License-Identifier: GPL-2.0-only
/** The bmap layer (xfs_bmap.c, xfs_bmap_btree.c, xfs_iext_tree.c): not built yet; see the bmap issue. */
package org.jxfs.bmap;
