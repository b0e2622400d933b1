// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.bmap.BmapDelalloc;
import org.jxfs.bmap.BmapUtil;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.IextCursor;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;

/**
 * Trimming speculative preallocation past EOF (xfs_bmap_util.c and xfs_file.c, 6.18): on the release of a writable
 * file, at unmount (inactivation), and when a buffered write ran out of space.
 */
final class EofBlocks {
    private EofBlocks() {
    }

    /**
     * Ports xfs_can_free_eofblocks: a regular file with blocks or delayed allocations past EOF. Files with
     * persistent preallocation (DIFLAG_PREALLOC, from fallocate) or append-only keep their real blocks past EOF,
     * so for them only delayed allocations count.
     */
    static boolean canFreeEofblocks(Mount mp, Inode ip) throws XfsException {
        if (ip.fileType() != Dinode.S_IFREG) {
            return false;
        }
        PageCache pc = PageCache.peek(mp);
        AddressSpace as = pc == null ? null : pc.peekSpace(ip);
        Ifork ifp = Ifork.get(mp, ip);
        long delayed = ifp.delayedBlks();
        if (ip.size == 0 && (as == null || as.cachedCount() == 0) && delayed == 0) {
            return false;
        }
        if ((ip.flags & (Dinode.DIFLAG_PREALLOC | Dinode.DIFLAG_APPEND)) != 0 && delayed == 0) {
            return false;
        }
        Geometry geo = mp.geometry();
        long endFsb = geo.bToFsb(ip.size);
        if (BmbtIrec.MAX_FILEOFF <= endFsb) {
            return false;
        }
        ip.ilock.readLock().lock();
        try {
            return delayed != 0 || ifp.iext().lookupExtent(endFsb, new IextCursor()) != null;
        } finally {
            ip.ilock.readLock().unlock();
        }
    }

    /**
     * Ports xfs_free_eofblocks: unmaps everything past the block holding EOF (real blocks and delayed allocations),
     * without changing the size; for preallocated or append-only files only the delayed allocations past EOF go.
     * The caller holds the iolock exclusively.
     */
    static void freeEofblocks(Mount mp, Inode ip) throws XfsException {
        Geometry geo = mp.geometry();
        if ((ip.flags & (Dinode.DIFLAG_PREALLOC | Dinode.DIFLAG_APPEND)) != 0) {
            if (Ifork.get(mp, ip).delayedBlks() != 0) {
                long start = geo.bToFsb(ip.size);
                BmapDelalloc.punchDelallocRange(mp, ip, start, BmbtIrec.MAX_FILEOFF);
            }
            return;
        }
        BmapUtil.itruncateExtents(mp, ip, ip.size);
    }

    /**
     * Ports xfs_file_release: a file truncated down since the last release starts writeback of its delayed data
     * (the NULL-files heuristic); a writable file's first release trims the post-EOF blocks, later releases keep
     * them (XFS_EOFBLOCKS_RELEASED), so files reopened for appending keep their preallocation.
     */
    static void release(Mount mp, Inode ip, boolean writable) throws XfsException {
        if (mp.readOnly() || mp.isShutdown() || !forkSound(mp, ip)) {
            return;
        }
        PageCache pc = PageCache.of(mp);
        AddressSpace as = pc.space(ip);
        if (as.truncated) {
            as.truncated = false;
            as.eofblocksReleased = false;
            if (Ifork.get(mp, ip).delayedBlks() > 0) {
                Writeback.writeRange(mp, as, 0, Long.MAX_VALUE);
            }
        }
        if (ip.nlink != 0 && writable && (ip.flags & Dinode.DIFLAG_APPEND) == 0 && !as.eofblocksReleased
                && ip.iolock.writeLock().tryLock()) {
            try {
                if (canFreeEofblocks(mp, ip) && !as.eofblocksReleased) {
                    as.eofblocksReleased = true;
                    freeEofblocks(mp, ip);
                }
            } finally {
                ip.iolock.writeLock().unlock();
            }
        }
    }

    /**
     * Inactivation at unmount (xfs_inactive of a linked file): every cached inode's post-EOF blocks are trimmed,
     * after its data was written back. Also what xfs_blockgc_free_space does for a buffered write out of space.
     */
    static void freeAllEofblocks(Mount mp, PageCache pc) throws XfsException {
        for (AddressSpace as : pc.spaces()) {
            Inode ip = as.ip;
            if (ip.nlink == 0 || !forkSound(mp, ip) || !ip.iolock.writeLock().tryLock()) {
                continue;
            }
            try {
                if (canFreeEofblocks(mp, ip)) {
                    freeEofblocks(mp, ip);
                }
            } finally {
                ip.iolock.writeLock().unlock();
            }
        }
    }

    /**
     * Whether the data fork reads and passes its checks. The kernel validates the fork when it reads the inode, so
     * an inode whose fork is corrupt never opens and is never released or inactivated; jxfs reads the fork at first
     * use, so a file that was refused as corrupt is left alone here instead of reporting the same corruption again.
     */
    private static boolean forkSound(Mount mp, Inode ip) throws XfsException {
        try {
            Ifork.get(mp, ip);
            return true;
        } catch (FsCorruptedException e) {
            return false;
        }
    }
}
