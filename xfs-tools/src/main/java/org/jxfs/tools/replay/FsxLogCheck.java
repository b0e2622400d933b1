// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a whole op log before the image is opened, so that a log jxfs cannot replay is refused with the image
 * untouched: every op that runs must be one jxfs replays, its size before the op must be the size the ops before it
 * leave (the file starts empty, as fsx's O_TRUNC leaves it; fsync logs no size), its range must be one fsx would have run (inside the
 * file where fsx keeps it there, not empty), and its written bytes must lie below maxfilelen.
 */
public final class FsxLogCheck {
    /**
     * Ops that run but that jxfs does not replay: the range ops that share or swap blocks, which the kernel runs only
     * on file systems with reflink (clone, dedupe) or the exchange-range log items (exchange); on the images jxfs
     * writes, as on the reflink=0 images the kernel-recorded logs come from, fsx finds them unsupported and logs
     * them as skip lines. copy_range is replayed: without reflink the kernel copies through the page cache.
     */
    static final Set<FsxOpKind> NOT_REPLAYED = EnumSet.of(FsxOpKind.CLONE_RANGE, FsxOpKind.DEDUPE_RANGE,
            FsxOpKind.EXCHANGE_RANGE);

    /** The file's block size on the images fsx ran on; collapse and insert must be multiples of it. */
    static final long BLOCK_SIZE = 4096;

    private FsxLogCheck() {
    }

    /** Throws, naming the first op that cannot be replayed and why. */
    static void check(List<FsxOp> ops, String logName, long maxFileLen) throws FsxLogException {
        long size = 0;
        for (FsxOp op : ops) {
            if (op.skip()) {
                continue;
            }
            String where = logName + ":" + op.number() + ": " + op.describe() + ": ";
            if (!replayed(op)) {
                throw new FsxLogException(where + op.kind().logName() + " is not supported by jxfs replay");
            }
            // fsx logs fsync as "fsync 0x0 0x0 0x0" (fsx.c's dofsync): no size to check
            if (op.kind() != FsxOpKind.FSYNC && op.sizeBefore() != size) {
                throw new FsxLogException(where + "the size before the op is 0x" + Long.toHexString(size)
                        + " after the ops before it, not 0x" + Long.toHexString(op.sizeBefore()));
            }
            long off = op.offset();
            long len = op.length();
            long end = off + len;
            if (op.kind() != FsxOpKind.TRUNCATE && op.kind() != FsxOpKind.FSYNC && (len == 0 || end < off)) {
                throw new FsxLogException(where + "empty or overflowing range (fsx logs those as skip)");
            }
            switch (op.kind()) {
                case READ, READ_DONTCACHE, MAPREAD -> requireInside(where, end, size);
                case WRITE, WRITE_DONTCACHE, WRITE_ATOMIC, MAPWRITE -> {
                    requireBelowMax(where, end, maxFileLen);
                    size = Math.max(size, end);
                }
                case TRUNCATE -> {
                    requireBelowMax(where, op.newSize(), maxFileLen);
                    size = op.newSize();
                }
                case FALLOCATE -> {
                    requireBelowMax(where, end, maxFileLen);
                    size = op.keepSize() ? size : Math.max(size, end);
                }
                case ZERO_RANGE -> {
                    requireBelowMax(where, end, maxFileLen);
                    size = op.keepSize() ? size : Math.max(size, end);
                }
                case PUNCH_HOLE -> requireInside(where, end, size);
                case COLLAPSE_RANGE -> {
                    requireBlockAligned(where, off, len);
                    if (end >= size) {
                        throw new FsxLogException(where + "collapse range reaches EOF 0x" + Long.toHexString(size));
                    }
                    size -= len;
                }
                case INSERT_RANGE -> {
                    requireBlockAligned(where, off, len);
                    if (off >= size) {
                        throw new FsxLogException(where + "insert at or past EOF 0x" + Long.toHexString(size));
                    }
                    requireBelowMax(where, size + len, maxFileLen);
                    size += len;
                }
                case COPY_RANGE -> {
                    requireInside(where, end, size);
                    long dend = op.dest() + len;
                    if (op.dest() < end && off < dend) {
                        throw new FsxLogException(where + "source and destination overlap (copy_file_range "
                                + "refuses that with EINVAL)");
                    }
                    requireBelowMax(where, dend, maxFileLen);
                    size = Math.max(size, dend);
                }
                case FSYNC -> { }
                default -> throw new AssertionError(op.kind());
            }
        }
    }

    /** The first op that runs (not a skip line) and that jxfs does not replay, if any. */
    public static java.util.Optional<FsxOp> firstNotReplayed(List<FsxOp> ops) {
        return ops.stream().filter(op -> !op.skip() && !replayed(op)).findFirst();
    }

    private static boolean replayed(FsxOp op) {
        return !NOT_REPLAYED.contains(op.kind());
    }

    private static void requireInside(String where, long end, long size) throws FsxLogException {
        if (end > size) {
            throw new FsxLogException(where + "range ends at 0x" + Long.toHexString(end) + ", past EOF 0x"
                    + Long.toHexString(size));
        }
    }

    private static void requireBelowMax(String where, long end, long maxFileLen) throws FsxLogException {
        if (end > maxFileLen) {
            throw new FsxLogException(where + "reaches 0x" + Long.toHexString(end) + ", past maxfilelen 0x"
                    + Long.toHexString(maxFileLen) + " (-l)");
        }
    }

    private static void requireBlockAligned(String where, long off, long len) throws FsxLogException {
        if (off % BLOCK_SIZE != 0 || len % BLOCK_SIZE != 0) {
            throw new FsxLogException(where + "offset and length must be multiples of " + BLOCK_SIZE);
        }
    }
}
