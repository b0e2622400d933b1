// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.jxfs.core.dev.BlockDevice;

/** A temp image of one mapped chunk plus a 64 KiB unmapped tail, opened as a device and seen as pmem. */
final class DaxTestImage implements AutoCloseable {
    static final long TAIL = 64 << 10;
    /** The test filesystems' data area: 1 MiB from 1 MiB. */
    static final long AREA_OFF = 1 << 20;
    static final long AREA_LEN = 1 << 20;

    final BlockDevice dev;
    final Pmem pmem;

    DaxTestImage(Path dir) throws Exception {
        Path p = dir.resolve("dax.img");
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.setLength(BlockDevice.CHUNK + TAIL);
        }
        dev = BlockDevice.open(p, false);
        pmem = new Pmem(dev);
        DaxClearBlocks.install(pmem);
    }

    BlockMapFs fs(BlockMapFs.Style style, int blockSize, long fileSize) throws Exception {
        return new BlockMapFs(pmem, style, blockSize, AREA_OFF, AREA_LEN).reset(fileSize);
    }

    @Override
    public void close() throws Exception {
        dev.close();
    }
}
