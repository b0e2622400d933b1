// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.AgiOps;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.ialloc.IallocFree;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeCache;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/**
 * Ports xlog_recover_process_iunlinks: after a dirty log is replayed, the inodes still on the AGI unlinked lists
 * are files the crashed mount had unlinked (or kept open after the unlink) and not yet freed; each is inactivated
 * as the last iput would have: its blocks truncated away, then, in one transaction, taken off the head of its
 * bucket (xfs_iunlink_remove: the bucket points at its successor, its di_next_unlinked becomes NULLAGINO) and freed
 * (xfs_ifree). The lists were checked at mount (UnlinkedCheck): every inode on them is in use with no link.
 */
final class UnlinkedInodes {
    private UnlinkedInodes() {
    }

    /** Inactivates every inode on the unlinked lists of {@code mp}; returns how many. */
    static int inactivateAll(Mount mp, Namespace ns) throws XfsException {
        Geometry geo = mp.geometry();
        int done = 0;
        for (int agno = 0; agno < geo.agcount; agno++) {
            long agiDaddr = geo.agHeaderDaddr(agno, Agi.SECTOR);
            for (int bucket = 0; bucket < Agi.UNLINKED_BUCKETS; bucket++) {
                for (long agino; (agino = head(mp, agiDaddr, bucket)) != Geometry.NULLAGINO; done++) {
                    Inode ip = ns.iget(geo.aginoToIno(agno, agino));
                    ns.inactiveTruncate(ip);
                    removeAndFree(mp, ip, agiDaddr, bucket);
                }
            }
        }
        return done;
    }

    private static long head(Mount mp, long agiDaddr, int bucket) throws XfsException {
        XfsBuf agibp = mp.bufCache().read(agiDaddr, mp.geometry().sectorBb(), AgiOps.INSTANCE);
        return new Agi(agibp.data()).unlinked(bucket);
    }

    /** xfs_inactive_ifree for the head of {@code bucket}: xfs_iunlink_remove, then xfs_ifree, in one transaction. */
    private static void removeAndFree(Mount mp, Inode ip, long agiDaddr, int bucket) throws XfsException {
        InodeCache ic = mp.inodeCache();
        try (Trans tp = Trans.alloc(mp, TransResv.IFREE, IallocFree.spaceRes(mp))) {
            XfsBuf agibp = tp.readBuf(agiDaddr, mp.geometry().sectorBb(), AgiOps.INSTANCE);
            XfsBuf cbp = tp.readBuf(ic.clusterDaddr(ip.ino), ic.clusterBb(), mp.inodeOps());
            int off = ic.offsetInCluster(ip.ino);
            Dinode d = new Dinode(cbp.data(), off);
            int slot = Agi.OFF_UNLINKED + 4 * bucket;
            new Agi(agibp.data()).setUnlinked(bucket, d.nextUnlinked());
            tp.logBuf(agibp, slot, slot + 3);
            d.setNextUnlinked(Geometry.NULLAGINO);
            ip.clearNextUnlinked();
            tp.logBuf(cbp, off + Dinode.OFF_NEXT_UNLINKED, off + Dinode.OFF_NEXT_UNLINKED + 3);
            IallocFree.ifree(tp, mp, ip);
            tp.commit();
        }
    }
}
