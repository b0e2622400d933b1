// SPDX-License-Identifier: GPL-2.0-only
/**
 * The filesystem as a user sees it: {@link org.jxfs.fs.Xfs} opens an image and resolves paths; files
 * ({@code XfsFile}: reads, writes, fallocate, truncate, mmap) follow xfs_file.c and xfs_iops.c; the namespace
 * ({@code Namespace}: create, mkdir, link, unlink, rmdir, rename) follows xfs_inode.c; directories in every format
 * the kernel writes (short form, block, leaf, node) follow libxfs's xfs_dir2_*.c and xfs_da_btree.c.
 */
package org.jxfs.fs;
