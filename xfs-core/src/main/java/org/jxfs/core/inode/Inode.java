// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.inode;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.DiskTimestamp;

/**
 * struct xfs_inode: the in-core inode. The core fields the filesystem changes are decoded into plain fields (the
 * kernel's i_mode, i_nlink, i_disk_size, i_nblocks, i_df.if_nextents, i_diflags...), and the literal area is kept
 * as raw data-fork and attr-fork bytes. The whole on-disk inode it was read from is kept too, so that the fields
 * jxfs does not decode (projid, extsize, cowextsize, dmapi...) are written back unchanged by {@link InodeLog}.
 *
 * <p>Locks, taken in this order as in the kernel: {@link #iolock} (I/O vs truncate), {@link #mmaplock} (page
 * faults vs truncate), {@link #ilock} (the inode's metadata and extent maps). Timestamps are kept as unix seconds
 * and nanoseconds; {@link InodeLog} encodes them with bigtime when the inode has DIFLAG2_BIGTIME.
 */
public final class Inode {
    public final long ino;
    public final ReentrantReadWriteLock iolock = new ReentrantReadWriteLock();
    public final ReentrantReadWriteLock mmaplock = new ReentrantReadWriteLock();
    public final ReentrantReadWriteLock ilock = new ReentrantReadWriteLock();

    /** The on-disk inode last read or written (core and forks). */
    final byte[] raw;
    final int inodesize;

    public int mode;
    public long nlink;
    public long uid;
    public long gid;
    /**
     * i_size: the file size the VFS sees (XFS_ISIZE). A buffered write moves it ahead of {@link #diskSize}; every
     * other change of the size goes through {@link #setSize}, which moves both.
     */
    public long size;
    /**
     * i_disk_size: the size written to the dinode. It trails {@link #size} while buffered data past it is still in
     * the page cache, and catches up when writeback completes (xfs_setfilesize), so a crash never exposes a size
     * whose data was not written.
     */
    public long diskSize;
    public long nblocks;
    public long nextents;
    public int anextents;
    /** di_format: the data fork's format (Dinode.FMT_*). */
    public int format;
    public int aformat;
    /** di_forkoff, in 8-byte units; 0 means no attr fork. */
    public int forkoff;
    public int flags;
    public long flags2;
    public long gen;
    public long changecount;
    public long atimeSec, atimeNsec, mtimeSec, mtimeNsec, ctimeSec, ctimeNsec, crtimeSec, crtimeNsec;
    /** The data fork's bytes (its whole capacity in the literal area; {@code size} of them matter for LOCAL). */
    public byte[] dataFork;
    /** The attr fork's bytes, empty when forkoff is 0. */
    public byte[] attrFork;
    /**
     * The in-core data fork (struct xfs_ifork i_df) the bmap layer attaches once it has read the extents; null until
     * then. When it is an {@link IncoreFork}, {@link InodeCache#flushDirty} asks it to re-encode {@link #dataFork}
     * before the inode is written, as xfs_iflush_fork does, so whoever logs the inode writes the current extent
     * map.
     */
    public Object dataForkIncore;

    /**
     * i_itemp: the inode's log item, made the first time the inode is logged and used by every transaction after
     * that (immutable, so a racing first use that makes two does no harm: they are equal).
     */
    InodeLog logItem;

    /** LSN of the last checkpoint that logged this inode: its di_lsn when next written in place. */
    volatile long lsn;
    /** CIL sequence of the last committed transaction that logged this inode (ili_commit_seq), 0 when none. */
    volatile long commitSeq;

    /** CIL sequence of the last committed transaction that logged this inode, 0 when none since it was read. */
    public long lastCommitSeq() {
        return commitSeq;
    }

    /** A checkpoint of LSN {@code checkpointLsn} logged this inode; an older one's never replaces a newer one's. */
    void raiseLsn(long checkpointLsn) {
        if (checkpointLsn > lsn) {
            lsn = checkpointLsn;
        }
    }

    /** Set when the inode's chunk was freed (xfs_ifree_cluster marks the buffer stale): never written back. */
    volatile boolean stale;
    /** Logged since it was last written into its cluster buffer: on the mount's flush list (in the AIL). */
    volatile boolean flushPending;

    Inode(long ino, byte[] dinode, int off, int inodesize) {
        this.ino = ino;
        this.inodesize = inodesize;
        this.raw = Arrays.copyOfRange(dinode, off, off + inodesize);
        decode();
    }

    /** Ports xfs_inode_from_disk: decodes the core fields and copies the forks out of {@link #raw}. */
    private void decode() {
        Dinode d = new Dinode(raw, 0);
        mode = d.mode();
        nlink = d.nlink();
        uid = d.uid();
        gid = d.gid();
        size = d.size();
        diskSize = size;
        nblocks = d.nblocks();
        nextents = d.dataExtents();
        anextents = (int) d.attrExtents();
        format = d.format();
        aformat = d.aformat();
        forkoff = d.forkoff();
        flags = d.flags();
        flags2 = d.flags2();
        gen = d.gen();
        changecount = d.changecount();
        boolean big = bigtime();
        long[] t = new long[2];
        decodeTime(d.time(Dinode.OFF_ATIME), big, t);
        atimeSec = t[0];
        atimeNsec = t[1];
        decodeTime(d.time(Dinode.OFF_MTIME), big, t);
        mtimeSec = t[0];
        mtimeNsec = t[1];
        decodeTime(d.time(Dinode.OFF_CTIME), big, t);
        ctimeSec = t[0];
        ctimeNsec = t[1];
        decodeTime(d.time(Dinode.OFF_CRTIME), big, t);
        crtimeSec = t[0];
        crtimeNsec = t[1];
        int dsize = d.dataForkSize(inodesize);
        dataFork = Arrays.copyOfRange(raw, Dinode.CORE_SIZE, Dinode.CORE_SIZE + dsize);
        attrFork = forkoff != 0
                ? Arrays.copyOfRange(raw, d.attrForkOffset(), d.attrForkOffset() + d.attrForkSize(inodesize))
                : new byte[0];
    }

    private static void decodeTime(long raw, boolean bigtime, long[] out) {
        out[0] = DiskTimestamp.seconds(bigtime, raw);
        out[1] = DiskTimestamp.nanos(bigtime, raw);
    }

    /** Sets both i_size and i_disk_size: a size change that is logged at once (truncate, fallocate, direct I/O). */
    public void setSize(long newSize) {
        size = newSize;
        diskSize = newSize;
    }

    /**
     * Ports xfs_inode_to_disk: writes the in-core state into {@code b[off, off + inodesize)}, starting from the
     * last on-disk image so undecoded fields survive. The caller computes the CRC.
     */
    void toDisk(byte[] b, int off) {
        System.arraycopy(raw, 0, b, off, inodesize);
        Dinode d = new Dinode(b, off);
        d.setMode(mode);
        d.setNlink(nlink);
        d.setUid(uid);
        d.setGid(gid);
        d.setSize(diskSize);
        d.setNblocks(nblocks);
        if ((flags2 & Dinode.DIFLAG2_NREXT64) != 0) {
            d.setBigNextents(nextents);
        } else {
            d.setNextents(nextents);
        }
        d.setAnextents(anextents);
        d.setFormat(format);
        d.setAformat(aformat);
        d.setForkoff(forkoff);
        d.setFlags(flags);
        d.setFlags2(flags2);
        d.setGen(gen);
        d.setChangecount(changecount);
        boolean big = bigtime();
        d.setTime(Dinode.OFF_ATIME, DiskTimestamp.encode(big, atimeSec, atimeNsec));
        d.setTime(Dinode.OFF_MTIME, DiskTimestamp.encode(big, mtimeSec, mtimeNsec));
        d.setTime(Dinode.OFF_CTIME, DiskTimestamp.encode(big, ctimeSec, ctimeNsec));
        d.setTime(Dinode.OFF_CRTIME, DiskTimestamp.encode(big, crtimeSec, crtimeNsec));
        int litEnd = off + inodesize;
        Arrays.fill(b, off + Dinode.CORE_SIZE, litEnd, (byte) 0);
        int dsize = dataForkSize();
        System.arraycopy(dataFork, 0, b, off + Dinode.CORE_SIZE, Math.min(dsize, dataFork.length));
        if (forkoff != 0) {
            int aoff = off + Dinode.CORE_SIZE + (forkoff << 3);
            System.arraycopy(attrFork, 0, b, aoff, Math.min(attrFork.length, litEnd - aoff));
        }
        System.arraycopy(b, off, raw, 0, inodesize);
    }

    /**
     * The inode left the AGI unlinked list (xfs_iunlink_remove): di_next_unlinked is NULLAGINO in the image this
     * inode is written back from, as the caller logged it in the cluster buffer.
     */
    public void clearNextUnlinked() {
        new Dinode(raw, 0).setNextUnlinked(org.jxfs.core.format.Geometry.NULLAGINO);
    }

    /** i_projid: di_projid_hi << 16 | di_projid_lo, as read from disk (jxfs does not change it). */
    public long projid() {
        Dinode d = new Dinode(raw, 0);
        return (long) d.projidHi() << 16 | d.projidLo();
    }

    /** i_extsize: the extent size hint in filesystem blocks, as read from disk. */
    public long extsize() {
        return new Dinode(raw, 0).extsize();
    }

    /** i_cowextsize: the copy-on-write extent size hint in filesystem blocks, as read from disk. */
    public long cowextsize() {
        return new Dinode(raw, 0).cowextsize();
    }

    public boolean bigtime() {
        return (flags2 & Dinode.DIFLAG2_BIGTIME) != 0;
    }

    public int fileType() {
        return mode & Dinode.S_IFMT;
    }

    public boolean isDir() {
        return fileType() == Dinode.S_IFDIR;
    }

    public boolean isStale() {
        return stale;
    }

    /** XFS_IFORK_DSIZE: bytes of the literal area the data fork may use. */
    public int dataForkSize() {
        return forkoff != 0 ? forkoff << 3 : Dinode.literalSize(inodesize);
    }

    public int inodesize() {
        return inodesize;
    }

    /** Ports xfs_trans_ichgtime(XFS_ICHGTIME_MOD | XFS_ICHGTIME_CHG): mtime and ctime become {@code now}. */
    public void touchModChg(long sec, long nsec) {
        mtimeSec = sec;
        mtimeNsec = nsec;
        ctimeSec = sec;
        ctimeNsec = nsec;
    }

    /** Ports xfs_trans_ichgtime(XFS_ICHGTIME_CHG). */
    public void touchChg(long sec, long nsec) {
        ctimeSec = sec;
        ctimeNsec = nsec;
    }

    /** Locks iolock, mmaplock and ilock exclusively, in the kernel's order (xfs_ilock(XFS_IOLOCK_EXCL | ...)). */
    public void lockAllExcl() {
        iolock.writeLock().lock();
        mmaplock.writeLock().lock();
        ilock.writeLock().lock();
    }

    /** Releases what {@link #lockAllExcl} took, in reverse order. */
    public void unlockAllExcl() {
        ilock.writeLock().unlock();
        mmaplock.writeLock().unlock();
        iolock.writeLock().unlock();
    }

    @Override
    public String toString() {
        return "inode " + ino + " mode 0" + Integer.toOctalString(mode) + " nlink " + nlink + " size " + size;
    }
}
