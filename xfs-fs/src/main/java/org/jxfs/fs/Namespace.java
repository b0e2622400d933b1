// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.format.Dir2SfEntry;
import org.jxfs.core.ialloc.Ialloc;
import org.jxfs.core.ialloc.IallocFree;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeInit;
import org.jxfs.core.inode.InodeLog;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/**
 * Namespace operations on inode numbers (xfs_inode.c's xfs_create, xfs_remove, xfs_lookup and xfs_iops.c's
 * callers): each is one transaction that allocates or frees the inode, edits the parent directory and keeps link
 * counts and timestamps as the kernel does. {@code what} names the directory in messages (its path when known).
 * Operations are serialised per namespace; the inode locks are taken parent first, then child.
 */
public final class Namespace {
    /** MAXNAMELEN - 1: the longest name a directory entry can hold. */
    public static final int MAXNAMELEN = 255;

    private final Mount mp;
    private final Dir2 dir;

    public Namespace(Mount mp) {
        this.mp = mp;
        this.dir = new Dir2(mp);
    }

    public Mount mount() {
        return mp;
    }

    /** The in-core inode (xfs_iget). */
    public Inode iget(long ino) throws XfsException {
        return mp.inodeCache().iget(null, ino);
    }

    private Inode dirInode(long ino, String what) throws XfsException {
        Inode dp = iget(ino);
        if (!dp.isDir()) {
            throw new XfsException(XfsException.ENOTDIR, what + ": Not a directory");
        }
        return dp;
    }

    static byte[] checkName(String name) throws XfsException {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new XfsException(XfsException.EINVAL, "invalid name \"" + name + "\"");
        }
        if (b.length > MAXNAMELEN) {
            throw new XfsException(XfsException.ENAMETOOLONG, "name of " + b.length + " bytes: File name too long");
        }
        return b;
    }

    /** Ports xfs_lookup: the inode number of {@code name} in directory {@code dirIno}, or -1 (a miss). */
    public synchronized long lookup(long dirIno, String name, String what) throws XfsException {
        Inode dp = dirInode(dirIno, what);
        dp.ilock.readLock().lock();
        try {
            return dir.lookup(null, dp, name.getBytes(StandardCharsets.UTF_8), what);
        } finally {
            dp.ilock.readLock().unlock();
        }
    }

    /** Ports xfs_readdir: ".", "..", then every entry in offset order, with inode numbers and file types. */
    public synchronized List<DirEntry> readdir(long dirIno, String what) throws XfsException {
        Inode dp = dirInode(dirIno, what);
        dp.ilock.readLock().lock();
        try {
            Dir2.Contents c = dir.read(null, dp, what);
            List<DirEntry> out = new ArrayList<>(c.entries().size() + 2);
            out.add(new DirEntry(".", dp.ino, Dir2Sf.FT_DIR));
            out.add(new DirEntry("..", c.parent(), Dir2Sf.FT_DIR));
            for (Dir2SfEntry e : c.entries()) {
                out.add(new DirEntry(e.nameString(), e.ino(), e.ftype()));
            }
            return out;
        } finally {
            dp.ilock.readLock().unlock();
        }
    }

    /**
     * Ports xfs_create (and xfs_mkdir's use of it): allocates and initialises the inode and enters it in the
     * parent. A new directory has nlink 2 and adds one to its parent's (its ".."). The parent's mtime and ctime
     * become now. EEXIST when the name exists; a parent that would need a second directory block is refused before
     * anything changes.
     */
    public synchronized long create(long parentIno, String name, int mode, String what) throws XfsException {
        return create(parentIno, name, mode, what, false);
    }

    /**
     * {@link #create(long, String, int, String)} with xfs_create's {@code init_xattrs}: when true the new inode
     * starts with an empty attr fork, as every file the kernel here creates does (xfs_create_need_xattr).
     */
    public synchronized long create(long parentIno, String name, int mode, String what, boolean initXattrs)
            throws XfsException {
        byte[] bname = checkName(name);
        if ((mode & Dinode.S_IFMT) == 0) {
            mode |= Dinode.S_IFREG;
        }
        boolean isDir = (mode & Dinode.S_IFMT) == Dinode.S_IFDIR;
        Inode dp = dirInode(parentIno, what);
        long resblks = Ialloc.spaceRes(mp) + 4L * (1 << mp.geometry().dirblklog);
        dp.ilock.writeLock().lock();
        try (Trans tp = Trans.alloc(mp, isDir ? TransResv.MKDIR : TransResv.CREATE, resblks)) {
            if (dir.lookup(tp, dp, bname, what) >= 0) {
                throw new XfsException(XfsException.EEXIST, what + "/" + name + ": File exists");
            }
            if (!dir.canEnter(tp, dp, bname, what)) {
                throw Dir2.multiBlock(what);
            }
            if (isDir && dp.nlink >= 0xffffffffL - 1) {
                throw new XfsException(XfsException.EINVAL, what + ": Too many links");
            }
            long ino = Ialloc.dialloc(tp, mp, dp.ino, mode);
            Inode ip = InodeInit.initNew(tp, mp, ino, mode, dp.ino, initXattrs);
            dir.addname(tp, dp, bname, ino, Dinode.modeToFtype(mode), what);
            if (isDir) {
                dp.nlink++;
            }
            Instant now = Instant.now();
            dp.touchModChg(now.getEpochSecond(), now.getNano());
            InodeLog.log(tp, mp, dp);
            InodeLog.log(tp, mp, ip);
            tp.commit();
            return ino;
        } finally {
            dp.ilock.writeLock().unlock();
        }
    }

    /**
     * Ports xfs_remove for a non-directory: removes the name, drops the link, and frees the inode when that was
     * the last link (what xfs_inactive does once the last reference goes; jxfs holds no open references).
     * Freeing a file that still owns data blocks needs bunmapi, which is not ported yet: refused before changes.
     */
    public synchronized void unlink(long parentIno, String name, String what) throws XfsException {
        remove(parentIno, name, what, false);
    }

    /** Ports xfs_remove for a directory (rmdir): it must be empty (ENOTEMPTY otherwise). */
    public synchronized void rmdir(long parentIno, String name, String what) throws XfsException {
        remove(parentIno, name, what, true);
    }

    private void remove(long parentIno, String name, String what, boolean isRmdir) throws XfsException {
        byte[] bname = checkName(name);
        Inode dp = dirInode(parentIno, what);
        dp.ilock.writeLock().lock();
        try (Trans tp = Trans.alloc(mp, TransResv.REMOVE, IallocFree.spaceRes(mp))) {
            long ino = dir.lookup(tp, dp, bname, what);
            if (ino < 0) {
                throw new XfsException(XfsException.ENOENT, what + "/" + name + ": No such file or directory");
            }
            Inode ip = mp.inodeCache().iget(tp, ino);
            ip.ilock.writeLock().lock();
            try {
                if (isRmdir && !ip.isDir()) {
                    throw new XfsException(XfsException.ENOTDIR, what + "/" + name + ": Not a directory");
                }
                if (!isRmdir && ip.isDir()) {
                    throw new XfsException(XfsException.EISDIR, what + "/" + name + ": Is a directory");
                }
                if (isRmdir) {
                    if (!dir.read(tp, ip, what + "/" + name).entries().isEmpty()) {
                        throw new XfsException(XfsException.ENOTEMPTY, what + "/" + name + ": Directory not empty");
                    }
                } else if (ip.nlink == 1 && (ip.nblocks != 0 || ip.nextents != 0 || ip.anextents != 0)) {
                    throw new XfsException(XfsException.EOPNOTSUPP, what + "/" + name
                            + ": freeing a file's data blocks is not supported yet");
                }
                dir.removename(tp, dp, bname, what);
                Instant now = Instant.now();
                dp.touchModChg(now.getEpochSecond(), now.getNano());
                ip.touchChg(now.getEpochSecond(), now.getNano());
                if (isRmdir) {
                    dp.nlink--;
                    emptyDir(tp, ip, what + "/" + name);
                    ip.nlink = 0;
                } else {
                    ip.nlink--;
                }
                InodeLog.log(tp, mp, dp);
                InodeLog.log(tp, mp, ip);
                if (ip.nlink == 0) {
                    IallocFree.ifree(tp, mp, ip);
                }
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        } finally {
            dp.ilock.writeLock().unlock();
        }
    }

    /** Drops an empty directory's contents (xfs_inactive_truncate of a directory): no block, empty fork. */
    private void emptyDir(Trans tp, Inode ip, String what) throws XfsException {
        if (dir.isBlock(ip, what)) {
            long parent = dir.read(tp, ip, what).parent();
            dir.removeBlock(tp, ip, parent);
        }
        ip.setSize(0);
    }
}
