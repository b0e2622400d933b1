// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.XfsException;

/**
 * xfs_bmapi_write(XFS_BMAPI_ZERO) could not zero the extent it allocated or was converting (xfs_zero_extent
 * failed). The kernel returns the error with the transaction dirty, and the caller's xfs_trans_cancel shuts the
 * filesystem down: the log never saw the allocation, so recovery leaves the disk as it was. jxfs has no log yet, so
 * bmapi undoes its own step instead: a fresh allocation is given back in the same transaction, a conversion is not
 * made (zeroing comes before it). The transaction is then consistent and changes nothing the caller can see: the
 * caller commits it (releasing what it holds) and reports the error; nothing is allocated or converted.
 */
public final class ExtentZeroException extends XfsException {
    private final long startblock;
    private final long blockcount;
    private final long startoff;

    ExtentZeroException(XfsException cause, long startoff, long startblock, long blockcount) {
        super(cause.errno(), "zeroing " + blockcount + " blocks at fsbno " + startblock + " (file block " + startoff
                + ") failed: " + cause.getMessage(), cause);
        this.startoff = startoff;
        this.startblock = startblock;
        this.blockcount = blockcount;
    }

    /** The first block of the extent that was being zeroed. */
    public long startblock() {
        return startblock;
    }

    /** Its length in blocks. */
    public long blockcount() {
        return blockcount;
    }

    /** The file block it maps. */
    public long startoff() {
        return startoff;
    }
}
