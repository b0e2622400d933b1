// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

import java.io.PrintStream;
import java.util.function.IntConsumer;

/**
 * A one-line progress bar redrawn in place ({@code \r}) while a long log replays, only when standard output is a
 * terminal; on a pipe or a file it prints nothing. Redraws at most every 100 ms and erases itself when done.
 */
final class ReplayProgress implements IntConsumer, AutoCloseable {
    private static final int WIDTH = 40;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final int total;
    private final boolean shown;
    private long lastDraw;
    private boolean drawn;

    private ReplayProgress(PrintStream out, int total, boolean shown) {
        this.out = out;
        this.total = total;
        this.shown = shown;
    }

    /** A bar on {@code out} for {@code total} ops, drawn only when the JVM's standard output is a terminal. */
    static ReplayProgress onTerminal(PrintStream out, int total) {
        return new ReplayProgress(out, total, System.console() != null && total > 0);
    }

    @Override
    public void accept(int done) {
        if (!shown) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        int filled = (int) ((long) done * WIDTH / total);
        out.print("\rreplay [" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total
                + " ops (" + (long) done * 100 / total + "%)");
        out.flush();
    }

    /** Erases the bar, so that what follows starts on a clean line. */
    @Override
    public void close() {
        if (drawn) {
            out.print("\r" + " ".repeat(WIDTH + 40) + "\r");
            out.flush();
        }
    }
}
