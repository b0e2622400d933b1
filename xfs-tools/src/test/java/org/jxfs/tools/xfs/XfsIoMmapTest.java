// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mmap commands of jxfs io on a real image: DAX mappings reach the file's blocks; other files are refused. */
class XfsIoMmapTest {
    @TempDir
    Path dir;
    Path img;

    @BeforeEach
    void mkfs() throws Exception {
        img = ImageIo.mkfs(dir, 32);
    }

    @Test
    void storesThroughADaxMappingAreWhatPreadReadsAfterMsyncMunmapAndARemount() throws Exception {
        ImageIo.Result w = ImageIo.run(img, "/data", true, false, "chattr +x", "truncate 12k", "mmap -w 0 12k",
                "mwrite 4096 100", "mwrite -r -S 0x62 8190 4", "msync -s", "mmap -S -r 0 4k", "mmap",
                "mread -v 4090 6", "mmap 0", "mread -v 4090 8", "munmap", "munmap", "pread -v 4090 12",
                "pread -v 8188 8");
        assertThat(w.err()).isEmpty();
        assertThat(w.rc()).isZero();
        String m0 = " 0x7effffffd000 - 0x7f0000000000 -w-           /data (0 : 12288)\n";
        String m1 = " 0x7effffffc000 - 0x7effffffd000 r-- S           /data (0 : 4096)\n";
        assertThat(ImageIo.untimed(w.out())).isEqualTo(""
                + " 000 " + m0 + "[001]" + m1
                + "00000ffa:  00 00 00 00 00 00  ......\n"
                + "[000]" + m0 + " 001 " + m1
                + "00000ffa:  00 00 00 00 00 00 58 58  ......XX\n"
                + "[000]" + m1
                + "00000ffa:  00 00 00 00 00 00 58 58 58 58 58 58  ......XXXXXX\n"
                + "read 12/12 bytes at offset 4090\nTIMING\n"
                + "00001ffc:  00 00 62 62 62 62 00 00  ..bbbb..\n"
                + "read 8/8 bytes at offset 8188\nTIMING\n");
        ImageIo.Result r = ImageIo.run(img, "/data", false, false, "pread -v 4196 4", "pread -v 8190 4", "stat");
        assertThat(ImageIo.untimed(r.out())).contains("00001064:  00 00 00 00  ....\n",
                "00001ffe:  62 62 62 62  bbbb\n", "stat.size = 12288\n", "stat.blocks = 16\n");
        assertThat(ImageIo.check(img)).isEmpty();
    }

    @Test
    void aFileThatIsNotDaxIsMappedThroughItsPageCache() throws Exception {
        ImageIo.Result r = ImageIo.run(img, "/data", true, false, "pwrite -S 0x41 0 4k", "mmap -rw 0 4k",
                "mwrite -S 0x42 10 2", "mread -v 8 6", "msync -s 0 4k", "bmap -e");
        assertThat(r.err()).isEmpty();
        assertThat(ImageIo.untimed(r.out())).contains("00000008:  41 41 42 42 41 41  AABBAA\n",
                "/data:\n\t0: [0..7]: 128..135\n");
        assertThat(r.rc()).isZero();
        ImageIo.Result back = ImageIo.run(img, "/data", false, false, "pread -v 8 6");
        assertThat(ImageIo.untimed(back.out())).startsWith("00000008:  41 41 42 42 41 41  AABBAA\n");
        assertThat(ImageIo.check(img)).isEmpty();
    }

    @Test
    void aReadOnlyDescriptorMapsOnlyReadableAndAStoreIsSigsegv() throws Exception {
        ImageIo.Result r = ImageIo.run(img, "/data", true, false, "chattr +x", "pwrite -S 0x41 0 5", "open -r /data",
                "mmap -w 0 4k", "mmap -r 0 4k", "mread -v 0 5", "mwrite 0 1", "pread 0 1");
        assertThat(r.err()).isEqualTo("mmap: Permission denied\nSegmentation fault\n");
        assertThat(ImageIo.untimed(r.out())).endsWith("00000000:  41 41 41 41 41  AAAAA\n");
        assertThat(r.rc()).isEqualTo(139);
        assertThat(ImageIo.check(img)).isEmpty();
    }

    @Test
    void aStorePastEofsPageIsSigbusAndAllocatesNothing() throws Exception {
        ImageIo.Result r = ImageIo.run(img, "/data", true, false, "chattr +x", "pwrite 0 100", "mmap 0 64k",
                "mwrite 0 4096", "mwrite 4096 1", "pwrite 0 1");
        assertThat(r.err()).isEqualTo("Bus error\n");
        assertThat(r.rc()).isEqualTo(135);
        ImageIo.Result s = ImageIo.run(img, "/data", false, false, "stat", "pread -v 0 8");
        assertThat(ImageIo.untimed(s.out())).contains("stat.size = 100\n", "stat.blocks = 8\n",
                "00000000:  58 58 58 58 58 58 58 58  XXXXXXXX\n");
        assertThat(ImageIo.check(img)).isEmpty();
    }
}
