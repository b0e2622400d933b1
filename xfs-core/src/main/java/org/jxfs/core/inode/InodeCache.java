// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.inode;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.InodeGeometry;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * The inode cache of a mount (xfs_icache.c): one {@link Inode} per inode number, read from its cluster buffer and
 * verified the first time it is asked for (xfs_iget). Every reader and writer of inode clusters uses
 * {@link #clusterDaddr} / {@link #clusterBb}, so a cluster is always cached with one address and length.
 */
public final class InodeCache {
    private final Mount mp;
    private final ConcurrentHashMap<Long, Inode> inodes = new ConcurrentHashMap<>();
    /** Inodes committed since the last writeback (the inode items in the AIL), each once. */
    private final ConcurrentLinkedQueue<Inode> flushList = new ConcurrentLinkedQueue<>();
    /** m_agirotor: the AG the next directory's inode is tried in first. */
    private final AtomicInteger agirotor = new AtomicInteger();

    public InodeCache(Mount mp) {
        this.mp = mp;
    }

    /**
     * The first block (AG-relative) of the cluster buffer holding the inode at {@code agbno}: xfs_imap's
     * cluster computation when chunks are aligned; the block itself otherwise (a one-block buffer).
     */
    public long clusterAgbno(long agbno) {
        long c = mp.inodeGeometry().clusterAgbno(agbno);
        return c < 0 ? agbno : c;
    }

    /** Length in blocks of every inode cluster buffer. */
    public int clusterBlocks() {
        InodeGeometry igeo = mp.inodeGeometry();
        return igeo.inoalignMask == 0 ? 1 : igeo.blocksPerCluster;
    }

    /** Length in basic blocks of every inode cluster buffer (imap.im_len). */
    public int clusterBb() {
        return (int) mp.geometry().fsbToBb(clusterBlocks());
    }

    /** Ports xfs_imap: the disk address of the cluster buffer holding {@code ino}. */
    public long clusterDaddr(long ino) {
        Geometry geo = mp.geometry();
        return geo.agbToDaddr(geo.inoToAgno(ino), clusterAgbno(geo.inoToAgbno(ino)));
    }

    /** Ports xfs_imap's im_boffset: byte offset of {@code ino} inside its cluster buffer. */
    public int offsetInCluster(long ino) {
        Geometry geo = mp.geometry();
        long agbno = geo.inoToAgbno(ino);
        return (int) geo.fsbToB(agbno - clusterAgbno(agbno)) + (geo.inoToOffset(ino) << geo.inodelog);
    }

    /**
     * Ports xfs_iget: the cached inode, or one read from disk through its cluster buffer (joined to {@code tp} when
     * given, as xfs_imap_to_bp does) and checked with the dinode verifier. Unused inodes are returned too: the
     * allocator reads a new inode this way before initialising it (XFS_IGET_CREATE).
     */
    public Inode iget(Trans tp, long ino) throws XfsException {
        Inode ip = inodes.get(ino);
        if (ip != null) {
            return ip;
        }
        Geometry geo = mp.geometry();
        int agno = geo.inoToAgno(ino);
        if (ino <= 0 || agno >= geo.agcount || geo.inoToAgbno(ino) >= geo.agBlockCount(agno)
                || geo.aginoToIno(agno, geo.inoToAgino(ino)) != ino) {
            throw new FsCorruptedException("inode number " + ino + " is outside the filesystem");
        }
        long daddr = clusterDaddr(ino);
        XfsBuf bp = tp != null ? tp.readBuf(daddr, clusterBb(), mp.inodeOps())
                : mp.bufCache().read(daddr, clusterBb(), mp.inodeOps());
        int off = offsetInCluster(ino);
        String why = Dinode.verify(bp.data(), off, geo.inodesize, ino, mp.dinodeContext());
        if (why != null) {
            throw new FsCorruptedException("Metadata corruption detected: xfs_inode " + ino + " at daddr 0x"
                    + Long.toHexString(daddr + Geometry.bToBbt(off)) + ": " + why);
        }
        Inode fresh = new Inode(ino, bp.data(), off, geo.inodesize);
        Inode prev = inodes.putIfAbsent(ino, fresh);
        return prev != null ? prev : fresh;
    }

    /** The cached inode or null (xfs_iget with XFS_IGET_INCORE). */
    public Inode peek(long ino) {
        return inodes.get(ino);
    }

    /**
     * Ports the in-core half of xfs_ifree_cluster: the inodes of a freed chunk are marked stale (never written
     * back) and dropped from the cache.
     */
    public void forgetChunk(long firstIno, int count) {
        for (long ino = firstIno; ino < firstIno + count; ino++) {
            Inode ip = inodes.remove(ino);
            if (ip != null) {
                ip.stale = true;
            }
        }
    }

    /** A transaction that logged {@code ip} committed: write it back at the next {@link #flushDirty}. */
    void queueFlush(Inode ip) {
        if (!ip.flushPending) {
            synchronized (flushList) {
                if (!ip.flushPending) {
                    ip.flushPending = true;
                    flushList.add(ip);
                }
            }
        }
    }

    /**
     * Ports xfs_iflush_cluster / xfs_iflush: every inode on the flush list is encoded into its cluster buffer
     * (fork and core), which becomes dirty and is written with the other buffers; the buffer's write path
     * (InodeClusterOps.updateCrc) computes every inode's CRC, so it is not computed here too. Runs in writeback,
     * when no transaction is in flight, so the in-core inodes hold exactly the committed state. A stale inode (its
     * chunk was freed) is dropped.
     */
    public void flushDirty() throws XfsException {
        for (Inode ip; (ip = flushList.poll()) != null;) {
            ip.flushPending = false;
            if (ip.stale) {
                continue;
            }
            XfsBuf bp = mp.bufCache().read(clusterDaddr(ip.ino), clusterBb(), mp.inodeOps());
            int off = offsetInCluster(ip.ino);
            if (ip.dataForkIncore instanceof IncoreFork fork) {
                fork.flush(ip);
            }
            ip.toDisk(bp.data(), off);
            if (ip.lsn != 0) {
                BigEndian.putU64(bp.data(), off + Dinode.OFF_LSN, ip.lsn);
            }
            mp.bufCache().markDirty(bp);
        }
    }

    /** Inodes waiting on the flush list. */
    public int flushPendingCount() {
        return flushList.size();
    }

    /** The rotor step of xfs_dialloc for directories: (m_agirotor++) % agcount. */
    public int nextRotorAg(int agcount) {
        return Math.floorMod(agirotor.getAndIncrement(), agcount);
    }

    public int size() {
        return inodes.size();
    }
}
