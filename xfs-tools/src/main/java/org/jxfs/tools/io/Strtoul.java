// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/**
 * strtoul(3) with base 0 in the C locale, as xfs_io parses seeds, vector counts and modes: leading white space,
 * an optional sign (a '-' negates the unsigned result), then 0x for hex or a leading 0 for octal. An overflow gives
 * ULONG_MAX. {@code end} is the index of the first character not used, 0 when nothing was converted (the caller's
 * {@code sp == optarg} test).
 */
record Strtoul(long value, int end) {
    private static final long ULONG_MAX = -1L;

    /** strtoul(s, &end, 0). */
    static Strtoul parse(String s) {
        int p = 0;
        int n = s.length();
        while (p < n && isSpace(s.charAt(p))) {
            p++;
        }
        boolean neg = false;
        if (p < n && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
            neg = s.charAt(p) == '-';
            p++;
        }
        int base;
        if (p + 2 < n && s.charAt(p) == '0' && (s.charAt(p + 1) == 'x' || s.charAt(p + 1) == 'X')
                && digit(s.charAt(p + 2), 16) >= 0) {
            base = 16;
            p += 2;
        } else {
            base = p < n && s.charAt(p) == '0' ? 8 : 10;
        }
        int start = p;
        long acc = 0;
        boolean overflow = false;
        for (int d; p < n && (d = digit(s.charAt(p), base)) >= 0; p++) {
            if (!overflow) {
                long limit = Long.divideUnsigned(ULONG_MAX - d, base);
                if (Long.compareUnsigned(acc, limit) > 0) {
                    overflow = true;
                } else {
                    acc = acc * base + d;
                }
            }
        }
        if (p == start) {
            return new Strtoul(0, 0);
        }
        long v = overflow ? ULONG_MAX : neg ? -acc : acc;
        return new Strtoul(v, p);
    }

    /** The low 32 bits, as the result lands in an {@code unsigned int}. */
    int uint() {
        return (int) value;
    }

    private static int digit(char c, int base) {
        int d;
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'z') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'Z') {
            d = c - 'A' + 10;
        } else {
            return -1;
        }
        return d < base ? d : -1;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }
}
