// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.mount.MountSlot;
import org.jxfs.core.trans.Trans;

/**
 * Free-space btree cursors of one AG kept for reuse, as the kernel takes its cursors from a kmem cache
 * (xfs_allocbt_cur_cache) rather than building them: a near allocation makes three, and built afresh each time
 * they were about a third of what an allocation put on the heap. An AG's cache is used only under that AG's AGF
 * buffer lock, which a transaction takes before it makes a cursor on the AG's trees and keeps until commit, after
 * it has given them back: that lock is what makes the plain arrays here safe between threads.
 *
 * <p>Each AG's cache is padded (its counts by {@link Padded}, its cursors by {@link #PAD} empty slots either side of
 * them): the caches of the AGs sit side by side in memory and change with every allocation, so unpadded, threads
 * allocating in different AGs bounced their cache lines between them.
 */
class AllocCursorCache {
    private static final MountSlot<AllocCursorCache[]> SLOT = new MountSlot<>(AllocCursorCache::forMount);
    /** More than any one allocation or free has alive at once (the near search's three, a fix-up's pair). */
    private static final int KEEP = 4;
    /** Empty slots before and after the cursors: two cache lines of references. */
    private static final int PAD = 32;
    /** Where the by-block cursors start in {@link #slots}; the by-size ones follow them. */
    private static final int BNO = PAD;
    private static final int CNT = PAD + KEEP;

    private final AllocCursor[] slots = new AllocCursor[PAD + 2 * KEEP + PAD];
    private int nbno;
    private int ncnt;

    private static AllocCursorCache[] forMount(Mount mp) {
        AllocCursorCache[] caches = new AllocCursorCache[mp.geometry().agcount];
        for (int i = 0; i < caches.length; i++) {
            caches[i] = new Padded();
        }
        return caches;
    }

    /** Two cache lines after the counts, so the next AG's cache does not share theirs. */
    @SuppressWarnings("unused")
    private static final class Padded extends AllocCursorCache {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    static AllocCursorCache of(Mount mp, int agno) {
        return mp.slot(SLOT)[agno];
    }

    /** A cached cursor on the by-block ({@code bnobt}) or by-size tree, re-made for {@code tp}; null when none. */
    AllocCursor take(boolean bnobt, Trans tp, XfsBuf agbp) {
        assert agbp.heldByCurrentThread() : "AG cursor cache used without the AGF lock";
        AllocCursor c;
        if (bnobt) {
            if (nbno == 0) {
                return null;
            }
            c = slots[BNO + --nbno];
            slots[BNO + nbno] = null;
        } else {
            if (ncnt == 0) {
                return null;
            }
            c = slots[CNT + --ncnt];
            slots[CNT + ncnt] = null;
        }
        c.reuse(tp, agbp);
        return c;
    }

    /** Gives {@code c} back (it must not be used afterwards); kept if there is room, else left to the GC. */
    void give(AllocCursor c) {
        assert c.cur.agbp().heldByCurrentThread() : "AG cursor cache used without the AGF lock";
        c.cur.releasePath();
        if (c.isBnobt()) {
            if (nbno < KEEP) {
                slots[BNO + nbno++] = c;
            }
        } else if (ncnt < KEEP) {
            slots[CNT + ncnt++] = c;
        }
    }
}
