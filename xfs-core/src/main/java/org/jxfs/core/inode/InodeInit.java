// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.inode;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/** The in-core side of creating a file (xfs_inode.c): turning a freshly allocated unused inode into a new one. */
public final class InodeInit {
    private InodeInit() {
    }

    /**
     * Ports xfs_init_new_inode. A regular file starts as an empty EXTENTS fork; a directory as an empty short-form
     * directory in the inode (LOCAL) whose ".." is {@code parentIno}, with nlink 2 for its "." entry. Owner root,
     * all timestamps now, a random generation, no attr fork, DIFLAG2_BIGTIME when the filesystem has bigtime (new
     * inodes always use the new timestamp format there). The inode is logged in {@code tp}.
     */
    public static Inode initNew(Trans tp, Mount mp, long ino, int mode, long parentIno) throws XfsException {
        return initNew(tp, mp, ino, mode, parentIno, false);
    }

    /**
     * Ports xfs_init_new_inode with its {@code init_xattrs} argument. The kernel passes true when the new inode will
     * get attributes at once: an ACL, or (xfs_create_need_xattr) a kernel built with an LSM that may add security
     * attributes, which is every distribution kernel, this one included. The inode then starts with an empty attr
     * fork in EXTENTS format at the default attr offset (xfs_ifork_init_attr): on a 512-byte or larger inode the data
     * fork keeps 192 bytes, 12 extent records, whatever the inode size.
     */
    public static Inode initNew(Trans tp, Mount mp, long ino, int mode, long parentIno, boolean initXattrs)
            throws XfsException {
        Inode ip = mp.inodeCache().iget(tp, ino);
        // xfs_iget(XFS_IGET_CREATE, XFS_ILOCK_EXCL): a thread that just freed this inode may still hold its lock.
        ip.ilock.writeLock().lock();
        try {
            if (ip.mode != 0) {
                throw new FsCorruptedException("inode " + ino + " handed out by the allocator is in use (mode 0"
                        + Integer.toOctalString(ip.mode) + ")");
            }
            Instant now = Instant.now();
            long sec = now.getEpochSecond();
            long nsec = now.getNano();
            ip.mode = mode;
            ip.uid = 0;
            ip.gid = 0;
            ip.nblocks = 0;
            ip.nextents = 0;
            ip.anextents = 0;
            ip.forkoff = initXattrs ? defaultAttrOffset(ip.inodesize(), mode) >> 3 : 0;
            ip.aformat = Dinode.FMT_EXTENTS;
            ip.flags = 0;
            ip.flags2 = mp.features().bigtime() ? Dinode.DIFLAG2_BIGTIME : 0;
            ip.gen = ThreadLocalRandom.current().nextInt() & 0xffffffffL;
            // A reused inode starts without its previous life's project id and extent size hints.
            Dinode core = new Dinode(ip.raw, 0);
            core.setProjidLo(0);
            core.setProjidHi(0);
            core.setExtsize(0);
            core.setCowextsize(0);
            ip.atimeSec = ip.mtimeSec = ip.ctimeSec = ip.crtimeSec = sec;
            ip.atimeNsec = ip.mtimeNsec = ip.ctimeNsec = ip.crtimeNsec = nsec;
            ip.dataFork = new byte[ip.dataForkSize()];
            ip.attrFork = new byte[ip.forkoff != 0 ? Dinode.literalSize(ip.inodesize()) - (ip.forkoff << 3) : 0];
            switch (mode & Dinode.S_IFMT) {
                case Dinode.S_IFDIR -> {
                    ip.nlink = 2;
                    ip.format = Dinode.FMT_LOCAL;
                    ip.setSize(Dir2Sf.write(ip.dataFork, 0, parentIno, List.of(), mp.features().ftype()));
                }
                case Dinode.S_IFREG, Dinode.S_IFLNK -> {
                    ip.nlink = 1;
                    ip.format = Dinode.FMT_EXTENTS;
                    ip.setSize(0);
                }
                default -> {
                    ip.nlink = 1;
                    ip.format = Dinode.FMT_DEV;
                    ip.setSize(0);
                }
            }
            InodeLog.log(tp, mp, ip);
        } finally {
            ip.ilock.writeLock().unlock();
        }
        return ip;
    }

    /** xfs_bmdr_space_calc: bytes of an inode-rooted bmbt root with {@code nrecs} keys and pointers. */
    private static int bmdrSpaceCalc(int nrecs) {
        return 4 + nrecs * (8 + 8);
    }

    /**
     * Ports xfs_default_attroffset (with xfs_bmap_compute_attr_offset): where a new attr fork starts, in bytes from
     * the literal area. Leaves the data fork room for a bmbt root of 6 * MINABTPTRS (12) records, or on 256-byte
     * inodes gives the attr fork what a MINABTPTRS (2) root needs. A device inode keeps only its dev_t.
     */
    static int defaultAttrOffset(int inodesize, int mode) {
        final int minabtptrs = 2;
        int fmt = mode & Dinode.S_IFMT;
        if (fmt == Dinode.S_IFCHR || fmt == Dinode.S_IFBLK || fmt == Dinode.S_IFIFO || fmt == Dinode.S_IFSOCK) {
            return 8;       // roundup(sizeof(xfs_dev_t), 8)
        }
        if (inodesize == 256) {
            return Dinode.literalSize(inodesize) - bmdrSpaceCalc(minabtptrs);
        }
        return bmdrSpaceCalc(6 * minabtptrs);
    }
}
