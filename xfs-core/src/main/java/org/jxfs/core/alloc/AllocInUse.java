// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import java.util.function.Supplier;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.AgMetadataMap;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/**
 * The check a free makes (xfs_free_ag_extent refuses space that is already free; jxfs's metadata map refuses
 * space AG metadata holds; the busy tree refuses space freed twice), made ahead of time: an operation that is
 * going to free a file's extents over several transactions asks first, so a corrupt extent is found before the
 * first of them commits and the operation changes nothing instead of stopping half-way.
 */
public final class AllocInUse {
    private AllocInUse() {
    }

    /**
     * Throws FsCorruptedException when any of {@code len} blocks at {@code fsbno} is free in the by-block btree,
     * busy, or AG metadata; {@code what} names the extent's owner ("inode 131 data fork extent [...]"; made only
     * for a message). Takes and releases the AG's AGF in a transaction of its own that changes nothing.
     */
    public static void check(Mount mp, long fsbno, long len, Supplier<String> what) throws XfsException {
        Geometry geo = mp.geometry();
        int agno = geo.fsbToAgno(fsbno);
        long agbno = geo.fsbToAgbno(fsbno);
        AgMetadataMap map = mp.metadataMap();
        if (map != null) {
            map.checkFree(agno, agbno, len, what);
        }
        if (ExtentBusy.search(mp, agno, agbno, len) != 0) {
            throw new FsCorruptedException("Metadata corruption detected: " + what.get() + " claims AG " + agno
                    + " blocks [" + agbno + ", +" + len + ") at daddr 0x" + Long.toHexString(geo.agbToDaddr(agno,
                    agbno)) + ", which are being freed already (busy)");
        }
        try (Trans tp = Trans.alloc(mp, TransResv.ITRUNCATE, 0)) {
            XfsBuf agbp = Alloc.readAgf(tp, mp, agno, false);
            AllocCursor cur = AllocCursor.bno(tp, mp, agbp, agno);
            try {
                AllocRec free = null;
                if (cur.lookupLe(agbno, len) == 1) {
                    AllocRec r = cur.mustGetRec();
                    if (r.startblock() + r.blockcount() > agbno) {
                        free = r;
                    }
                }
                if (free == null && cur.increment() == 1) {
                    AllocRec r = cur.mustGetRec();
                    if (r.startblock() < agbno + len) {
                        free = r;
                    }
                }
                if (free != null) {
                    long first = Math.max(agbno, free.startblock());
                    throw new FsCorruptedException("Metadata corruption detected: " + what.get() + " claims AG "
                            + agno + " block " + first + " (daddr 0x" + Long.toHexString(geo.agbToDaddr(agno, first))
                            + "), which the free-space btree lists as free (extent [" + free.startblock() + ", "
                            + free.blockcount() + "])");
                }
            } finally {
                AllocCursor.release(cur);
            }
        }
    }
}
