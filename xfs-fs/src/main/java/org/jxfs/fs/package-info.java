// SPDX-License-Identifier: GPL-2.0-only
/** The filesystem as a user sees it (xfs_file.c, xfs_iops.c, xfs_dir2*): not built yet. */
package org.jxfs.fs;
