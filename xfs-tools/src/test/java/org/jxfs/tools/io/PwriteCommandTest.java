// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PwriteCommandTest {
    private final FakeShell s = new FakeShell();

    @Test
    void writesInFilesystemBlockSizedCallsInOrderByDefault() {
        int rc = s.run("pwrite 0 10k");
        assertThat(rc).isZero();
        assertThat(s.file.calls).containsExactly("pwrite 0 4096 cd", "pwrite 4096 4096 cd", "pwrite 8192 2048 cd");
        assertThat(s.outUntimed()).isEqualTo("wrote 10240/10240 bytes at offset 0\nTIMING\n");
        assertThat(s.out()).containsPattern(
                "(?m)^10 KiB, 3 ops; (0\\.\\d{4} sec|\\d+:\\d\\d:\\d\\d\\.\\d\\d) \\(\\S+ (bytes|KiB|MiB|GiB|EiB)/sec"
                        + " and \\S+ ops/sec\\)$");
        assertThat(s.err()).isEmpty();
    }

    @Test
    void bsizeSplitsTheRangeAndTheSeedFillsTheBuffer() {
        s.run("pwrite -b 3k -S 0x1234 1k 7k");
        assertThat(s.file.calls).containsExactly("pwrite 1024 3072 34", "pwrite 4096 3072 34", "pwrite 7168 1024 34");
        assertThat(s.file.data[1024]).isEqualTo((byte) 0x34);
        assertThat(s.file.data[8191]).isEqualTo((byte) 0x34);
        assertThat(s.file.data[1023]).isZero();
    }

    @Test
    void aBsizeLargerThanTheRangeIsOneCall() {
        s.run("pwrite -b 1m 4k 20");
        assertThat(s.file.calls).containsExactly("pwrite 4096 20 cd");
        assertThat(s.outUntimed()).isEqualTo("wrote 20/20 bytes at offset 4096\nTIMING\n");
    }

    @Test
    void quietPrintsNothingAndFsyncFlagsSyncAfterTheWrites() {
        s.run("pwrite -q -w -W 0 8k");
        assertThat(s.out()).isEmpty();
        assertThat(s.file.calls).containsExactly("pwrite 0 4096 cd", "pwrite 4096 4096 cd", "fsync", "fdatasync");
    }

    @Test
    void compactOutputIsOneLine() {
        s.run("pwrite -C 0 4k");
        assertThat(s.out()).matches("4096,1,\\d+:\\d\\d:\\d\\d\\.\\d\\d,\\S+,\\S+\n");
    }

    @Test
    void zeroLengthMakesOneEmptyCallAndCountsNoOps() {
        s.run("pwrite 4k 0");
        assertThat(s.file.calls).containsExactly("pwrite 4096 0");
        assertThat(s.outUntimed()).isEqualTo("wrote 0/0 bytes at offset 4096\nTIMING\n");
    }

    @Test
    void aShortWriteEndsTheLoop() {
        s.file.writeLimit = 6000;
        s.run("pwrite 0 16k");
        assertThat(s.file.calls).containsExactly("pwrite 0 4096 cd", "pwrite 4096 1904 cd");
        assertThat(s.outUntimed()).isEqualTo("wrote 6000/16384 bytes at offset 0\nTIMING\n");
    }

    @Test
    void backwardsWritesTheUnalignedHeadThenWholeBuffersDown() {
        s.run("pwrite -B 10k 10k");
        assertThat(s.file.calls).containsExactly("pwrite 8192 2048 cd", "pwrite 4096 4096 cd", "pwrite 0 4096 cd");
        assertThat(s.outUntimed()).isEqualTo("wrote 10240/10240 bytes at offset 10240\nTIMING\n");
    }

    @Test
    void backwardsComparesBytesLeftWithTheLowestOffsetAsXfsIoDoes() {
        // xfs_io 6.1 'pwrite -B 1m 64k' writes nothing and prints "wrote 0/65536 bytes at offset 1048576"
        s.run("pwrite -B 1m 64k", "pwrite -B -b 8k 20k 12k");
        assertThat(s.file.calls).containsExactly("pwrite 16384 4096 cd");
        assertThat(s.outUntimed()).isEqualTo("wrote 0/65536 bytes at offset 1048576\nTIMING\n"
                + "wrote 4096/12288 bytes at offset 20480\nTIMING\n");
    }

    @Test
    void randomWritesFollowGlibcRandomForTheSeed() {
        s.run("pwrite -R -Z 5 -b 4k 0 16k");
        // range 12k; offsets ((590011675 % 12288) / 4096) * 4096 and so on, four calls of 4k
        long[] r = {590011675L, 99788765L, 2131925610L, 171864072L};
        String[] want = new String[4];
        for (int i = 0; i < 4; i++) {
            want[i] = "pwrite " + (r[i] % 12288) / 4096 * 4096 + " 4096 cd";
        }
        assertThat(s.file.calls).containsExactly(want);
        assertThat(s.outUntimed()).isEqualTo("wrote 16384/16384 bytes at offset 0\nTIMING\n");
    }

    @Test
    void onceIsASingleCallOfTheWholeCount() {
        s.run("pwrite -O -S 0x41 0 10k");
        assertThat(s.file.calls).containsExactly("pwrite 0 10240 41");
        assertThat(s.file.data[10239]).isEqualTo((byte) 0x41);
        assertThat(s.outUntimed()).isEqualTo("wrote 10240/10240 bytes at offset 0\nTIMING\n");
    }

    @Test
    void errorsArePerroredAndStopTheWrite() {
        s.file.pwriteError = new IoException(Errno.EINVAL);
        int rc = s.run("pwrite 1 10");
        assertThat(rc).isEqualTo(1);
        assertThat(s.err()).isEqualTo("pwrite: Invalid argument\n");
        assertThat(s.out()).isEmpty();
    }

    @Test
    void aRefusedBufferedWriteIsOperationNotSupported() {
        s.file.pwriteError = new IoException(Errno.EOPNOTSUPP);
        s.run("pwrite 0 4k");
        assertThat(s.err()).isEqualTo("pwrite: Operation not supported\n");
    }

    @Test
    void argumentErrorsUseXfsIosMessages() {
        s.run("pwrite -S zz 0 4k", "pwrite -Z q -R 0 4k", "pwrite -b x 0 4k", "pwrite -s x 0 4k", "pwrite x 4k",
                "pwrite 0 y", "pwrite -d 0 4k", "pwrite -s 1 0 4k", "pwrite 0 4k 8k", "pwrite -x 0 4k", "pwrite 0");
        String usage = "pwrite [-i infile [-qdDwNOW] [-s skip]] [-b bs] [-S seed] [-FBR [-Z N]] [-V N] off len -- "
                + "writes a number of bytes at a specified offset\n";
        assertThat(s.out()).isEqualTo("non-numeric seed -- zz\n" + "non-numeric seed -- q\n"
                + "non-numeric bsize -- x\n" + "non-numeric skip -- x\n" + "non-numeric offset argument -- x\n"
                + "non-numeric length argument -- y\n" + usage + usage + usage + usage);
        assertThat(s.err()).isEqualTo("pwrite: invalid option -- 'x'\n"
                + "bad argument count 1 to pwrite, expected at least 2 arguments\n");
        assertThat(s.file.calls).isEmpty();
        assertThat(s.sh.exitcode()).isEqualTo(1);
    }

    @Test
    void inputFilesAndVectorsAreOptionsThisBuildLacks() {
        s.run("pwrite -V 2 0 4k", "pwrite -i /etc/passwd 0 4k", "pwrite -f x 0 4k");
        assertThat(s.out()).isEqualTo("pwrite: command -V not supported\npwrite: command -i not supported\n"
                + "pwrite: command -f not supported\n");
        assertThat(s.file.calls).isEmpty();
    }

    @Test
    void nowaitAndDsyncOnlyReachPwritev2SoChangeNothingWithoutVectors() {
        s.run("pwrite -N -D 0 4k");
        assertThat(s.file.calls).containsExactly("pwrite 0 4096 cd");
    }

    @Test
    void theAltnameIsW() {
        s.run("w 0 1k");
        assertThat(s.file.calls).containsExactly("pwrite 0 1024 cd");
    }
}
