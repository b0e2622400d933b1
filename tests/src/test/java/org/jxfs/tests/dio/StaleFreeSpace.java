// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.dio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.XfsDb;

/**
 * Fills every free block of an unmounted image with stale bytes, as a used disk has, without touching any
 * metadata: the free extents come from {@code xfs_db -r -c 'freesp -d'}. A fresh image is all zeros, so a
 * filesystem that hands out blocks without zeroing what it does not write looks correct on it; on a stale one the
 * old bytes show. Sector {@code s} of the device holds the byte {@link #byteOfSector(long)} throughout, never 0.
 */
final class StaleFreeSpace {
    private StaleFreeSpace() {
    }

    /** What every byte of 512-byte sector {@code s} holds after {@link #fill}. */
    static byte byteOfSector(long s) {
        return (byte) (0x80 | (s * 37 + 11) & 0x7f);
    }

    /** Returns the number of blocks filled. */
    static long fill(Path img) throws IOException {
        Map<String, String> sb = XfsDb.printFields(img, "sb 0");
        long agblocks = XfsDb.number(sb.get("agblocks"));
        int bs = (int) XfsDb.number(sb.get("blocksize"));
        ProcessResult r = XfsDb.run(img, "freesp -d");
        if (!r.ok() || !r.stderr().isBlank()) {
            throw new IllegalStateException("xfs_db freesp -d failed:\n" + r.describe());
        }
        long blocks = 0;
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[bs];
            for (String line : r.stdout().split("\n")) {
                String[] t = line.trim().split("\\s+");
                if (t.length != 3 || !t[0].matches("\\d+")) {
                    continue;                       // the header
                }
                long agno = Long.parseLong(t[0]);
                long agbno = Long.parseLong(t[1]);
                long len = Long.parseLong(t[2]);
                for (long b = 0; b < len; b++) {
                    long off = (agno * agblocks + agbno + b) * bs;
                    for (int i = 0; i < bs; i += 512) {
                        java.util.Arrays.fill(buf, i, i + 512, byteOfSector(off / 512 + i / 512));
                    }
                    ch.write(ByteBuffer.wrap(buf), off);
                }
                blocks += len;
            }
        }
        if (blocks == 0) {
            throw new IllegalStateException("xfs_db freesp -d listed no free extents:\n" + r.stdout());
        }
        return blocks;
    }
}
