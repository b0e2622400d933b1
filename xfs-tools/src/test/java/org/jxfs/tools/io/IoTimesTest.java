// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** report_io_times and its helpers, against lines the real xfs_io 6.1 printed (see the comments). */
class IoTimesTest {
    @Test
    void cvtstrRoundsHalfToEvenLikeGlibcPrintf() {
        // xfs_io 'pread 0 1536' and 'pread 0 2560' both print "2 KiB"
        assertThat(IoTimes.cvtstr(1536)).isEqualTo("2 KiB");
        assertThat(IoTimes.cvtstr(2560)).isEqualTo("2 KiB");
        assertThat(IoTimes.cvtstr(8192)).isEqualTo("8 KiB");
        assertThat(IoTimes.cvtstr(204800)).isEqualTo("200 KiB");
        assertThat(IoTimes.cvtstr(1 << 30)).isEqualTo("1 GiB");
    }

    @Test
    void cvtstrPrintsBytesWithSixDecimalsBelowAKibibyte() {
        assertThat(IoTimes.cvtstr(100)).isEqualTo("100.000000 bytes");
        assertThat(IoTimes.cvtstr(0)).isEqualTo("0.000000 bytes");
    }

    @Test
    void cvtstrPrecisionTestOverflowsIntFromTwoGibibytes() {
        // xfs_io 'pread -b 16m 0 2g' prints "2.000 GiB", 'pread 0 3g' "3.000 GiB", but 1g gives "1 GiB"
        assertThat(IoTimes.cvtstr(2147483648.0)).isEqualTo("2.000 GiB");
        assertThat(IoTimes.cvtstr(3221225472.0)).isEqualTo("3.000 GiB");
    }

    @Test
    void cvtstrOfARateIsPreciseOnlyWhenTheRateIsWhole() {
        // 20 bytes in 2 us is 10000000 bytes/s: xfs_io printed "10 MiB/sec"; 1536 bytes in 2 us "732 MiB/sec"
        assertThat(IoTimes.cvtstr(IoTimes.tdiv(20, new IoTimes.Timeval(0, 2)))).isEqualTo("10 MiB");
        assertThat(IoTimes.cvtstr(IoTimes.tdiv(1536, new IoTimes.Timeval(0, 2)))).isEqualTo("732 MiB");
        assertThat(IoTimes.cvtstr(IoTimes.tdiv(100, new IoTimes.Timeval(0, 34)))).isEqualTo("2.805 MiB");
    }

    @Test
    void zeroElapsedTimeGivesNanAndInfAsGlibcPrintsThem() {
        IoTimes.Timeval zero = new IoTimes.Timeval(0, 0);
        // xfs_io 'pwrite -B 1m 64k' makes no call at all, and printed:
        // "0.000000 bytes, 0 ops; 0.0000 sec (-nan bytes/sec and -nan ops/sec)"
        assertThat(IoTimes.report("wrote", zero, 1048576, 65536, 0, 0, false)).isEqualTo(
                "wrote 0/65536 bytes at offset 1048576\n"
                        + "0.000000 bytes, 0 ops; 0.0000 sec (-nan bytes/sec and -nan ops/sec)\n");
        assertThat(IoTimes.report("read", zero, 0, 4096, 4096, 1, false))
                .endsWith("4 KiB, 1 ops; 0.0000 sec (inf EiB/sec and inf ops/sec)\n");
    }

    @Test
    void reportPrintsBothLinesInXfsIosWords() {
        // xfs_io: "read 120/130 bytes at offset 0" / "120.000000 bytes, 1 ops; 0.0000 sec (8.803 MiB/sec and
        // 76923.0769 ops/sec)" for 13 us
        assertThat(IoTimes.report("read", new IoTimes.Timeval(0, 13), 0, 130, 120, 1, false)).isEqualTo(
                "read 120/130 bytes at offset 0\n"
                        + "120.000000 bytes, 1 ops; 0.0000 sec (8.803 MiB/sec and 76923.0769 ops/sec)\n");
    }

    @Test
    void timestrSwitchesToHoursMinutesSecondsFromOneSecond() {
        assertThat(IoTimes.timestr(new IoTimes.Timeval(0, 2272), false)).isEqualTo("0.0022 sec");
        assertThat(IoTimes.timestr(new IoTimes.Timeval(9, 180000), false)).isEqualTo("0:00:09.18");
        assertThat(IoTimes.timestr(new IoTimes.Timeval(3725, 999999), false)).isEqualTo("1:02:05.99");
        assertThat(IoTimes.timestr(new IoTimes.Timeval(0, 5000), true)).isEqualTo("0:00:00.00");
    }

    @Test
    void compactReportIsOneCommaSeparatedLine() {
        // xfs_io 'pread -C 0 1536' printed "1536,1,0:00:00.00,307200000.000,200000.000" for 5 us
        assertThat(IoTimes.report("read", new IoTimes.Timeval(0, 5), 0, 1536, 1536, 1, true))
                .isEqualTo("1536,1,0:00:00.00,307200000.000,200000.000\n");
    }

    @Test
    void timevalCutsNanosecondsToMicroseconds() {
        assertThat(IoTimes.Timeval.between(0, 1_234_567_999L)).isEqualTo(new IoTimes.Timeval(1, 234567));
    }
}
