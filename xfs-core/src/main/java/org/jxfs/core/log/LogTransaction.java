// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import java.util.ArrayList;
import java.util.List;

/**
 * struct xlog_recover: one transaction read back from the log: its tid, its LSN (that of the record holding its
 * START op) and its items, each the list of its regions (struct xlog_recover_item's ri_buf), the first region the
 * item's format struct.
 */
public final class LogTransaction {
    public final long tid;
    public final long lsn;
    /** The transaction header region (struct xfs_trans_header), once read. */
    byte[] header;
    public final List<List<byte[]>> items = new ArrayList<>();
    /** Regions the current (last) item expects, from its format struct (ilf_size / blf_size ...). */
    int expected;

    LogTransaction(long tid, long lsn) {
        this.tid = tid;
        this.lsn = lsn;
    }

    /** The item type (XFS_LI_*) of item {@code i}. */
    public int type(int i) {
        byte[] f = items.get(i).get(0);
        return (f[0] & 0xff) | (f[1] & 0xff) << 8;
    }
}
