// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data commands of jxfs io on a real image: what lands on disk, and what a refused command leaves. */
class XfsIoCommandsTest {
    @TempDir
    Path dir;
    Path img;

    @BeforeEach
    void mkfs() throws Exception {
        img = ImageIo.mkfs(dir, 32);
    }

    @Test
    void directWritesReadBackAfterARemountAndKeepTheKernelsPlacement() throws Exception {
        ImageIo.Result w = ImageIo.run(img, "/data", true, true, "pwrite -b 3k 0 9k", "pwrite -S 0x41 64k 4k",
                "fsync", "fdatasync", "bmap -vp");
        assertThat(w.err()).isEmpty();
        // the same script's bmap under the kernel (xfs_io -f -d on a loop mount of a jxfs mkfs image)
        assertThat(ImageIo.untimed(w.out())).isEqualTo("wrote 9216/9216 bytes at offset 0\nTIMING\n"
                + "wrote 4096/4096 bytes at offset 65536\nTIMING\n"
                + "/data:\n"
                + " EXT: FILE-OFFSET      BLOCK-RANGE      AG AG-OFFSET        TOTAL FLAGS\n"
                + "   0: [0..23]:         128..151          0 (128..151)          24 000000\n"
                + "   1: [24..127]:       hole                                   104\n"
                + "   2: [128..135]:      256..263          0 (256..263)           8 000000\n");
        ImageIo.Result r = ImageIo.run(img, "/data", false, false, "pread -v 65520 32", "stat");
        assertThat(ImageIo.untimed(r.out())).startsWith(""
                + "0000fff0:  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................\n"
                + "00010000:  41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41  AAAAAAAAAAAAAAAA\n"
                + "read 32/32 bytes at offset 65520\nTIMING\n")
                .contains("fd.flags = non-sync,non-direct,read-write\n", "stat.size = 69632\n");
        assertThat(ImageIo.check(img)).isEmpty();
    }

    @Test
    void refusedDirectWritesChangeNothing() throws Exception {
        ImageIo.Result r = ImageIo.run(img, "/data", true, true, "pwrite 1 10", "pwrite 0 1000", "stat", "bmap");
        assertThat(r.err()).isEqualTo("pwrite: Invalid argument\npwrite: Invalid argument\n");
        assertThat(r.out()).contains("fd.flags = non-sync,direct,read-write\n", "stat.size = 0\n",
                "stat.blocks = 0\n", "/data: no extents\n");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(ImageIo.check(img)).isEmpty();
    }

    @Test
    void bufferedWritesAreDelayedAllocationsUntilBmapWritesThemBack() throws Exception {
        ImageIo.Result r = ImageIo.run(img, "/data", true, false, "pwrite -S 0x41 1 10", "bmap -e", "stat",
                "bmap", "pread -v 0 16");
        assertThat(ImageIo.untimed(r.out())).isEqualTo("wrote 10/10 bytes at offset 1\nTIMING\n"
                + "/data:\n\t0: [0..7]: delalloc\n"
                + r.out().substring(r.out().indexOf("fd.path"), r.out().indexOf("/data:\n\t0: [0..7]: 1"))
                + "/data:\n\t0: [0..7]: 128..135\n"
                + "00000000:  00 41 41 41 41 41 41 41 41 41 41  .AAAAAAAAAA\n"
                + "read 11/16 bytes at offset 0\nTIMING\n");
        assertThat(r.out()).contains("stat.size = 11\n");
        assertThat(r.rc()).isZero();
        assertThat(ImageIo.check(img)).isEmpty();
    }

    @Test
    void chattrSetsDaxAndADaxFileTakesUnalignedWritesWithoutODirect() throws Exception {
        ImageIo.Result r = ImageIo.run(img, "/data", true, false, "lsattr", "chattr +x", "lsattr -v",
                "pwrite 1 10", "pread -v 0 16", "chattr +r", "chattr -x", "lsattr");
        assertThat(ImageIo.untimed(r.out())).isEqualTo("----------------X /data \n"
                + "[dax, has-xattr] /data \n"
                + "wrote 10/10 bytes at offset 1\nTIMING\n"
                + "00000000:  00 cd cd cd cd cd cd cd cd cd cd  ...........\n"
                + "read 11/16 bytes at offset 0\nTIMING\n"
                + "----------------X /data \n");
        assertThat(r.err()).isEqualTo("xfs_io: cannot set flags on /data: Invalid argument\n");
        assertThat(ImageIo.check(img)).isEmpty();
    }
}
