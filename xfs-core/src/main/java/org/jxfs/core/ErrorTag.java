// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core;

/**
 * Fault-injection points, like the kernel's XFS_ERRTAG_* used with XFS_TEST_ERROR: tests arm a tag on a mount's
 * {@link ErrorInjection} and the code at that point fails as if the device or the allocator had.
 */
public enum ErrorTag {
    /** A metadata buffer read fails with EIO (xfs_buf_ioerror on read). */
    BUF_READ_IO,
    /** A metadata buffer write fails with EIO (XFS_ERRTAG_IODONE_IOERR). */
    BUF_WRITE_IO,
    /** An extent allocation fails with ENOSPC (XFS_ERRTAG_AG_RESV_CRITICAL / bmap alloc). */
    ALLOC_EXTENT,
    /** Zeroing a range on the device fails with EIO (blkdev_issue_zeroout / dax_clear_blocks). */
    ZERO_RANGE,
    /** A file data write to the device fails with EIO. */
    DATA_WRITE_IO
}
