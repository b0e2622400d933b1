// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.XfsException;
import org.jxfs.core.alloc.Alloc;
import org.jxfs.core.trans.Trans;

/**
 * The extent-free intents of one transaction (xfs_free_extent_later + the XFS_DEFER_OPS_TYPE_FREE work item): blocks
 * bunmapi and the bmbt give up are freed when the transaction commits, as xfs_trans_commit finishes deferred work
 * first. Until then they stay allocated, which is what keeps them from being handed out again while the
 * transaction that freed them still references them (the kernel's busy extents do the rest).
 */
final class DeferredFrees implements Trans.TransItem {
    private final List<long[]> extents = new ArrayList<>();

    private DeferredFrees() {
    }

    /** Ports __xfs_free_extent_later: queues {@code len} blocks at {@code fsbno} to be freed at commit. */
    static void add(Trans tp, long fsbno, long len) {
        assert len > 0;
        DeferredFrees df = null;
        for (Trans.TransItem it : tp.items()) {
            if (it instanceof DeferredFrees d) {
                df = d;
                break;
            }
        }
        if (df == null) {
            df = new DeferredFrees();
            tp.logItem(df);
        }
        df.extents.add(new long[] {fsbno, len});
    }

    /** Ports xfs_extent_free_finish_item for every queued extent. */
    @Override
    public void writeBack(Trans tp) throws XfsException {
        for (long[] e : extents) {
            Alloc.freeExtent(tp, e[0], e[1]);
        }
        extents.clear();
    }
}
