// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's file mode creation mask, which open(2) applies to the mode of a file it creates: the "Umask:" line
 * of /proc/self/status (Linux 4.7 and later), 022 where that cannot be read.
 */
final class Umask {
    static final int DEFAULT = 022;

    private Umask() {
    }

    static int get() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring("Umask:".length()).trim(), 8);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no procfs: the usual default
        }
        return DEFAULT;
    }
}
