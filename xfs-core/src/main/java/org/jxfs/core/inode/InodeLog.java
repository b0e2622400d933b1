// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.inode;

import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * The inode log item (xfs_inode_item.c): {@link #log} ports xfs_trans_log_inode, and at commit {@link #writeBack}
 * does what xfs_iflush does once the log has the change: copy the in-core core and forks into the cluster buffer,
 * recompute the inode's CRC and log the buffer range. Until the write-ahead log lands this is how an inode change
 * reaches the disk, inside the same commit as the buffers it goes with.
 */
public final class InodeLog implements Trans.TransItem {
    private final Mount mp;
    private final Inode ip;

    private InodeLog(Mount mp, Inode ip) {
        this.mp = mp;
        this.ip = ip;
    }

    /**
     * Ports xfs_trans_log_inode. The first time an inode is logged in a transaction its change counter
     * (di_changecount, the NFS i_version) is bumped, as the kernel does with inode_maybe_inc_iversion under
     * XFS_ILOG_CORE; logging it again in the same transaction changes nothing more.
     */
    public static void log(Trans tp, Mount mp, Inode ip) {
        assert ip.ilock.isWriteLockedByCurrentThread() || !ip.ilock.isWriteLocked()
                : "inode logged under another thread's ilock";
        InodeLog item = new InodeLog(mp, ip);
        if (!tp.items().contains(item)) {
            ip.changecount++;
        }
        tp.logItem(item);
    }

    /** Ports xfs_iflush_int / xfs_inode_to_disk + xfs_dinode_calc_crc into the joined cluster buffer. */
    @Override
    public void writeBack(Trans tp) throws XfsException {
        if (ip.stale) {
            return;
        }
        InodeCache ic = mp.inodeCache();
        XfsBuf bp = tp.readBuf(ic.clusterDaddr(ip.ino), ic.clusterBb(), mp.inodeOps());
        int off = ic.offsetInCluster(ip.ino);
        if (ip.dataForkIncore instanceof IncoreFork fork) {
            fork.flush(ip);
        }
        ip.toDisk(bp.data(), off);
        Dinode.updateCrc(bp.data(), off, ip.inodesize);
        tp.logBuf(bp, off, off + ip.inodesize - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InodeLog l && l.ip == ip;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ip.ino);
    }
}
