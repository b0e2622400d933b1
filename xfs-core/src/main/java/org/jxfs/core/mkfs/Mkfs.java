// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.core.InvalidArgumentException;
import org.jxfs.core.XfsException;
import org.jxfs.core.XfsIoException;
import org.jxfs.core.dev.BlockDevice;

/**
 * mkfs as a library (xfs_mkfs.c's main): settle the geometry, check the target, then write. Every check that can
 * fail happens before the first byte is written, so bad options or a refused target leave the file as it was. An
 * image file that does not exist is created (sparse) when a data size is given; a new file is removed again if
 * formatting fails.
 */
public final class Mkfs {
    private Mkfs() {
    }

    /** Formats {@code image} and returns the plan that was written (or, with -N, would have been). */
    public static MkfsPlan format(Path image, MkfsOptions opts) throws XfsException {
        return format(image, opts, System.currentTimeMillis());
    }

    static MkfsPlan format(Path image, MkfsOptions opts, long nowMillis) throws XfsException {
        boolean exists = Files.exists(image);
        long deviceBytes;
        if (exists) {
            if (Files.isDirectory(image)) {
                throw new InvalidArgumentException(image + ": is a directory");
            }
            if (!Files.isRegularFile(image)) {
                throw new InvalidArgumentException(image + ": not a regular file (jxfs formats image files)");
            }
            if (!opts.dryRun() && !Files.isWritable(image)) {
                throw new XfsIoException(image + ": Permission denied");
            }
            try {
                deviceBytes = Files.size(image);
            } catch (IOException e) {
                throw new XfsIoException(image + ": " + e.getMessage(), e);
            }
            if (opts.dataSize() != null && opts.dataSize() > deviceBytes) {
                throw new InvalidArgumentException("size " + opts.dataSize() + " specified for data subvolume is too"
                        + " large, maximum is " + deviceBytes + " bytes (the size of " + image + ")");
            }
        } else {
            if (opts.dataSize() == null) {
                throw new InvalidArgumentException(image + ": No such file or directory (give -d size= to create it)");
            }
            Path parent = image.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new XfsIoException(image + ": cannot create: directory " + parent + " does not exist");
            }
            if (!Files.isWritable(parent)) {
                throw new XfsIoException(image + ": cannot create: Permission denied");
            }
            deviceBytes = opts.dataSize();
        }
        MkfsPlan plan = MkfsGeometry.compute(opts, deviceBytes, image.toString());
        if (opts.dryRun()) {
            return plan;
        }
        if (exists && !opts.force()) {
            String what = existingContents(image);
            if (what != null) {
                throw new InvalidArgumentException(image + " appears to contain " + what
                        + ". Use the -f option to force overwrite.");
            }
        }
        boolean ok = false;
        try {
            prepareFile(image, exists, deviceBytes);
            // A few dozen sector and block writes: positional writes, no mapping (chronicle-bytes would cost more
            // to start than the whole format).
            try (BlockDevice dev = BlockDevice.openUnmapped(image)) {
                new MkfsWriter(plan, dev, nowMillis).write();
            }
            ok = true;
        } finally {
            if (!ok && !exists) {
                try {
                    Files.deleteIfExists(image);
                } catch (IOException ignored) {
                    // best effort: the error being thrown says what went wrong
                }
            }
        }
        return plan;
    }

    /** What an existing file holds, when it is not all zeros at its start: mkfs.xfs's signature check. */
    private static String existingContents(Path image) throws XfsIoException {
        try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "r")) {
            byte[] b = new byte[(int) Math.min(raf.length(), MkfsDefaults.SIGNATURE_PROBE_BYTES)];
            raf.readFully(b);
            if (b.length >= 4 && b[0] == 'X' && b[1] == 'F' && b[2] == 'S' && b[3] == 'B') {
                return "an existing filesystem (xfs)";
            }
            for (byte x : b) {
                if (x != 0) {
                    return "existing data";
                }
            }
            return null;
        } catch (IOException e) {
            throw new XfsIoException(image + ": " + e.getMessage(), e);
        }
    }

    /**
     * Discards the old contents as mkfs.xfs does on a file (fallocate PUNCH_HOLE over the device): the file is
     * truncated to nothing and extended back, leaving a sparse, all-zero image of the same size. A new file is
     * created sparse at the requested size.
     */
    private static void prepareFile(Path image, boolean exists, long bytes) throws XfsIoException {
        try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "rw")) {
            if (exists) {
                raf.setLength(0);
            }
            raf.setLength(bytes);
        } catch (IOException e) {
            throw new XfsIoException(image + ": " + e.getMessage(), e);
        }
    }
}
