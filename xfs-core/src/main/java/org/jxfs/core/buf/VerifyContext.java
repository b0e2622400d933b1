// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.buf;

import org.jxfs.core.format.Geometry;

/** What verifiers need from the mount (bp->b_mount): the metadata UUID and the geometry (null while probing). */
public interface VerifyContext {
    byte[] metaUuid();

    Geometry geometry();

    /**
     * The LSN no metadata block read may be ahead of: the log's head (the kernel's l_last_sync_lsn, which
     * xfs_log_check_lsn compares with), or -1 when there is no log to compare with (probing, the checker).
     */
    default long lsnBound() {
        return -1;
    }

    /** Whether directory entries carry a file type byte (the ftype feature), which sizes every data entry. */
    default boolean dirFtype() {
        return true;
    }
}
