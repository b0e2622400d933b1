// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.nio.file.Path;
import java.util.List;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;

/**
 * An XFS image opened read-write, as a user sees it (xfs_super.c's mount plus path walking): path-based namespace
 * operations over {@link Namespace}. Paths are absolute, "/"-separated, from the root directory.
 * <pre>{@code
 * try (Xfs fs = Xfs.open(img)) { fs.mkdir("/d", 0755); long ino = fs.create("/d/f", 0644); }
 * }</pre>
 */
public final class Xfs implements AutoCloseable {
    private final Mount mp;
    private final Namespace ns;

    private Xfs(Mount mp) {
        this.mp = mp;
        this.ns = new Namespace(mp);
    }

    /** Mounts {@code image} read-write (xfs_fs_fill_super). */
    public static Xfs open(Path image) throws XfsException {
        return open(image, XfsMountOptions.DEFAULTS);
    }

    /** Mounts {@code image} read-write with {@code options} (dax=always or dax=inode, the DAX behaviour). */
    public static Xfs open(Path image, XfsMountOptions options) throws XfsException {
        Mount mp = Mount.open(image, false);
        org.jxfs.iomap.DaxPolicy policy = org.jxfs.iomap.DaxPolicy.of(mp);
        policy.setAlways(options.daxAlways());
        policy.setMode(options.daxMode());
        DaxFiles.of(mp).pmem();     // the image is pmem: xfs_zero_extent becomes dax_clear_blocks
        Xfs fs = new Xfs(mp);
        if (mp.recoveredLog()) {
            try {
                UnlinkedInodes.inactivateAll(mp, fs.ns);
            } catch (XfsException | RuntimeException e) {
                mp.close();
                throw e;
            }
        }
        return fs;
    }

    /**
     * Mounts {@code image} read-only (mount -o ro): the image file is opened read-only, so it needs no write
     * permission, and nothing is ever written to it; files open read-only, changes fail with EROFS.
     */
    public static Xfs openReadOnly(Path image) throws XfsException {
        return new Xfs(Mount.open(image, true));
    }

    public Mount mount() {
        return mp;
    }

    public Namespace namespace() {
        return ns;
    }

    public long rootIno() {
        return mp.sb().rootino();
    }

    /** Resolves an absolute path to an inode number, or -1 when some component does not exist. */
    public long lookup(String path) throws XfsException {
        long ino = rootIno();
        String walked = "";
        for (String c : components(path)) {
            ino = ns.lookup(ino, c, walked.isEmpty() ? "/" : walked);
            if (ino < 0) {
                return -1;
            }
            walked += "/" + c;
        }
        return ino;
    }

    /** The inode of an existing path; ENOENT otherwise. */
    public Inode stat(String path) throws XfsException {
        return ns.iget(require(path));
    }

    public long create(String path, int mode) throws XfsException {
        return ns.create(require(parentOf(path)), nameOf(path), (mode & ~Dinode.S_IFMT) | Dinode.S_IFREG,
                parentOf(path));
    }

    /**
     * open(2) of a regular file, read-write unless {@code readOnly}; with {@code create}, O_CREAT with mode 0600
     * (what xfs_io -f asks for). A created file gets an empty attr fork as the kernel gives every file it creates
     * here (see {@link Namespace#create(long, String, int, String, boolean)}). ENOENT, EISDIR as open(2).
     */
    public XfsFile openFile(String path, boolean create, boolean readOnly) throws XfsException {
        return openFile(path, create, readOnly, false);
    }

    /** {@link #openFile(String, boolean, boolean)} with O_DIRECT when {@code direct}. */
    public XfsFile openFile(String path, boolean create, boolean readOnly, boolean direct) throws XfsException {
        return openFile(path, create, readOnly, direct, 0600);
    }

    /**
     * {@link #openFile(String, boolean, boolean, boolean)} creating a missing file with the permission bits
     * {@code createMode} (open(2)'s mode argument, the caller's umask already applied).
     */
    public XfsFile openFile(String path, boolean create, boolean readOnly, boolean direct, int createMode)
            throws XfsException {
        long ino = lookup(path);
        if (ino < 0) {
            if (!create) {
                throw new XfsException(XfsException.ENOENT, path + ": No such file or directory");
            }
            ino = ns.create(require(parentOf(path)), nameOf(path), (createMode & 07777) | Dinode.S_IFREG,
                    parentOf(path), true);
        }
        Inode ip = ns.iget(ino);
        if (ip.isDir() && !readOnly) {
            throw new XfsException(XfsException.EISDIR, path + ": Is a directory");
        }
        return new XfsFile(mp, ip, !readOnly, direct);
    }

    /** Creates (or opens) a regular file read-write: {@code openFile(path, true, false)}. */
    public XfsFile create(String path) throws XfsException {
        return openFile(path, true, false);
    }

    public long mkdir(String path, int mode) throws XfsException {
        return ns.create(require(parentOf(path)), nameOf(path), (mode & ~Dinode.S_IFMT) | Dinode.S_IFDIR,
                parentOf(path));
    }

    public void unlink(String path) throws XfsException {
        ns.unlink(require(parentOf(path)), nameOf(path), parentOf(path));
    }

    public void rmdir(String path) throws XfsException {
        ns.rmdir(require(parentOf(path)), nameOf(path), parentOf(path));
    }

    /** symlink(2): {@code path} becomes a symbolic link to {@code target}. */
    public long symlink(String target, String path) throws XfsException {
        return ns.symlink(require(parentOf(path)), nameOf(path), target, parentOf(path));
    }

    /** link(2): {@code newPath} becomes another name of the file at {@code existing}. */
    public void link(String existing, String newPath) throws XfsException {
        ns.link(require(existing), require(parentOf(newPath)), nameOf(newPath), parentOf(newPath));
    }

    /** rename(2): moves {@code from} to {@code to}, replacing what {@code to} names. */
    public void rename(String from, String to) throws XfsException {
        ns.rename(require(parentOf(from)), nameOf(from), require(parentOf(to)), nameOf(to), from + " -> " + to);
    }

    public List<DirEntry> readdir(String path) throws XfsException {
        return ns.readdir(require(path), normalize(path));
    }

    private long require(String path) throws XfsException {
        long ino = lookup(path);
        if (ino < 0) {
            throw new XfsException(XfsException.ENOENT, path + ": No such file or directory");
        }
        return ino;
    }

    private static List<String> components(String path) throws XfsException {
        if (!path.startsWith("/")) {
            throw new XfsException(XfsException.EINVAL, "path must be absolute: " + path);
        }
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    static String normalize(String path) throws XfsException {
        return "/" + String.join("/", components(path));
    }

    static String parentOf(String path) throws XfsException {
        List<String> c = components(path);
        if (c.isEmpty()) {
            throw new XfsException(XfsException.EINVAL, "the root has no parent");
        }
        return "/" + String.join("/", c.subList(0, c.size() - 1));
    }

    static String nameOf(String path) throws XfsException {
        List<String> c = components(path);
        if (c.isEmpty()) {
            throw new XfsException(XfsException.EINVAL, "the root has no name");
        }
        return c.get(c.size() - 1);
    }

    /**
     * Unmounts (xfs_fs_put_super after sync_filesystem): every file's cached dirty data is written back, the
     * speculative preallocation past EOF of every cached inode trimmed (inactivation), then the metadata written
     * and the image closed. A failure on the way still closes the image.
     */
    @Override
    public void close() throws XfsException {
        try {
            PageCache pc = PageCache.peek(mp);
            if (pc != null && !mp.readOnly() && !mp.isShutdown()) {
                pc.writebackAll();
                EofBlocks.freeAllEofblocks(mp, pc);
            }
        } finally {
            mp.close();
        }
    }

    /** sync(2): every file's cached dirty data written back, then the metadata (Mount.sync). */
    public void sync() throws XfsException {
        mp.checkShutdown();
        PageCache pc = PageCache.peek(mp);
        if (pc != null) {
            pc.writebackAll();
        }
        mp.sync();
    }
}
