// SPDX-License-Identifier: GPL-2.0-only
/** get_blocks and xfs_imap_to_sector (fs/xfs/xfs_aops.c): not built yet. */
package org.jxfs.aops;
