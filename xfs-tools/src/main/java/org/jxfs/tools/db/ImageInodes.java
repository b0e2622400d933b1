// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.db;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.mount.Mount;

/** Every block every allocated inode owns: its forks' extents and bmbt blocks, read as xfs_db reads them. */
public final class ImageInodes {
    /** One run of blocks an inode owns: an extent of a fork ({@code bmbt} false) or one bmbt block. */
    public interface ExtentVisitor {
        void extent(long ino, Dinode dip, boolean attr, long fsbno, long len, boolean unwritten, boolean bmbt);
    }

    private ImageInodes() {
    }

    /** Walks the data fork and, where there is one, the attr fork of every allocated inode. */
    public static void forEachExtent(Mount mp, ExtentVisitor v) throws XfsException {
        StringBuilder problems = new StringBuilder();
        InodeWalk.walk(mp, (agno, ino, dip) -> {
            fork(mp, ino, dip, ForkWalk.DATA_FORK, v, problems);
            if (dip.forkoff() != 0) {
                fork(mp, ino, dip, ForkWalk.ATTR_FORK, v, problems);
            }
        }, problems);
        if (problems.length() > 0) {
            throw new FsCorruptedException("Metadata corruption detected: " + problems.toString()
                    .strip().replace('\n', ';'));
        }
    }

    private static void fork(Mount mp, long ino, Dinode dip, int whichfork, ExtentVisitor v, StringBuilder problems)
            throws XfsException {
        boolean attr = whichfork == ForkWalk.ATTR_FORK;
        ForkWalk.walk(mp, dip, whichfork, new ForkWalk.Visitor() {
            @Override
            public void extent(long startoff, long startblock, long blockcount, boolean unwritten) {
                v.extent(ino, dip, attr, startblock, blockcount, unwritten, false);
            }

            @Override
            public void bmbtBlock(long fsbno) {
                v.extent(ino, dip, attr, fsbno, 1, false, true);
            }
        }, problems);
    }
}
