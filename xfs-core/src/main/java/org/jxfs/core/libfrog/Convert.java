// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.libfrog;

/**
 * libfrog/convert.c's number parsing, shared by xfsprogs' tools: mkfs's size options and xfs_io's command
 * arguments both go through {@link #cvtnum}.
 */
public final class Convert {
    /** What cvtnum returns for a bad number or suffix. */
    public static final long CVTNUM_FAILED = -1L;

    private Convert() {
    }

    /**
     * Ports cvtnum. strtoll(s, 0) (so 0x.. is hex, 0.. octal, overflow clamps), then one optional suffix letter:
     * b (filesystem blocks), s (sectors), k m g t p e (powers of 1024). Returns -1 for anything else; like the C
     * code, a multiplication that overflows wraps, so callers treat every negative result as "non-numeric".
     */
    public static long cvtnum(long blksize, long sectsize, String s) {
        Strtoll r = Strtoll.parse(s);
        long i = r.value();
        if (i == 0 && r.end() == 0) {
            return CVTNUM_FAILED;
        }
        if (r.end() == s.length()) {
            return i;
        }
        if (r.end() + 1 != s.length()) {
            return CVTNUM_FAILED;
        }
        switch (Character.toLowerCase(s.charAt(r.end()))) {
            case 'b':
                return blksize == 0 ? -1L : i * blksize;
            case 's':
                return sectsize == 0 ? -1L : i * sectsize;
            case 'k':
                return i << 10;
            case 'm':
                return i << 20;
            case 'g':
                return i << 30;
            case 't':
                return i << 40;
            case 'p':
                return i << 50;
            case 'e':
                return i << 60;
            default:
                return CVTNUM_FAILED;
        }
    }

    /** atoi(3): leading white space, a sign, decimal digits; 0 when there are none. */
    public static int atoi(String s) {
        Strtoll r = Strtoll.parse(s, 10);
        return (int) r.value();
    }

    /** strtoll(3) in the C locale: the value and the index of the first character not used (0 if none was). */
    public record Strtoll(long value, int end) {
        /** strtoll(s, NULL, 0). */
        public static Strtoll parse(String s) {
            return parse(s, 0);
        }

        /** strtoll(s, NULL, base). */
        public static Strtoll parse(String s, int base) {
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
            if ((base == 0 || base == 16) && p + 1 < n && s.charAt(p) == '0'
                    && (s.charAt(p + 1) == 'x' || s.charAt(p + 1) == 'X')
                    && p + 2 < n && Character.digit(s.charAt(p + 2), 16) >= 0) {
                base = 16;
                p += 2;
            } else if (base == 0) {
                base = p < n && s.charAt(p) == '0' ? 8 : 10;
            }
            int start = p;
            long acc = 0;
            boolean overflow = false;
            while (p < n) {
                int d = Character.digit(s.charAt(p), base);
                if (d < 0 || s.charAt(p) > 0x7f) {
                    break;
                }
                if (!overflow) {
                    // accumulate as a negative number so that LLONG_MIN fits
                    if (acc < (Long.MIN_VALUE + d) / base) {
                        overflow = true;
                    } else {
                        acc = acc * base - d;
                    }
                }
                p++;
            }
            if (p == start) {
                return new Strtoll(0, 0);
            }
            long v;
            if (overflow) {
                v = neg ? Long.MIN_VALUE : Long.MAX_VALUE;
            } else if (neg) {
                v = acc;
            } else {
                v = acc == Long.MIN_VALUE ? Long.MAX_VALUE : -acc;
            }
            return new Strtoll(v, p);
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
        }
    }
}
