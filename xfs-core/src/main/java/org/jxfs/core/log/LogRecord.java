// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

/**
 * One log record read back: where it is, its header's LSN, tail LSN and op count, and its data with every sector's
 * first word restored from the cycle data (unpacked, as xlog_unpack_data leaves it).
 *
 * @param blk      log-relative sector of the record header
 * @param lsn      h_lsn
 * @param tailLsn  h_tail_lsn
 * @param numOps   h_num_logops
 * @param data     h_len bytes of unpacked data
 * @param sectors  sectors the record takes (headers and data)
 */
public record LogRecord(long blk, long lsn, long tailLsn, int numOps, byte[] data, int sectors) {
    public long cycle() {
        return lsn >>> 32;
    }
}
