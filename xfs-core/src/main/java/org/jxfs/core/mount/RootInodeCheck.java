// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.InodeGeometry;

/**
 * Reads the root directory inode as xfs_mountfs does (xfs_iget of sb_rootino) and checks it is a directory: a mount
 * without a sound root inode is refused. The realtime bitmap and summary inodes are read the same way.
 */
final class RootInodeCheck {
    private RootInodeCheck() {
    }

    static void verify(Mount mp) throws XfsException {
        long rootino = mp.sb().rootino();
        int mode = readInode(mp, rootino, "root");
        if ((mode & Dinode.S_IFMT) != Dinode.S_IFDIR) {
            throw new FsCorruptedException("Metadata corruption detected: root inode " + rootino
                    + " is not a directory (mode 0" + Integer.toOctalString(mode) + ")");
        }
        readInode(mp, mp.sb().rbmino(), "realtime bitmap");
        readInode(mp, mp.sb().rsumino(), "realtime summary");
    }

    /** Reads an inode through its cluster buffer and runs the dinode verifier; returns its mode. */
    static int readInode(Mount mp, long ino, String what) throws XfsException {
        return read(mp, ino, what).mode();
    }

    /** Reads an inode through its cluster buffer and runs the dinode verifier ({@code what} names it). */
    static Dinode read(Mount mp, long ino, String what) throws XfsException {
        Geometry geo = mp.geometry();
        InodeGeometry igeo = mp.inodeGeometry();
        int agno = geo.inoToAgno(ino);
        long agbno = geo.inoToAgbno(ino);
        if (agno >= geo.agcount || agbno >= geo.agBlockCount(agno)) {
            throw new FsCorruptedException("Metadata corruption detected: " + what + " inode number " + ino
                    + " is outside the filesystem");
        }
        long clusterAgbno = igeo.clusterAgbno(agbno);
        int blocks = igeo.blocksPerCluster;
        if (clusterAgbno < 0) {
            clusterAgbno = agbno;
            blocks = 1;
        }
        XfsBuf bp = mp.bufCache().read(geo.agbToDaddr(agno, clusterAgbno), (int) geo.fsbToBb(blocks), mp.inodeOps());
        int off = (int) geo.fsbToB(agbno - clusterAgbno) + (geo.inoToOffset(ino) << geo.inodelog);
        String why = Dinode.verify(bp.data(), off, geo.inodesize, ino, mp.dinodeContext());
        if (why != null) {
            throw new FsCorruptedException("Metadata corruption detected: xfs_inode " + ino + " (" + what
                    + ") at daddr 0x" + Long.toHexString(bp.daddr() + Geometry.bToBbt(off)) + ": " + why);
        }
        return new Dinode(bp.data(), off);
    }
}
