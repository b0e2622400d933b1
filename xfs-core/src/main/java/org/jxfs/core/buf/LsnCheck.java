// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.buf;

/**
 * Ports xfs_log_check_lsn: a metadata block whose LSN is ahead of the log's head was written by a log jxfs does not
 * have (or is damaged), and log recovery's LSN rule would skip replaying changes onto it, so the read verifiers of
 * every v5 header but the superblock's refuse it.
 */
final class LsnCheck {
    /** NULLCOMMITLSN: an LSN some headers start with (the AGFL's); never ahead. */
    static final long NULLCOMMITLSN = -1L;

    private LsnCheck() {
    }

    /** Whether {@code lsn} is ahead of {@code head}: a later cycle, or the same cycle and a later block. */
    static boolean ahead(long lsn, long head) {
        if (lsn == NULLCOMMITLSN) {
            return false;
        }
        long cycle = lsn >>> 32;
        long headCycle = head >>> 32;
        return cycle > headCycle || cycle == headCycle && (lsn & 0xffffffffL) > (head & 0xffffffffL);
    }

    /** CYCLE_LSN:BLOCK_LSN, as the kernel prints an LSN. */
    static String format(long lsn) {
        return "(" + (lsn >>> 32) + ":" + (int) lsn + ")";
    }
}
