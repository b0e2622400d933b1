// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fcollapse, finsert, fiemap and seek of jxfs io on a real image. The expected text is what the kernel's xfs_io
 * printed for the same script on a loop mount of a jxfs mkfs image (xfs_io -f -d), the file's name aside.
 */
class XfsIoShiftMapTest {
    @TempDir
    Path dir;
    Path img;

    @BeforeEach
    void mkfs() throws Exception {
        img = ImageIo.mkfs(dir, 32);
    }

    @Test
    void insertCollapseFiemapAndSeekPrintWhatTheKernelPrints() throws Exception {
        ImageIo.Result r = ImageIo.run(img, "/data", true, true, "falloc 0 256k", "pwrite -q 64k 16k",
                "finsert 32k 32k", "fiemap -v", "fcollapse 0 32k", "fiemap -l", "seek -a -r -s 0",
                "fcollapse 4k 1m", "finsert 1m 4k", "falloc -c 1 4096");
        assertThat(r.out()).isEqualTo("/data:\n"
                + " EXT: FILE-OFFSET      BLOCK-RANGE      TOTAL FLAGS\n"
                + "   0: [0..63]:         128..191            64 0x800\n"
                + "   1: [64..127]:       hole                64\n"
                + "   2: [128..191]:      192..255            64 0x800\n"
                + "   3: [192..223]:      256..287            32   0x0\n"
                + "   4: [224..575]:      288..639           352 0x801\n"
                + "/data:\n"
                + "\t0: [0..63]: hole 64 blocks\n"
                + "\t1: [64..127]: 192..255 64 blocks\n"
                + "\t2: [128..159]: 256..287 32 blocks\n"
                + "\t3: [160..511]: 288..639 352 blocks\n"
                + "Whence\tStart\tResult\n"
                + "HOLE\t0\t0\n"
                + "DATA\t0\t65536\n"
                + "HOLE\t65536\t81920\n");
        assertThat(r.err()).isEqualTo("fallocate: Invalid argument\nfallocate: Invalid argument\n"
                + "fallocate: Invalid argument\n");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(ImageIo.check(img)).isEmpty();
    }

    @Test
    void refusedShiftsLeaveTheFileAsItWas() throws Exception {
        ImageIo.run(img, "/data", true, true, "falloc 0 64k", "falloc -k 64k 64k", "pwrite -q 0 8k");
        String before = ImageIo.run(img, "/data", false, false, "bmap -vp", "stat").out();
        ImageIo.Result r = ImageIo.run(img, "/data", false, false, "fcollapse 0 64k", "fcollapse 512 4096",
                "finsert 64k 4k", "finsert 0 9223372036854771712", "falloc -c 60k 8k", "fcollapse 0 x");
        assertThat(r.err()).isEqualTo("fallocate: Invalid argument\nfallocate: Invalid argument\n"
                + "fallocate: Invalid argument\nfallocate: File too large\nfallocate: Invalid argument\n");
        assertThat(r.out()).isEqualTo("non-numeric length argument -- x\n");
        String after = ImageIo.run(img, "/data", false, false, "bmap -vp", "stat").out();
        // mtime and ctime are stamped before the checks (xfs_file_fallocate's file_modified); the rest is as it was
        assertThat(after).isEqualTo(before);
        assertThat(ImageIo.check(img)).isEmpty();
    }
}
