// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.inode;

import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * The inode log item (xfs_inode_item.c): {@link #log} ports xfs_trans_log_inode; at commit {@link #logRegions}
 * formats the inode into the log transaction and {@link #writeBack} puts the inode on the mount's flush list, as
 * committing an inode log item inserts it into the AIL. The in-core
 * inode stays the truth; {@link InodeCache#flushDirty} does what xfs_iflush_cluster does when the AIL is pushed:
 * copy the core and forks into the cluster buffer and recompute the CRC, once per writeback however many
 * transactions changed the inode.
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
        InodeLog item = ip.logItem;
        if (item == null) {
            item = new InodeLog(mp, ip);           // xfs_inode_item_init
            ip.logItem = item;
        }
        if (tp.logItem(item)) {
            ip.changecount++;
        }
    }

    /** Ports xfs_inode_item_committed's effect: the inode joins the flush list (the AIL) for the next writeback. */
    @Override
    public void writeBack(Trans tp) {
        if (!ip.stale) {
            mp.inodeCache().queueFlush(ip);
        }
    }

    /** Ports xfs_inode_item_format; a freed chunk's inode (stale) is covered by the cluster's cancel instead. */
    @Override
    public byte[][] logRegions() {
        return ip.stale ? null : InodeItemFormat.format(mp, ip);
    }

    /** The inode's next write in place carries the LSN of the checkpoint that logs it (ili_item.li_lsn). */
    @Override
    public java.util.function.LongConsumer lsnTarget() {
        return ip::raiseLsn;
    }

    /** Ports the ili_commit_seq update of xfs_inode_item_committing: what fsync forces the log to. */
    @Override
    public void committed(long seq) {
        if (seq != 0) {
            ip.commitSeq = seq;
        }
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
