// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.core.XfsException;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;

/**
 * A benchmark's image file in a directory of its own under {@code jxfs.bench.dir} (default /tmp): formatted afresh
 * by {@link #format} whenever a benchmark's set-up wants a new file system (a sparse file: mkfs writes only the
 * metadata), removed with its directory by {@link #delete}.
 */
final class ScratchImage {
    private final Path dir;
    private final Path img;

    ScratchImage(String prefix) throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("jxfs.bench.dir", "/tmp")), prefix);
        img = dir.resolve("img");
    }

    Path path() {
        return img;
    }

    /** Replaces the image with a freshly formatted one of {@code bytes} with mkfs's defaults; returns its path. */
    Path format(long bytes) throws IOException, XfsException {
        Files.deleteIfExists(img);
        Mkfs.format(img, MkfsOptions.builder().dataSize(bytes).force(true).quiet(true).build());
        return img;
    }

    void delete() throws IOException {
        Files.deleteIfExists(img);
        Files.deleteIfExists(dir);
    }
}
