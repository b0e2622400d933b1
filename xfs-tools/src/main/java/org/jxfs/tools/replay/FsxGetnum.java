// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

/** fsx's number options: {@code -l 1m}, {@code -S 1111}. */
final class FsxGetnum {
    private FsxGetnum() {
    }

    /**
     * Ports fsx.c's {@code getnum}: {@code strtol(s, &e, 0)} then one optional unit, b (512), k (1024), m (1 MiB)
     * or w (4), so {@code 0xb} is eleven and {@code 1b} is 512; anything else left over, an empty number or a
     * negative one is refused with {@link IllegalArgumentException}.
     */
    static long parse(String s) {
        try {
            return FsxOpLog.parseNumber(s, "");
        } catch (FsxLogException whole) {
            long unit = s.isEmpty() ? 0 : switch (s.charAt(s.length() - 1)) {
                case 'b', 'B' -> 512;
                case 'k', 'K' -> 1024;
                case 'm', 'M' -> 1024 * 1024;
                case 'w', 'W' -> 4;
                default -> 0;
            };
            if (unit != 0) {
                try {
                    long v = FsxOpLog.parseNumber(s.substring(0, s.length() - 1), "");
                    if (v <= Long.MAX_VALUE / unit) {
                        return v * unit;
                    }
                } catch (FsxLogException e) {
                    // reported below
                }
            }
            throw new IllegalArgumentException("bad number '" + s + "'");
        }
    }
}
