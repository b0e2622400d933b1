// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jxfs.bmap.BmapUtil;
import org.jxfs.bmap.Ifork;
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
 * Each operation locks the directories it changes (ILOCK_EXCL, ILOCK_SHARED to read), parent before child, so
 * operations in different directories run at once; a rename between two directories also holds the rename lock
 * (the VFS's s_vfs_rename_mutex), under which the directory tree's shape cannot change, and locks an ancestor
 * directory before its descendant, then the source and target inodes in inode-number order. The last link of
 * a file going frees its blocks (xfs_itruncate_extents) and then its inode (xfs_ifree), as xfs_inactive does
 * once the last reference goes (jxfs holds no open references).
 */
public final class Namespace {
    /** MAXNAMELEN - 1: the longest name a directory entry can hold. */
    public static final int MAXNAMELEN = 255;
    /** XFS_MAXLINK: the most links an inode may have. */
    public static final long MAXLINK = (1L << 31) - 1;

    private final Mount mp;
    private final Dir2 dir;
    /** s_vfs_rename_mutex: held by renames between two directories. */
    private final ReentrantLock renameLock = new ReentrantLock();

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
    public long lookup(long dirIno, String name, String what) throws XfsException {
        Inode dp = dirInode(dirIno, what);
        dp.ilock.readLock().lock();
        try {
            return dir.lookupIno(null, dp, name.getBytes(StandardCharsets.UTF_8));
        } finally {
            dp.ilock.readLock().unlock();
        }
    }

    /** Ports xfs_readdir: ".", "..", then every entry in directory order, with inode numbers and file types. */
    public List<DirEntry> readdir(long dirIno, String what) throws XfsException {
        Inode dp = dirInode(dirIno, what);
        dp.ilock.readLock().lock();
        try {
            Dir2.Contents c = dir.read(null, dp);
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
     * become now. EEXIST when the name exists, EMLINK when the parent has XFS_MAXLINK links.
     */
    public long create(long parentIno, String name, int mode, String what) throws XfsException {
        return create(parentIno, name, mode, what, false);
    }

    /**
     * {@link #create(long, String, int, String)} with xfs_create's {@code init_xattrs}: when true the new inode
     * starts with an empty attr fork, as every file the kernel here creates does (xfs_create_need_xattr).
     */
    public long create(long parentIno, String name, int mode, String what, boolean initXattrs)
            throws XfsException {
        return create(parentIno, name, mode, what, initXattrs, null, 0);
    }

    /**
     * Ports xfs_create as the VFS's mknod calls it for a device file: {@code rdev} (the on-disk number,
     * {@link Dinode#encodeDev}) goes into the new inode's data fork, as xfs_inode_to_disk puts i_rdev.
     */
    public long mknod(long parentIno, String name, int mode, long rdev, String what) throws XfsException {
        int fmt = mode & Dinode.S_IFMT;
        if (fmt != Dinode.S_IFCHR && fmt != Dinode.S_IFBLK) {
            throw new XfsException(XfsException.EINVAL, what + "/" + name + ": mknod of a device needs S_IFCHR or"
                    + " S_IFBLK, not mode 0" + Integer.toOctalString(mode));
        }
        return create(parentIno, name, mode, what, false, null, rdev);
    }

    /**
     * Ports xfs_symlink: a symbolic link to {@code target} (at most 1024 bytes, ENAMETOOLONG otherwise), the target
     * in the inode when it fits and in blocks otherwise.
     */
    public long symlink(long parentIno, String name, String target, String what) throws XfsException {
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        if (t.length == 0 || t.length > Symlink.MAXLEN) {
            throw new XfsException(t.length == 0 ? XfsException.ENOENT : XfsException.ENAMETOOLONG,
                    what + "/" + name + ": symlink target of " + t.length + " bytes");
        }
        return create(parentIno, name, Dinode.S_IFLNK | 0777, what, false, t, 0);
    }

    private long create(long parentIno, String name, int mode, String what, boolean initXattrs, byte[] target,
            long rdev) throws XfsException {
        byte[] bname = checkName(name);
        if ((mode & Dinode.S_IFMT) == 0) {
            mode |= Dinode.S_IFREG;
        }
        boolean isDir = (mode & Dinode.S_IFMT) == Dinode.S_IFDIR;
        Inode dp = dirInode(parentIno, what);
        long resblks = Ialloc.spaceRes(mp) + dir.blocks.enterSpaceRes(bname.length)
                + (target != null ? mp.geometry().bToFsb(Symlink.MAXLEN) + 1 : 0);
        dp.ilock.writeLock().lock();
        try (Trans tp = Trans.alloc(mp, isDir ? TransResv.MKDIR : TransResv.CREATE, resblks)) {
            if (dir.lookupIno(tp, dp, bname) >= 0) {
                throw new XfsException(XfsException.EEXIST, what + "/" + name + ": File exists");
            }
            if (isDir && dp.nlink >= MAXLINK) {
                throw new XfsException(XfsException.EMLINK, what + ": Too many links");
            }
            long ino = Ialloc.dialloc(tp, mp, dp.ino, mode);
            Inode ip = InodeInit.initNew(tp, mp, ino, mode, dp.ino, initXattrs);
            if (rdev != 0) {
                Dinode.putRdev(ip.dataFork, rdev);
            }
            if (target != null) {
                ip.ilock.writeLock().lock();
                try {
                    Symlink.writeTarget(tp, mp, ip, target);
                } finally {
                    ip.ilock.writeLock().unlock();
                }
            }
            dir.addname(tp, dp, bname, ino, Dinode.modeToFtype(mode));
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
     * Ports xfs_setattr_nonsize for what populating an image sets: permission bits (the file type stays), owner,
     * group, atime and mtime; ctime becomes now.
     */
    public void setattr(long ino, int perm, long uid, long gid, long atimeSec, long atimeNsec,
            long mtimeSec, long mtimeNsec) throws XfsException {
        Inode ip = iget(ino);
        ip.ilock.writeLock().lock();
        try (Trans tp = Trans.alloc(mp, TransResv.ICHANGE, 0)) {
            ip.mode = (ip.mode & Dinode.S_IFMT) | (perm & 07777);
            ip.uid = uid;
            ip.gid = gid;
            ip.atimeSec = atimeSec;
            ip.atimeNsec = atimeNsec;
            ip.mtimeSec = mtimeSec;
            ip.mtimeNsec = mtimeNsec;
            Instant now = Instant.now();
            ip.touchChg(now.getEpochSecond(), now.getNano());
            InodeLog.log(tp, mp, ip);
            tp.commit();
        } finally {
            ip.ilock.writeLock().unlock();
        }
    }

    /**
     * Ports xfs_link: a new name for an existing non-directory. EPERM for a directory (the VFS refuses hard
     * links to directories), EEXIST when the name exists, EMLINK at XFS_MAXLINK links.
     */
    public void link(long ino, long parentIno, String name, String what) throws XfsException {
        byte[] bname = checkName(name);
        Inode dp = dirInode(parentIno, what);
        Inode ip = iget(ino);
        if (ip.isDir()) {
            throw new XfsException(XfsException.EPERM, what + "/" + name + ": Operation not permitted");
        }
        dp.ilock.writeLock().lock();
        ip.ilock.writeLock().lock();
        try (Trans tp = Trans.alloc(mp, TransResv.LINK, dir.blocks.enterSpaceRes(bname.length))) {
            if (dir.lookupIno(tp, dp, bname) >= 0) {
                throw new XfsException(XfsException.EEXIST, what + "/" + name + ": File exists");
            }
            if (ip.nlink >= MAXLINK) {
                throw new XfsException(XfsException.EMLINK, what + "/" + name + ": Too many links");
            }
            dir.addname(tp, dp, bname, ip.ino, Dinode.modeToFtype(ip.mode));
            ip.nlink++;
            Instant now = Instant.now();
            dp.touchModChg(now.getEpochSecond(), now.getNano());
            ip.touchChg(now.getEpochSecond(), now.getNano());
            InodeLog.log(tp, mp, dp);
            InodeLog.log(tp, mp, ip);
            tp.commit();
        } finally {
            ip.ilock.writeLock().unlock();
            dp.ilock.writeLock().unlock();
        }
    }

    /**
     * Ports xfs_remove for a non-directory: removes the name and drops the link; the last link gone, the file's
     * blocks and then its inode are freed.
     */
    public void unlink(long parentIno, String name, String what) throws XfsException {
        remove(parentIno, name, what, false);
    }

    /** Ports xfs_remove for a directory (rmdir): it must be empty (ENOTEMPTY otherwise). */
    public void rmdir(long parentIno, String name, String what) throws XfsException {
        remove(parentIno, name, what, true);
    }

    private void remove(long parentIno, String name, String what, boolean isRmdir) throws XfsException {
        byte[] bname = checkName(name);
        Inode dp = dirInode(parentIno, what);
        dp.ilock.writeLock().lock();
        Inode ip = null;
        try {
            try (Trans tp = Trans.alloc(mp, TransResv.REMOVE, dir.blocks.enterSpaceRes(0) + IallocFree.spaceRes(mp))) {
                long ino = dir.lookupIno(tp, dp, bname);
                if (ino < 0) {
                    throw new XfsException(XfsException.ENOENT, what + "/" + name + ": No such file or directory");
                }
                ip = mp.inodeCache().iget(tp, ino);
                ip.ilock.writeLock().lock();
                if (isRmdir && !ip.isDir()) {
                    throw new XfsException(XfsException.ENOTDIR, what + "/" + name + ": Not a directory");
                }
                if (!isRmdir && ip.isDir()) {
                    throw new XfsException(XfsException.EISDIR, what + "/" + name + ": Is a directory");
                }
                if (isRmdir && !dir.isEmpty(ip)) {
                    throw new XfsException(XfsException.ENOTEMPTY, what + "/" + name + ": Directory not empty");
                }
                checkFreeable(ip, what + "/" + name, isRmdir ? 2 : 1);
                dir.removename(tp, dp, bname);
                Instant now = Instant.now();
                dp.touchModChg(now.getEpochSecond(), now.getNano());
                ip.touchChg(now.getEpochSecond(), now.getNano());
                if (isRmdir) {
                    dp.nlink--;
                    ip.nlink = 0;
                    ip.setSize(0);
                } else {
                    ip.nlink--;
                }
                InodeLog.log(tp, mp, dp);
                InodeLog.log(tp, mp, ip);
                if (ip.nlink == 0 && !mapsAnything(ip)) {
                    IallocFree.ifree(tp, mp, ip);
                }
                tp.commit();
            }
            if (ip.nlink == 0 && ip.mode != 0) {
                inactive(ip);
            }
        } finally {
            if (ip != null && ip.ilock.isWriteLockedByCurrentThread()) {
                ip.ilock.writeLock().unlock();
            }
            dp.ilock.writeLock().unlock();
        }
    }

    /**
     * Ports xfs_rename (no flags): moves {@code srcName} in {@code srcParentIno} to {@code dstName} in
     * {@code dstParentIno}, replacing an existing target as rename(2) does. Refusals, checked before anything
     * changes, with the errno the kernel (and the VFS above it) gives: ENOENT (no source), EINVAL (a directory
     * into itself or its own subtree), ENOTDIR / EISDIR (a directory over a non-directory, or the reverse), EEXIST
     * (a target directory that is not empty, xfs_rename's choice), EMLINK (a directory moved into a parent at
     * XFS_MAXLINK links). Renaming a name onto another name of the same inode does nothing.
     */
    public void rename(long srcParentIno, String srcName, long dstParentIno, String dstName,
            String what) throws XfsException {
        byte[] sname = checkName(srcName);
        byte[] tname = checkName(dstName);
        Inode sdp = dirInode(srcParentIno, what);
        Inode tdp = dirInode(dstParentIno, what);
        long resblks = dir.blocks.enterSpaceRes(tname.length) + IallocFree.spaceRes(mp);
        List<Inode> locked = new ArrayList<>();
        Inode tip = null;
        boolean newParent = sdp != tdp;
        Set<Long> tdpAncestry = Set.of();
        if (newParent) {
            renameLock.lock();
        }
        try {
            if (newParent) {
                // lock_rename: with the tree's shape fixed, an ancestor is locked before its descendant.
                tdpAncestry = ancestry(tdp);
                boolean sdpFirst = tdpAncestry.contains(sdp.ino) || !ancestry(sdp).contains(tdp.ino);
                lockAll(locked, sdpFirst ? sdp : tdp, null);
                lockAll(locked, sdpFirst ? tdp : sdp, null);
            } else {
                lockAll(locked, sdp, null);
            }
            try (Trans tp = Trans.alloc(mp, TransResv.RENAME, resblks)) {
                long sino = dir.lookupIno(tp, sdp, sname);
                if (sino < 0) {
                    throw new XfsException(XfsException.ENOENT, what + ": " + srcName + ": No such file or directory");
                }
                Inode sip = mp.inodeCache().iget(tp, sino);
                long tino = dir.lookupIno(tp, tdp, tname);
                if (tino == sino) {
                    return;
                }
                tip = tino >= 0 ? mp.inodeCache().iget(tp, tino) : null;
                lockAll(locked, sip, tip);
                boolean srcIsDir = sip.isDir();
                if (srcIsDir && newParent && tdpAncestry.contains(sip.ino)) {
                    throw new XfsException(XfsException.EINVAL, what + ": " + srcName
                            + ": Invalid argument (a directory cannot move into itself)");
                }
                if (tip != null) {
                    if (srcIsDir && !tip.isDir()) {
                        throw new XfsException(XfsException.ENOTDIR, what + ": " + dstName + ": Not a directory");
                    }
                    if (!srcIsDir && tip.isDir()) {
                        throw new XfsException(XfsException.EISDIR, what + ": " + dstName + ": Is a directory");
                    }
                    if (tip.isDir() && (!dir.isEmpty(tip) || tip.nlink > 2)) {
                        throw new XfsException(XfsException.EEXIST, what + ": " + dstName + ": File exists");
                    }
                    checkFreeable(tip, what + ": " + dstName, tip.isDir() ? 2 : 1);
                } else if (srcIsDir && newParent && tdp.nlink >= MAXLINK) {
                    throw new XfsException(XfsException.EMLINK, what + ": " + dstName + ": Too many links");
                }
                Instant now = Instant.now();
                if (tip == null) {
                    dir.addname(tp, tdp, tname, sino, Dinode.modeToFtype(sip.mode));
                    if (srcIsDir && newParent) {
                        tdp.nlink++;
                    }
                } else {
                    dir.replace(tp, tdp, tname, sino, Dinode.modeToFtype(sip.mode));
                    if (tip.isDir()) {
                        tip.nlink = 0;
                        tip.setSize(0);
                        if (!srcIsDir || !newParent) {
                            tdp.nlink--;
                        }
                    } else {
                        tip.nlink--;
                    }
                    tip.touchChg(now.getEpochSecond(), now.getNano());
                    InodeLog.log(tp, mp, tip);
                }
                if (srcIsDir && newParent) {
                    dir.replace(tp, sip, new byte[] {'.', '.'}, tdp.ino, Dir2Sf.FT_DIR);
                    sdp.nlink--;
                }
                dir.removename(tp, sdp, sname);
                sip.touchChg(now.getEpochSecond(), now.getNano());
                sdp.touchModChg(now.getEpochSecond(), now.getNano());
                tdp.touchModChg(now.getEpochSecond(), now.getNano());
                InodeLog.log(tp, mp, sip);
                InodeLog.log(tp, mp, sdp);
                InodeLog.log(tp, mp, tdp);
                if (tip != null && tip.nlink == 0 && !mapsAnything(tip)) {
                    IallocFree.ifree(tp, mp, tip);
                }
                tp.commit();
            }
            if (tip != null && tip.nlink == 0 && tip.mode != 0) {
                inactive(tip);
            }
        } finally {
            for (int i = locked.size() - 1; i >= 0; i--) {
                locked.get(i).ilock.writeLock().unlock();
            }
            if (newParent) {
                renameLock.unlock();
            }
        }
    }

    /**
     * Takes ILOCK_EXCL on each inode not yet held, in inode-number order within the call (xfs_lock_inodes after
     * xfs_sort_for_rename).
     */
    private static void lockAll(List<Inode> locked, Inode a, Inode b) {
        Inode first = a, second = b;
        if (first != null && second != null && second.ino < first.ino) {
            first = b;
            second = a;
        }
        for (Inode ip : new Inode[] {first, second}) {
            if (ip != null && !locked.contains(ip)) {
                ip.ilock.writeLock().lock();
                locked.add(ip);
            }
        }
    }

    /**
     * The inode numbers of {@code dp} and every directory above it up to the root, each read under its own shared
     * lock and nothing else held (the VFS's d_ancestor walk). Stable while the rename lock is held.
     */
    private Set<Long> ancestry(Inode dp) throws XfsException {
        Set<Long> out = new HashSet<>();
        Inode cur = dp;
        while (out.add(cur.ino)) {
            if (cur.ino == mp.sb().rootino()) {
                return out;
            }
            long parent;
            cur.ilock.readLock().lock();
            try {
                parent = dir.lookupIno(null, cur, new byte[] {'.', '.'});
            } finally {
                cur.ilock.readLock().unlock();
            }
            cur = iget(parent);
        }
        throw new XfsException(XfsException.EFSCORRUPTED, "directory loop above inode " + dp.ino);
    }

    /**
     * True when an unlinked inode still has something to give back before xfs_ifree: blocks, extents (delayed
     * allocations included) or cached pages. Such an inode goes through {@link #inactive}.
     */
    private boolean mapsAnything(Inode ip) {
        Ifork df = Ifork.peek(ip);
        PageCache pc = PageCache.peek(mp);
        return ip.nblocks != 0 || ip.nextents != 0 || (df != null && df.iext().count() != 0)
                || (pc != null && pc.peekSpace(ip) != null);
    }

    /**
     * An inode about to lose its last link must be one jxfs can free: blocks in an attribute fork (an extent or
     * btree attr fork) are not freed yet, so that is refused before anything changes.
     */
    private static void checkFreeable(Inode ip, String what, long lastLinks) throws XfsException {
        if (ip.nlink <= lastLinks && ip.anextents != 0) {
            throw new XfsException(XfsException.EOPNOTSUPP, what
                    + ": freeing an attribute fork's blocks is not supported yet");
        }
    }

    /**
     * Ports xfs_inactive for an unlinked inode that still maps blocks: xfs_inactive_truncate (di_size 0, then
     * xfs_itruncate_extents in transactions of its own), then xfs_inactive_ifree.
     */
    private void inactive(Inode ip) throws XfsException {
        inactiveTruncate(ip);
        try (Trans tp = Trans.alloc(mp, TransResv.IFREE, IallocFree.spaceRes(mp))) {
            IallocFree.ifree(tp, mp, ip);
            tp.commit();
        }
    }

    /**
     * The first half of xfs_inactive for an unlinked inode: its cached pages and DAX mappings dropped, then
     * xfs_inactive_truncate (di_size 0, then xfs_itruncate_extents in transactions of its own) when it maps
     * anything.
     */
    void inactiveTruncate(Inode ip) throws XfsException {
        if (!mapsAnything(ip)) {
            return;
        }
        // evict: the cached pages go, dirty or not (truncate_inode_pages_final), and any DAX mappings
        PageCache pc = PageCache.peek(mp);
        if (pc != null) {
            pc.forget(ip);
        }
        DaxFiles.invalidate(mp, ip, 0, Long.MAX_VALUE);
        try (Trans tp = Trans.alloc(mp, TransResv.ITRUNCATE, 0)) {
            ip.setSize(0);
            InodeLog.log(tp, mp, ip);
            tp.commit();
        }
        BmapUtil.itruncateExtents(mp, ip, 0);
    }
}
