// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import java.util.function.LongConsumer;
import org.jxfs.core.format.LogOpHeader;

/**
 * struct xfs_log_vec: one log item as a committing transaction formats it (iop_format) for the CIL. {@code regions}
 * are what the checkpoint writes, the first the item's format struct; {@code spaceBytes} is what {@link CilSpace}
 * charges for this transaction's own change of the item; {@code lsnTarget}, when not null, receives the LSN of the
 * checkpoint that writes the item (its li_lsn, which the item's next in-place write carries). When {@code pooled},
 * the regions after the first came from {@link LogRegionPool#take} and go back to it once the CIL is done with them.
 */
public record LogVector(byte[][] regions, int spaceBytes, LongConsumer lsnTarget, boolean pooled) {
    /** Bytes a region takes in the log beyond its data: its op header (sizeof(struct xlog_op_header)). */
    static final int REGION_OVERHEAD = LogOpHeader.SIZE;

    /** A vector whose space charge is its own formatted size. */
    public static LogVector of(byte[][] regions, LongConsumer lsnTarget) {
        return new LogVector(regions, formattedSize(regions), lsnTarget, false);
    }

    /** A buffer item's vector whose chunk regions came from {@link LogRegionPool#take}. */
    public static LogVector pooled(byte[][] regions, int spaceBytes, LongConsumer lsnTarget) {
        return new LogVector(regions, spaceBytes, lsnTarget, true);
    }

    /** The log space {@code regions} take: each region rounded up to 4 bytes, plus its op header. */
    public static int formattedSize(byte[][] regions) {
        int size = 0;
        for (byte[] region : regions) {
            size += regionSize(region.length);
        }
        return size;
    }

    /** The log space one region of {@code bytes} takes: rounded up to 4 bytes, plus its op header. */
    public static int regionSize(int bytes) {
        return ((bytes + 3) & ~3) + REGION_OVERHEAD;
    }
}
