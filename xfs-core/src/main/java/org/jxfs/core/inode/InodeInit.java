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
        Inode ip = mp.inodeCache().iget(tp, ino);
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
        ip.forkoff = 0;
        ip.aformat = Dinode.FMT_EXTENTS;
        ip.flags = 0;
        ip.flags2 = mp.features().bigtime() ? Dinode.DIFLAG2_BIGTIME : 0;
        ip.gen = ThreadLocalRandom.current().nextInt() & 0xffffffffL;
        ip.atimeSec = ip.mtimeSec = ip.ctimeSec = ip.crtimeSec = sec;
        ip.atimeNsec = ip.mtimeNsec = ip.ctimeNsec = ip.crtimeNsec = nsec;
        ip.dataFork = new byte[ip.dataForkSize()];
        ip.attrFork = new byte[0];
        switch (mode & Dinode.S_IFMT) {
            case Dinode.S_IFDIR -> {
                ip.nlink = 2;
                ip.format = Dinode.FMT_LOCAL;
                ip.size = Dir2Sf.write(ip.dataFork, 0, parentIno, List.of(), mp.features().ftype());
            }
            case Dinode.S_IFREG, Dinode.S_IFLNK -> {
                ip.nlink = 1;
                ip.format = Dinode.FMT_EXTENTS;
                ip.size = 0;
            }
            default -> {
                ip.nlink = 1;
                ip.format = Dinode.FMT_DEV;
                ip.size = 0;
            }
        }
        InodeLog.log(tp, mp, ip);
        return ip;
    }
}
