// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.core.XfsException;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.dax.Pmem;

/**
 * {@link DaxBenchmark}'s image files, in a directory of their own under {@code jxfs.bench.dax.dir} (default
 * /dev/shm, else /tmp): the device stands for persistent memory, so it lives in memory, and no writeback of the
 * image competes with the measurement as it would on a disk-backed file system. Removed with the directory by
 * {@link #delete}.
 */
final class DaxImage {
    private final Path dir;
    private final Path img;

    DaxImage(String prefix) throws IOException {
        Path shm = Path.of("/dev/shm");
        String def = Files.isDirectory(shm) && Files.isWritable(shm) ? shm.toString() : "/tmp";
        dir = Files.createTempDirectory(Path.of(System.getProperty("jxfs.bench.dax.dir", def)), prefix);
        img = dir.resolve("img");
    }

    Path path() {
        return img;
    }

    /** A plain file of {@code bytes} (all a hole), for the device-only benchmarks. */
    Path plain(long bytes) throws IOException {
        Files.deleteIfExists(img);
        try (RandomAccessFile raf = new RandomAccessFile(img.toFile(), "rw")) {
            raf.setLength(bytes);
        }
        return img;
    }

    /** A freshly formatted image of {@code bytes} with mkfs's defaults (4 KiB blocks). */
    Path format(long bytes) throws IOException, XfsException {
        Files.deleteIfExists(img);
        Mkfs.format(img, MkfsOptions.builder().dataSize(bytes).force(true).quiet(true).build());
        return img;
    }

    /**
     * Touches every page of the device's mapped part with a store of the value already there, so that the JVM's
     * mapping of the image has every page present and writable before the timed part: on real pmem the memory is
     * always there, and the host kernel's first-touch faults of the emulating file would otherwise be counted as
     * the DAX work being measured. Only when nothing else uses the device (it rewrites metadata in place).
     */
    static void pretouch(Pmem pmem) throws XfsException {
        for (long off = 0; off < pmem.daxLimit(); off += 4096) {
            pmem.writeLong(off, pmem.readLong(off));
        }
    }

    void delete() throws IOException {
        Files.deleteIfExists(img);
        Files.deleteIfExists(dir);
    }
}
