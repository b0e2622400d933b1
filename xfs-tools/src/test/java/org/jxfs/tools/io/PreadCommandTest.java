// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PreadCommandTest {
    private final FakeShell s = new FakeShell();

    private void content(int size, int fill) {
        s.file.data = new byte[size];
        Arrays.fill(s.file.data, (byte) fill);
        s.file.size = size;
    }

    @Test
    void readsInBlockSizedCallsAndStopsShortAtEof() {
        content(5000, 0x61);
        s.run("pread 0 16k");
        assertThat(s.file.calls).containsExactly("pread 0 4096", "pread 4096 4096");
        assertThat(s.outUntimed()).isEqualTo("read 5000/16384 bytes at offset 0\nTIMING\n");
    }

    @Test
    void verboseDumpsEachReadAtItsOffset() {
        content(120, 0xcd);
        for (int i = 100; i < 120; i++) {
            s.file.data[i] = 0x41;
        }
        s.run("pread -v 0 130");
        // byte for byte what xfs_io 6.1 printed for this file (written with 'pwrite 0 100', 'pwrite -S 0x41 100 20')
        String cd16 = "cd cd cd cd cd cd cd cd cd cd cd cd cd cd cd cd  ................\n";
        assertThat(s.outUntimed()).isEqualTo("00000000:  " + cd16 + "00000010:  " + cd16 + "00000020:  " + cd16
                + "00000030:  " + cd16 + "00000040:  " + cd16 + "00000050:  " + cd16
                + "00000060:  cd cd cd cd 41 41 41 41 41 41 41 41 41 41 41 41  ....AAAAAAAAAAAA\n"
                + "00000070:  41 41 41 41 41 41 41 41  AAAAAAAA\n"
                + "read 120/130 bytes at offset 0\nTIMING\n");
    }

    @Test
    void verboseWithSmallBuffersDumpsPieceByPiece() {
        content(64, 0x30);
        s.run("pread -v -q -b 16 8 24");
        assertThat(s.out()).isEqualTo(""
                + "00000008:  30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30  0000000000000000\n"
                + "00000018:  30 30 30 30 30 30 30 30  00000000\n");
    }

    @Test
    void pastEofReadsNothing() {
        content(4096, 0);
        s.run("pread 1m 4k");
        assertThat(s.outUntimed()).isEqualTo("read 0/4096 bytes at offset 1048576\nTIMING\n");
    }

    @Test
    void aNegativeCountReadsToEof() {
        content(5000, 0);
        s.run("pread -b 1k 0 -- -1");
        assertThat(s.file.calls).hasSize(5);
        assertThat(s.outUntimed()).isEqualTo("read 5000/5000 bytes at offset 0\nTIMING\n");
    }

    @Test
    void backwardsReadsTheHeadThenWholeBuffersDown() {
        content(16384, 0);
        s.run("pread -B -b 4k 10k 10k");
        assertThat(s.file.calls).containsExactly("pread 8192 2048", "pread 4096 4096", "pread 0 4096");
        assertThat(s.outUntimed()).isEqualTo("read 10240/10240 bytes at offset 10240\nTIMING\n");
    }

    @Test
    void backwardsFromANegativeOffsetStartsAtEof() {
        content(5000, 0);
        s.run("pread -B -b 1k -- -1 3k");
        // the loop stops once the bytes left (1144) are not above the lowest offset (5000 - 3072 = 1928)
        assertThat(s.file.calls).containsExactly("pread 4096 904", "pread 3072 1024");
        assertThat(s.outUntimed()).isEqualTo("read 1928/3072 bytes at offset 5000\nTIMING\n");
    }

    @Test
    void onlyRandomTreatsBadNumbersAsNonNumericAndWithXfsIosWording() {
        s.run("pread -R -Z 3 -- -1 8k", "pread -R 0 y");
        assertThat(s.out()).isEqualTo("non-numeric length argument -- -1\nnon-numeric length argument -- y\n");
    }

    @Test
    void forwardsABadOffsetIsReadFromAsIs() {
        // xfs_io 'pread x 4k': cvtnum gives -1, "read from EOF" for the bit test, and pread(2) says EINVAL
        s.run("pread x 4k");
        assertThat(s.err()).isEqualTo("pread: Invalid argument\n");
        assertThat(s.out()).isEmpty();
    }

    @Test
    void randomReadsFollowGlibcRandom() {
        content(1 << 20, 0);
        s.run("pread -R -Z 5 0 16k");
        long[] r = {590011675L, 99788765L, 2131925610L, 171864072L};
        String[] want = new String[4];
        for (int i = 0; i < 4; i++) {
            want[i] = "pread " + (r[i] % 12288) / 4096 * 4096 + " 4096";
        }
        assertThat(s.file.calls).containsExactly(want);
    }

    @Test
    void errorsArePerrored() {
        s.file.preadError = new IoException(Errno.EISDIR);
        s.run("pread 0 4k");
        assertThat(s.err()).isEqualTo("pread: Is a directory\n");
        assertThat(s.out()).isEmpty();
        assertThat(s.sh.exitcode()).isEqualTo(1);
    }

    @Test
    void vectorsGetTheUsageAsInABuildWithoutPreadv() {
        s.run("pread -V 2 0 4k", "pread -x 0 4k");
        String usage = "pread [-b bs] [-qv] [-i N] [-FBR [-Z N]] off len -- reads a number of bytes at a specified"
                + " offset\n";
        assertThat(s.out()).isEqualTo(usage + usage);
        assertThat(s.err()).isEqualTo("pread: invalid option -- 'x'\n");
    }

    @Test
    void uflagWritesWhatTheLastReadLeftInTheBuffer() {
        content(4096, 0x61);
        s.run("pread -q 0 512", "pwrite -u -O 8k 512");
        assertThat(s.file.calls).containsExactly("pread 0 512", "pwrite 8192 512 61");
    }
}
