// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

/**
 * Ports libfrog's cvtnum and the strtoll(str, &end, 0) number syntax mkfs.xfs uses for its option values.
 * A number may be decimal, octal (leading 0) or hexadecimal (0x); a single unit suffix may follow: {@code s}
 * (sectors), {@code b} (filesystem blocks), {@code k m g t p e} (powers of 1024). A plain number is bytes.
 */
public final class SizeParser {
    /** The value a failed conversion returns, as cvtnum's -1LL. */
    public static final long CVTNUM_FAILED = -1L;

    private SizeParser() {
    }

    /** The result of strtoll with base 0: the value and how many characters it consumed (0 = no number). */
    record StrtollResult(long value, int end) {
    }

    /**
     * Ports strtoll(s, &end, 0): optional sign, then 0x hex, leading-0 octal or decimal. Saturates on overflow as
     * strtoll does (LLONG_MAX / LLONG_MIN).
     */
    static StrtollResult strtoll(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int base = 10;
        if (i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && i + 2 < n && Character.digit(s.charAt(i + 2), 16) >= 0) {
            base = 16;
            i += 2;
        } else if (i < n && s.charAt(i) == '0') {
            base = 8;
        }
        int start = i;
        long v = 0;
        boolean overflow = false;
        while (i < n) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0) {
                break;
            }
            if (!overflow) {
                try {
                    v = Math.addExact(Math.multiplyExact(v, base), d);
                } catch (ArithmeticException e) {
                    overflow = true;
                }
            }
            i++;
        }
        if (i == start) {
            return new StrtollResult(0, 0);
        }
        if (overflow) {
            v = neg ? Long.MIN_VALUE : Long.MAX_VALUE;
        } else if (neg) {
            v = -v;
        }
        return new StrtollResult(v, i);
    }

    /**
     * Ports cvtnum. {@code blksize} / {@code sectsize} of 0 make the {@code b} / {@code s} suffixes invalid, as
     * when mkfs converts {@code -b size} before the block size is known. Returns {@link #CVTNUM_FAILED} on a bad
     * number or suffix. Multiplication wraps like the C code's signed 64-bit arithmetic.
     */
    public static long cvtnum(long blksize, long sectsize, String s) {
        StrtollResult r = strtoll(s);
        if (r.end() == 0) {
            return CVTNUM_FAILED;
        }
        long i = r.value();
        if (r.end() == s.length()) {
            return i;
        }
        if (r.end() + 1 != s.length()) {
            return CVTNUM_FAILED;
        }
        switch (Character.toLowerCase(s.charAt(r.end()))) {
            case 'b':
                return blksize == 0 ? CVTNUM_FAILED : i * blksize;
            case 's':
                return sectsize == 0 ? CVTNUM_FAILED : i * sectsize;
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
}
