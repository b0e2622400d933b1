// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An {@link IoFile} that records the calls it gets, keeps its data in an array and serves fixed extents: for
 * parsing and formatting tests only. Errors are injected by setting the {@code *Error} fields.
 */
final class FakeFile implements IoFile {
    final List<String> calls = new ArrayList<>();
    final List<IoExtent> extents = new ArrayList<>();
    long size;
    byte[] data = new byte[0];
    Integer xflags;
    int mode = IoInode.S_IFREG | 0600;
    /** A pwrite stops after this many bytes in total (a short write), when not negative. */
    long writeLimit = -1;
    IoException pwriteError;
    IoException preadError;
    IoException fsyncError;
    IoException setxflagsError;
    /** mmap fails with this, when set; null maps (a page-cache file: pages past EOF's page raise SIGBUS). */
    IoException mmapError;

    @Override
    public void fallocate(long offset, long length, boolean keepSize) {
        calls.add("fallocate " + offset + " " + length + (keepSize ? " keep" : ""));
        if (!keepSize) {
            size = Math.max(size, offset + length);
        }
    }

    @Override
    public void punchHole(long offset, long length) {
        calls.add("punch " + offset + " " + length);
    }

    @Override
    public void zeroRange(long offset, long length, boolean keepSize) {
        calls.add("zero " + offset + " " + length + (keepSize ? " keep" : ""));
    }

    @Override
    public void truncate(long newSize) {
        calls.add("truncate " + newSize);
        size = newSize;
    }

    @Override
    public int pwrite(long pos, byte[] buf, int off, int len) throws IoException {
        if (pwriteError != null) {
            throw pwriteError;
        }
        if (writeLimit >= 0) {
            len = (int) Math.min(len, writeLimit);
            writeLimit -= len;
        }
        calls.add("pwrite " + pos + " " + len + (len > 0 ? String.format(" %02x", buf[off] & 0xff) : ""));
        if (len > 0) {
            if (pos + len > data.length) {
                data = Arrays.copyOf(data, (int) (pos + len));
            }
            System.arraycopy(buf, off, data, (int) pos, len);
            size = Math.max(size, pos + len);
        }
        return len;
    }

    @Override
    public int pread(long pos, byte[] buf, int off, int len) throws IoException {
        if (preadError != null) {
            throw preadError;
        }
        calls.add("pread " + pos + " " + len);
        if (pos < 0) {
            throw new IoException(Errno.EINVAL);
        }
        if (pos >= size) {
            return 0;
        }
        int n = (int) Math.min(len, size - pos);
        for (int i = 0; i < n; i++) {
            buf[off + i] = pos + i < data.length ? data[(int) (pos + i)] : 0;
        }
        return n;
    }

    @Override
    public void fsync() throws IoException {
        calls.add("fsync");
        if (fsyncError != null) {
            throw fsyncError;
        }
    }

    @Override
    public void fdatasync() throws IoException {
        calls.add("fdatasync");
        if (fsyncError != null) {
            throw fsyncError;
        }
    }

    @Override
    public IoMapping mmap(long offset, long length, boolean writable, boolean sync) throws IoException {
        calls.add("mmap " + offset + " " + length + (writable ? " rw" : " ro") + (sync ? " sync" : ""));
        if (mmapError != null) {
            throw mmapError;
        }
        return new IoMapping() {
            private void check(long pos) throws IoSignal {
                if (pos >= ((size + 4095) & -4096L)) {
                    throw new IoSignal(IoSignal.SIGBUS, "past EOF at " + pos);
                }
            }

            @Override
            public byte load(long pos) throws IoException {
                check(pos);
                return pos < data.length ? data[(int) pos] : 0;
            }

            @Override
            public void store(long pos, byte value) throws IoException {
                check(pos);
                if (pos >= data.length) {
                    data = Arrays.copyOf(data, (int) pos + 1);
                }
                data[(int) pos] = value;
            }

            @Override
            public void msync(long pos, long len, boolean syncWrites) {
                calls.add("msync " + pos + " " + len + (syncWrites ? " sync" : ""));
            }

            @Override
            public void munmap() {
                calls.add("munmap " + offset + " " + length);
            }
        };
    }

    @Override
    public int fsxflags() {
        return xflags != null ? xflags : Xflags.fromInode(inode());
    }

    @Override
    public void fssetxflags(int x) throws IoException {
        calls.add("setxflags 0x" + Integer.toHexString(x));
        if (setxflagsError != null) {
            throw setxflagsError;
        }
        xflags = x;
    }

    @Override
    public IoInode inode() {
        return new IoInode(67, mode, size, 0, IoInode.DIFLAG_PREALLOC, 0, 0, 0, 0, extents.size(),
                0, true, 0, 0, 0);
    }

    @Override
    public IoGeometry geometry() {
        return new IoGeometry(4096, 512, 4096, 12, 4, 0, 0, 512);
    }

    @Override
    public List<IoExtent> extents(boolean attrFork) {
        return attrFork ? List.of() : extents;
    }

    @Override
    public void close() {
    }
}
