// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * glibc getopt(3) as xfs_io's commands call it (reset before each command): GNU argument permutation, so
 * options may follow operands; "--" ends the options; a lone "-" is an operand; errors are printed to stderr as
 * "CMD: invalid option -- 'x'" or "CMD: option requires an argument -- 'x'" and returned as '?'.
 * After {@link #next()} returns -1, {@link #operands()} are argv[optind..argc-1] of the permuted vector.
 */
final class Getopt {
    static final int EOF = -1;

    private final List<String> argv;
    private final String optstring;
    private final PrintStream err;
    private final List<String> operands = new ArrayList<>();
    private int index = 1;
    private int charIndex;
    private String optarg;
    private boolean endOfOptions;

    Getopt(List<String> argv, String optstring, PrintStream err) {
        this.argv = argv;
        this.optstring = optstring;
        this.err = err;
    }

    /** The next option character, '?' for an error, or {@link #EOF}. */
    int next() {
        optarg = null;
        while (charIndex == 0) {
            if (index >= argv.size()) {
                return EOF;
            }
            String a = argv.get(index);
            if (endOfOptions || a.length() < 2 || a.charAt(0) != '-') {
                operands.add(a);
                index++;
                continue;
            }
            if (a.equals("--")) {
                endOfOptions = true;
                index++;
                continue;
            }
            charIndex = 1;
        }
        String a = argv.get(index);
        char c = a.charAt(charIndex++);
        int at = c == ':' ? -1 : optstring.indexOf(c);
        boolean last = charIndex >= a.length();
        if (at < 0) {
            err.println(argv.get(0) + ": invalid option -- '" + c + "'");
            advanceIf(last);
            return '?';
        }
        if (at + 1 < optstring.length() && optstring.charAt(at + 1) == ':') {
            if (!last) {
                optarg = a.substring(charIndex);
                advanceIf(true);
            } else if (index + 1 < argv.size()) {
                optarg = argv.get(index + 1);
                index += 2;
                charIndex = 0;
            } else {
                err.println(argv.get(0) + ": option requires an argument -- '" + c + "'");
                advanceIf(true);
                return '?';
            }
            return c;
        }
        advanceIf(last);
        return c;
    }

    private void advanceIf(boolean last) {
        if (last) {
            index++;
            charIndex = 0;
        }
    }

    String optarg() {
        return optarg;
    }

    /** The operands, in order: the arguments getopt permuted to the end. Complete once next() returned EOF. */
    List<String> operands() {
        List<String> all = new ArrayList<>(operands);
        all.addAll(argv.subList(Math.min(index, argv.size()), argv.size()));
        return all;
    }
}
