// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.trans.Trans;

/**
 * tp->t_busy: the busy extents one transaction created. When the transaction commits they move to the log's
 * current checkpoint (xlog_cil_insert_items splices t_busy into the CIL context), and stay busy until that
 * checkpoint is on disk; a cancelled transaction clears them at once (xfs_trans_free -> xfs_extent_busy_clear).
 */
final class TransBusy implements Trans.TransItem {
    private final ExtentBusy busy;
    private final Trans tp;
    final List<BusyExtent> extents = new ArrayList<>();

    private TransBusy(ExtentBusy busy, Trans tp) {
        this.busy = busy;
        this.tp = tp;
    }

    /** The transaction's busy list, or null when it has freed nothing yet. */
    static TransBusy find(Trans tp) {
        for (Trans.TransItem it : tp.items()) {
            if (it instanceof TransBusy b) {
                return b;
            }
        }
        return null;
    }

    static TransBusy of(ExtentBusy busy, Trans tp) {
        TransBusy b = find(tp);
        if (b == null) {
            b = new TransBusy(busy, tp);
            tp.logItem(b);
        }
        return b;
    }

    /** Nothing to write: busy extents live only in memory. */
    @Override
    public void writeBack(Trans t) {
    }

    @Override
    public void release() {
        if (tp.isCommitted()) {
            busy.committed(extents);
        } else {
            busy.clear(extents);
        }
        extents.clear();
    }
}
