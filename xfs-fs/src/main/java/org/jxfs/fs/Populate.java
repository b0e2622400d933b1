// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jxfs.core.InvalidArgumentException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;

/**
 * Populates a filesystem from a directory tree, as {@code mkfs.xfs -p DIR} (newer xfsprogs) and {@code mke2fs -d}
 * do: names, types, permission bits, owners, atimes and mtimes, file contents, symbolic links, hard links (files
 * sharing an inode in the source share one here), FIFOs, sockets and device files. Nothing is mounted and no privilege is needed;
 * the source is read without following symbolic links. Device files keep their major and minor numbers.
 */
public final class Populate {
    /** Contents are copied in O_DIRECT writes of this many bytes (the last one padded to a sector, then trimmed). */
    static final int CHUNK = 1 << 20;
    private static final int SECTOR = 512;

    private final Xfs fs;
    private final Path src;
    private final Map<Object, String> firstPathOfInode = new HashMap<>();
    private final byte[] buf = new byte[CHUNK];

    private Populate(Xfs fs, Path src) {
        this.fs = fs;
        this.src = src;
    }

    /** Copies everything under {@code src} into the filesystem's root, and the root's own attributes. */
    public static void fromDirectory(Xfs fs, Path src) throws XfsException {
        if (!Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgumentException(src + ": not a directory");
        }
        Populate p = new Populate(fs, src);
        try {
            Files.walkFileTree(src, p.visitor());
        } catch (IOException e) {
            if (e.getCause() instanceof XfsException x) {
                throw x;
            }
            throw new XfsException(XfsException.EIO, "reading " + src + ": " + e.getMessage(), e);
        }
    }

    private String target(Path p) {
        Path rel = src.relativize(p);
        return rel.toString().isEmpty() ? "/" : "/" + rel.toString().replace('\\', '/');
    }

    private SimpleFileVisitor<Path> visitor() {
        return new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(src)) {
                    wrap(() -> fs.mkdir(target(dir), 0755));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                wrap(() -> copy(file));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                wrap(() -> attributes(dir, fs.lookup(target(dir))));
                return FileVisitResult.CONTINUE;
            }
        };
    }

    private interface Step {
        void run() throws XfsException, IOException;
    }

    private static void wrap(Step s) throws IOException {
        try {
            s.run();
        } catch (XfsException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void copy(Path file) throws XfsException, IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:mode,ino,dev,rdev,nlink,size",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String to = target(file);
        int type = mode & Dinode.S_IFMT;
        if (type == Dinode.S_IFLNK) {
            attributes(file, fs.symlink(Files.readSymbolicLink(file).toString(), to));
            return;
        }
        if ((Integer) a.get("nlink") > 1) {
            Object key = List.of(a.get("dev"), a.get("ino"));
            String first = firstPathOfInode.putIfAbsent(key, to);
            if (first != null) {
                fs.link(first, to);
                return;
            }
        }
        if (type == Dinode.S_IFCHR || type == Dinode.S_IFBLK) {
            long rdev = (Long) a.get("rdev");
            attributes(file, fs.namespace().mknod(fs.lookup(parent(to)), to.substring(to.lastIndexOf('/') + 1),
                    type | (mode & 07777), Dinode.encodeDev(linuxMajor(rdev), linuxMinor(rdev)), parent(to)));
            return;
        }
        if (type != Dinode.S_IFREG) {
            long ino = fs.namespace().create(fs.lookup(parent(to)), to.substring(to.lastIndexOf('/') + 1),
                    type | (mode & 07777), parent(to));
            attributes(file, ino);
            return;
        }
        long ino = fs.create(to, mode & 07777);
        if ((Long) a.get("size") > 0) {
            try (InputStream in = Files.newInputStream(file)) {
                copyInto(fs, to, in, buf);
            }
        }
        attributes(file, ino);
    }

    /** glibc's gnu_dev_major: the major number of a dev_t as stat(2) returns it. */
    static long linuxMajor(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    /** glibc's gnu_dev_minor: the minor number of a dev_t as stat(2) returns it. */
    static long linuxMinor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }

    /**
     * Writes everything {@code in} holds into the file at {@code path} from offset 0: O_DIRECT writes of
     * {@code buf.length} bytes, the last padded with zeros to a sector and the file then truncated to the exact
     * length.
     */
    static void copyInto(Xfs fs, String path, InputStream in, byte[] buf) throws XfsException, IOException {
        try (XfsFile f = fs.openFile(path, false, false, true)) {
            long pos = 0;
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                int padded = (n + SECTOR - 1) / SECTOR * SECTOR;
                Arrays.fill(buf, n, padded, (byte) 0);
                f.pwrite(pos, buf, 0, padded);
                pos += n;
            }
            if (f.size() != pos) {
                f.truncate(pos);
            }
        }
    }

    private static String parent(String to) {
        int i = to.lastIndexOf('/');
        return i == 0 ? "/" : to.substring(0, i);
    }

    private void attributes(Path p, long ino) throws XfsException, IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,lastAccessTime,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        FileTime at = (FileTime) a.get("lastAccessTime");
        FileTime mt = (FileTime) a.get("lastModifiedTime");
        fs.namespace().setattr(ino, (Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
                at.toInstant().getEpochSecond(), at.toInstant().getNano(), mt.toInstant().getEpochSecond(),
                mt.toInstant().getNano());
    }
}
