// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

import java.util.List;
import java.util.function.IntConsumer;
import org.jxfs.core.XfsException;
import org.jxfs.fs.FallocMode;
import org.jxfs.fs.FileMapping;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;

/**
 * Runs a checked op log ({@link FsxLogCheck}) on a file of a mounted image as fsx ran it (fsx.c's {@code test}
 * loop under {@code --replay-ops}, but numbering ops as the recording run did, skip lines included): buffered
 * pread/pwrite, page-cache mappings for mapread/mapwrite, fallocate in fsx's modes (collapse and insert
 * included), copy_file_range within the file, ftruncate, close and reopen where the log says {@code close_open}. Every op is applied to an {@link FsxModel} too, and every read and mapped
 * read is compared with it; the first difference ends the run.
 */
final class FsxReplay {
    private static final long PAGE = 4096;
    /** The size fsx's start-up check truncates the file to and back (fsx.c's main, before the first op). */
    private static final long STARTUP_TRUNCATE = 100000;
    /** A pipe's default capacity, PIPE_DEF_BUFFERS (16) pages: what do_splice_direct moves per round. */
    private static final int SPLICE_CHUNK = 16 * (int) PAGE;

    private final Xfs fs;
    private final String path;
    private final FsxData data;
    private final FsxModel model = new FsxModel();
    private XfsFile file;
    private byte[] buf = new byte[64 * 1024];

    FsxReplay(Xfs fs, String path, FsxData data) {
        this.fs = fs;
        this.path = path;
        this.data = data;
    }

    /** What the file should hold after the ops run so far. */
    FsxModel model() {
        return model;
    }

    /**
     * Opens (creating) and empties the file and replays {@code ops}; {@code progress} gets the number of ops done.
     * Returns null when every read matched the model, else a one-line description of the first mismatch, which
     * names its op number. An error of the file system ends the run as an {@link XfsException}.
     */
    String run(List<FsxOp> ops, IntConsumer progress) throws XfsException {
        file = fs.openFile(path, true, false);
        try {
            startup();
            int done = 0;
            for (FsxOp op : ops) {
                if (!op.skip()) {
                    String bad;
                    try {
                        bad = apply(op);
                    } catch (XfsException e) {
                        throw new XfsException(e.errno(), "op " + op.number() + ": " + op.describe() + ": "
                                + e.getMessage(), e);
                    }
                    if (bad != null) {
                        return "op " + op.number() + ": " + op.describe() + ": " + bad;
                    }
                    if (op.closeOpen()) {
                        file.close();
                        file = fs.openFile(path, false, false);
                    }
                }
                progress.accept(++done);
            }
            return null;
        } finally {
            file.close();
        }
    }

    /**
     * The calls fsx makes before its first logged op: O_TRUNC, ftruncate to 0, to 100000 and back (fsx.c's main),
     * and for each fallocate mode a probe of one byte at offset 0 followed by ftruncate to 0 (fsx.c's
     * {@code test_fallocate}; the collapse and insert probes fail with EINVAL and change nothing). The file is
     * left empty with the inode's prealloc flag set, as the kernel left it.
     */
    private void startup() throws XfsException {
        file.truncate(0);
        file.truncate(STARTUP_TRUNCATE);
        file.truncate(0);
        int[] modes = {FallocMode.ALLOCATE_RANGE, FallocMode.KEEP_SIZE, FallocMode.PUNCH_HOLE | FallocMode.KEEP_SIZE,
                FallocMode.ZERO_RANGE};
        for (int mode : modes) {
            file.fallocate(mode, 0, 1);
            file.truncate(0);
        }
    }

    /** Applies one op to the file and the model; returns a mismatch's description or null. */
    private String apply(FsxOp op) throws XfsException {
        long off = op.offset();
        long len = op.length();
        switch (op.kind()) {
            case READ, READ_DONTCACHE -> {
                return read(off, (int) len);
            }
            case MAPREAD -> {
                return mapRead(off, (int) len);
            }
            case WRITE, WRITE_DONTCACHE, WRITE_ATOMIC -> {
                byte[] b = generate(op);
                int n = file.pwrite(off, b, 0, (int) len);
                if (n != len) {
                    return "short write: " + n + " of " + len + " bytes";
                }
                model.write(off, b, (int) len);
            }
            case MAPWRITE -> mapWrite(op);
            case TRUNCATE -> {
                file.truncate(op.newSize());
                model.truncate(op.newSize());
            }
            case FALLOCATE -> {
                int mode = (op.keepSize() ? FallocMode.KEEP_SIZE : 0) | (op.unshare() ? FallocMode.UNSHARE_RANGE : 0);
                file.fallocate(mode, off, len);
                if (!op.keepSize()) {
                    model.extendTo(off + len);
                }
            }
            case PUNCH_HOLE -> {
                file.punchHole(off, len);
                model.zero(off, len);
            }
            case ZERO_RANGE -> {
                file.zeroRange(off, len, op.keepSize());
                model.zero(off, len);
                if (!op.keepSize()) {
                    model.extendTo(off + len);
                }
            }
            case COLLAPSE_RANGE -> {
                file.collapseRange(off, len);
                model.collapse(off, len);
            }
            case INSERT_RANGE -> {
                file.insertRange(off, len);
                model.insert(off, len);
            }
            case COPY_RANGE -> {
                String bad = copyRange(off, len, op.dest());
                if (bad != null) {
                    return bad;
                }
            }
            case FSYNC -> file.fsync();
            default -> throw new XfsException(XfsException.EOPNOTSUPP, op.kind().logName() + " is not replayed");
        }
        if (file.size() != model.size()) {
            return "file size is 0x" + Long.toHexString(file.size()) + " after the op, fsx's model says 0x"
                    + Long.toHexString(model.size());
        }
        return null;
    }

    /** Ports fsx.c's {@code doread} and {@code check_buffers}: pread and compare. */
    private String read(long off, int len) throws XfsException {
        byte[] b = buffer(len);
        int n = file.pread(off, b, 0, len);
        if (n != len) {
            return "short read: " + n + " of " + len + " bytes";
        }
        return compare(off, b, len);
    }

    /** Ports fsx.c's {@code domapread}: a read-only shared mapping from the page holding {@code off}. */
    private String mapRead(long off, int len) throws XfsException {
        long pg = off & ~(PAGE - 1);
        byte[] b = buffer(len);
        FileMapping m = file.map(pg, off + len - pg, false);
        try {
            m.read(off, b, 0, len);
        } finally {
            m.munmap();
        }
        return compare(off, b, len);
    }

    /**
     * Ports fsx.c's {@code domapwrite}: ftruncate first when the write extends the file, then a shared writable
     * mapping, the bytes stored, msync(MS_SYNC) of the mapping, munmap.
     */
    private void mapWrite(FsxOp op) throws XfsException {
        long off = op.offset();
        int len = (int) op.length();
        if (off + len > file.size()) {
            file.truncate(off + len);
        }
        byte[] b = generate(op);
        long pg = off & ~(PAGE - 1);
        FileMapping m = file.map(pg, off + len - pg, true);
        try {
            m.write(off, b, 0, len);
            m.msync(pg, off + len - pg);
        } finally {
            m.munmap();
        }
        model.write(off, b, len);
    }

    /**
     * Ports fsx.c's {@code do_copy_range} as the kernel runs it on XFS without reflink: copy_file_range finds
     * xfs_file_remap_range unsupported and falls back to splice_copy_file_range, whose do_splice_direct reads the
     * source through the page cache and writes it at the destination with the file's buffered write path, a pipe's
     * worth (16 pages) at a time. Ranges never overlap (fsx's generate_dest_range). Returns a short copy's
     * description or null.
     */
    private String copyRange(long src, long len, long dest) throws XfsException {
        byte[] b = new byte[(int) Math.min(len, SPLICE_CHUNK)];
        for (long done = 0; done < len; ) {
            int n = (int) Math.min(b.length, len - done);
            int got = file.pread(src + done, b, 0, n);
            if (got != n) {
                return "short copy: read " + got + " of " + n + " bytes at 0x" + Long.toHexString(src + done);
            }
            int put = file.pwrite(dest + done, b, 0, n);
            if (put != n) {
                return "short copy: wrote " + put + " of " + n + " bytes at 0x" + Long.toHexString(dest + done);
            }
            done += n;
        }
        model.copy(src, len, dest);
        return null;
    }

    private byte[] generate(FsxOp op) {
        byte[] b = buffer((int) op.length());
        data.generate(op.number(), op.offset(), b, (int) op.length());
        return b;
    }

    private byte[] buffer(int len) {
        if (buf.length < len) {
            buf = new byte[len];
        }
        return buf;
    }

    /** The first byte of {@code got} that differs from the model, as fsx's {@code check_buffers} reports it. */
    private String compare(long off, byte[] got, int len) {
        byte[] good = model.bytes();
        int i = java.util.Arrays.mismatch(got, 0, len, good, (int) off, (int) off + len);
        if (i < 0) {
            return null;
        }
        return String.format("bad data at offset 0x%x: read 0x%02x, expected 0x%02x", off + i, got[i] & 0xff,
                good[(int) off + i] & 0xff);
    }
}
