// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The summary lines pwrite and pread print (libxcmd/command.c report_io_times, input.c timestr and tdiv,
 * libfrog/convert.c cvtstr), reproduced to the byte: glibc's printf rounds the exact binary value half to even,
 * and the C code's quirks stay (cvtstr's "precise" test casts to int, so totals of 2 GiB and more print three
 * decimals; an op count over no elapsed time prints "-nan" or "inf").
 */
final class IoTimes {
    private static final double KILOBYTES = 1L << 10, MEGABYTES = 1L << 20, GIGABYTES = 1L << 30,
            TERABYTES = 1L << 40, PETABYTES = 1L << 50, EXABYTES = 1L << 60;

    private IoTimes() {
    }

    /** struct timeval of an elapsed time, as tsub leaves it: whole seconds and microseconds. */
    record Timeval(long sec, long usec) {
        /** The elapsed time between two System.nanoTime() readings, cut to microseconds as gettimeofday would. */
        static Timeval between(long startNanos, long endNanos) {
            long us = Math.max(0, (endNanos - startNanos) / 1000);
            return new Timeval(us / 1_000_000, us % 1_000_000);
        }
    }

    /**
     * Ports report_io_times: "VERB TOTAL/COUNT bytes at offset OFFSET" and "S1, OPS ops; TIME (S2/sec and N
     * ops/sec)", or with {@code compact} (-C) one line "total,ops,time,bytes/sec,ops/sec".
     */
    static String report(String verb, Timeval t, long offset, long count, long total, int ops, boolean compact) {
        String ts = timestr(t, compact);
        if (!compact) {
            return verb + " " + total + "/" + count + " bytes at offset " + offset + "\n"
                    + cvtstr(total) + ", " + ops + " ops; " + ts + " (" + cvtstr(tdiv(total, t)) + "/sec and "
                    + fixed(tdiv(ops, t), 4) + " ops/sec)\n";
        }
        return total + "," + ops + "," + ts + "," + fixed(tdiv(total, t), 3) + "," + fixed(tdiv(ops, t), 3) + "\n";
    }

    /** Ports tdiv: value per second. */
    static double tdiv(double value, Timeval t) {
        return value / ((double) t.sec() + ((double) t.usec() / 1000000.0));
    }

    /** Ports timestr: "0.0123 sec" under a second, else "H:MM:SS.hh"; the latter always with VERBOSE_FIXED_TIME. */
    static String timestr(Timeval t, boolean verboseFixed) {
        if (verboseFixed || t.sec() != 0) {
            return String.format(Locale.ROOT, "%d:%02d:%02d.%02d", t.sec() / 3600, (t.sec() % 3600) / 60,
                    t.sec() % 60, t.usec() / 1000 / 10);
        }
        return String.format(Locale.ROOT, "0.%04d sec", t.usec() / 100);
    }

    /** Ports cvtstr: a byte count in the largest binary unit it reaches ("8 KiB", "2.805 MiB", "100.000000 bytes"). */
    static String cvtstr(double value) {
        boolean precise = value * 1000 == (double) cInt(value) * 1000;
        String fmt;
        double v;
        if (value >= EXABYTES) {
            fmt = "EiB";
            v = value / EXABYTES;
        } else if (value >= PETABYTES) {
            fmt = "PiB";
            v = value / PETABYTES;
        } else if (value >= TERABYTES) {
            fmt = "TiB";
            v = value / TERABYTES;
        } else if (value >= GIGABYTES) {
            fmt = "GiB";
            v = value / GIGABYTES;
        } else if (value >= MEGABYTES) {
            fmt = "MiB";
            v = value / MEGABYTES;
        } else if (value >= KILOBYTES) {
            fmt = "KiB";
            v = value / KILOBYTES;
        } else {
            return fixed(value, 6) + " bytes";
        }
        return fixed(v, precise ? 0 : 3) + " " + fmt;
    }

    /**
     * (int) of a double as x86-64 does it (cvttsd2si): truncation, and INT_MIN for NaN or anything out of range,
     * where Java would saturate.
     */
    static int cInt(double v) {
        return v >= -2147483648.0 && v < 2147483648.0 ? (int) v : Integer.MIN_VALUE;
    }

    /**
     * printf("%.Nf") of glibc: the exact binary value rounded half to even. A NaN here only ever comes from 0/0,
     * which x86 makes the negative default NaN, printed "-nan".
     */
    static String fixed(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "-nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return v < 0 || (v == 0 && 1 / v < 0) ? (s.startsWith("-") ? s : "-" + s) : s;
    }
}
