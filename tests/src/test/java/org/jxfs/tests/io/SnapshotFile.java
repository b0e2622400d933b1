// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.XfsDb;
import org.jxfs.tools.io.Errno;
import org.jxfs.tools.io.IoException;
import org.jxfs.tools.io.IoExtent;
import org.jxfs.tools.io.IoFile;
import org.jxfs.tools.io.IoGeometry;
import org.jxfs.tools.io.IoInode;

/**
 * A read-only {@link IoFile} over an inode of an unmounted image, read with xfs_db (the superblock, the inode
 * core and its extent records, {@code u3.bmx}): what the kernel left on disk, obtained without any bmap code.
 * Timestamps are not parsed from xfs_db's text: the caller passes what stat(2) returned before unmounting.
 */
final class SnapshotFile implements IoFile {
    private static final Pattern BMX = Pattern.compile("(\\d+):\\[(\\d+),(\\d+),(\\d+),(\\d)\\]");

    private final IoGeometry geo;
    private final IoInode inode;
    private final List<IoExtent> extents;

    SnapshotFile(IoGeometry geo, IoInode inode, List<IoExtent> extents) {
        this.geo = geo;
        this.inode = inode;
        this.extents = List.copyOf(extents);
    }

    static IoGeometry geometry(Path img) {
        LinkedHashMap<String, String> sb = XfsDb.printFields(img, "sb 0");
        return new IoGeometry((int) n(sb, "blocksize"), (int) n(sb, "sectsize"), n(sb, "agblocks"),
                (int) n(sb, "agblklog"), n(sb, "agcount"), n(sb, "unit"), n(sb, "width"), 512);
    }

    /** Reads inode {@code ino}; {@code times} are atime, mtime, ctime in seconds. */
    static SnapshotFile read(Path img, IoGeometry geo, long ino, long[] times) {
        LinkedHashMap<String, String> c = XfsDb.printFields(img, "inode " + ino);
        int diflags = 0;
        String[] names = {"realtime", "prealloc", "newrtbm", "immutable", "append", "sync", "noatime", "nodump",
                "rtinherit", "projinherit", "nosymlinks", "extsz", "extszinherit", "nodefrag", "filestream"};
        for (int bit = 0; bit < names.length; bit++) {
            if (n(c, "core." + names[bit]) != 0) {
                diflags |= 1 << bit;
            }
        }
        long forkoff = n(c, "core.forkoff");
        long projid = n(c, "core.projid_lo") | n(c, "core.projid_hi") << 16;
        IoInode ip = new IoInode(ino, (int) n(c, "core.mode"), n(c, "core.size"), n(c, "core.nblocks"), diflags, 0,
                projid, n(c, "core.extsize"), 0, n(c, "core.nextents"), n(c, "core.naextents"), forkoff != 0,
                times[0], times[1], times[2]);
        List<IoExtent> ext = new ArrayList<>();
        if (n(c, "core.nextents") > 0) {
            ProcessResult r = XfsDb.run(img, "inode " + ino, "print u3.bmx");
            Matcher m = BMX.matcher(r.stdout());
            while (m.find()) {
                ext.add(new IoExtent(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4)), m.group(5).equals("1")));
            }
            if (ext.size() != n(c, "core.nextents")) {
                throw new IllegalStateException("inode " + ino + ": expected " + n(c, "core.nextents")
                        + " extent records (btree format is not read here):\n" + r.describe());
            }
        }
        return new SnapshotFile(geo, ip, ext);
    }

    private static long n(LinkedHashMap<String, String> f, String name) {
        String v = f.get(name);
        if (v == null) {
            throw new IllegalStateException("xfs_db printed no " + name + ": " + f.keySet());
        }
        return XfsDb.number(v);
    }

    @Override
    public void fallocate(long offset, long length, boolean keepSize) throws IoException {
        throw new IoException(Errno.EBADF);
    }

    @Override
    public void punchHole(long offset, long length) throws IoException {
        throw new IoException(Errno.EBADF);
    }

    @Override
    public void zeroRange(long offset, long length, boolean keepSize) throws IoException {
        throw new IoException(Errno.EBADF);
    }

    @Override
    public void truncate(long size) throws IoException {
        throw new IoException(Errno.EINVAL);
    }

    @Override
    public IoInode inode() {
        return inode;
    }

    @Override
    public IoGeometry geometry() {
        return geo;
    }

    @Override
    public List<IoExtent> extents(boolean attrFork) {
        return attrFork ? List.of() : extents;
    }

    @Override
    public void close() {
    }
}
