// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads an op log written by fstests' fsx with {@code --record-ops} (fsx.c's {@code logdump} writes it,
 * {@code read_op} reads it back for {@code --replay-ops}): one op per line, numbers in any base {@code strtoul(s, 0,
 * 0)} takes. The whole log is read and checked before anything is replayed, so a bad line never leaves an image
 * half-replayed.
 */
public final class FsxOpLog {
    /** The name ending of a gzip-compressed log. */
    static final String GZIP_SUFFIX = ".gz";

    private FsxOpLog() {
    }

    /**
     * Reads and checks the log at {@code file}, gunzipping it when its name ends in {@code .gz} (a 100,000-op log
     * is about 4 MB, a fifth of that compressed); the message of a failure names the file and line.
     */
    public static List<FsxOp> read(Path file) throws FsxLogException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream bytes = file.toString().endsWith(GZIP_SUFFIX) ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader in = new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8), 1 << 16)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new FsxLogException(file + ": No such file or directory");
        } catch (IOException e) {
            throw new FsxLogException(file + ": " + e.getMessage());
        }
    }

    /** Parses a log from {@code in}; {@code name} is what messages call it. */
    public static List<FsxOp> parse(Reader in, String name) throws IOException, FsxLogException {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<FsxOp> ops = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            ops.add(parseLine(line, n, name));
        }
        return ops;
    }

    /** Ports fsx.c's {@code read_op}: one line, numbered {@code number} counting skip lines. */
    static FsxOp parseLine(String line, int number, String name) throws FsxLogException {
        String where = name + ":" + number + ": ";
        String[] tok = line.trim().split("[ \t]+");
        if (tok.length == 0 || tok[0].isEmpty()) {
            throw new FsxLogException(where + "empty line");
        }
        int t = 0;
        boolean skip = false;
        if (tok[t].equals("skip")) {
            skip = true;
            t++;
        }
        if (t >= tok.length) {
            throw new FsxLogException(where + "'skip' without an op");
        }
        FsxOpKind kind = FsxOpKind.byName(tok[t]);
        if (kind == null) {
            throw new FsxLogException(where + "unknown op '" + tok[t] + "'");
        }
        t++;
        if (tok.length - t < kind.numbers()) {
            throw new FsxLogException(where + kind.logName() + " needs " + kind.numbers() + " numbers, has "
                    + (tok.length - t));
        }
        long[] a = new long[kind.numbers()];
        for (int i = 0; i < a.length; i++, t++) {
            a[i] = parseNumber(tok[t], where);
        }
        boolean keepSize = false;
        boolean closeOpen = false;
        boolean unshare = false;
        for (; t < tok.length; t++) {
            switch (tok[t]) {
                case "keep_size" -> keepSize = true;
                case "close_open" -> closeOpen = true;
                case "unshare" -> unshare = true;
                case "*" -> { }    // marks ops touching the bad offset in logs of failed runs
                default -> throw new FsxLogException(where + "unknown flag '" + tok[t] + "' after "
                        + kind.logName());
            }
        }
        if (kind.numbers() == 4) {
            return new FsxOp(number, kind, skip, a[0], a[1], a[2], a[3], keepSize, closeOpen, unshare);
        }
        return new FsxOp(number, kind, skip, a[0], a[1], 0, a[2], keepSize, closeOpen, unshare);
    }

    /**
     * {@code strtoul(s, &end, 0)} with fsx's check that the whole field was used: 0x/0X for hexadecimal, a leading
     * 0 for octal, else decimal; no sign, at most 64 bits.
     */
    static long parseNumber(String s, String where) throws FsxLogException {
        int base = 10;
        int p = 0;
        if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
            base = 16;
            p = 2;
        } else if (s.length() > 1 && s.charAt(0) == '0') {
            base = 8;
            p = 1;
        }
        String digits = s.substring(p);
        try {
            long v = digits.startsWith("+") ? -1 : Long.parseUnsignedLong(digits, base);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new FsxLogException(where + "bad number '" + s + "'");
    }
}
