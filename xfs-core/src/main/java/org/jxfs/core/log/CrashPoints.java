// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Named crash points for tests: when the system property {@value #PROPERTY} is {@code POINT[:N]} (a point's name,
 * lower case with dashes, and the occurrence to stop at, 1 by default) the JVM halts there at once, with exit
 * status {@value #EXIT_STATUS} and nothing flushed or unmounted, like a kill -9 at an exact moment.
 */
public final class CrashPoints {
    /** The system property naming the crash point. */
    public static final String PROPERTY = "jxfs.crashpoint";
    /** The exit status of a halt at a crash point. */
    public static final int EXIT_STATUS = 86;

    /** The points. */
    public enum Point {
        /** After a log force's device flush: the log is durable, nothing of it is written in place. */
        AFTER_LOG_FLUSH,
        /** Half-way through the in-place metadata writes of a writeback. */
        MID_INPLACE,
        /** Half-way through writing a log record: its first half is on disk (a torn write). */
        MID_RECORD;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Point point;
    private final long occurrence;
    private final AtomicLong seen = new AtomicLong();

    private CrashPoints(Point point, long occurrence) {
        this.point = point;
        this.occurrence = occurrence;
    }

    /** The crash point the system property asks for, or null when it is unset. */
    public static CrashPoints fromSystemProperty() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            return null;
        }
        String[] parts = v.trim().split(":", 2);
        for (Point p : Point.values()) {
            if (p.label().equals(parts[0])) {
                return new CrashPoints(p, parts.length > 1 ? Long.parseLong(parts[1]) : 1);
            }
        }
        throw new IllegalArgumentException(PROPERTY + "=" + v + ": no such crash point");
    }

    /** Counts a pass through {@code p}; true when this pass is the one to crash at. */
    public boolean hit(Point p) {
        return p == point && seen.incrementAndGet() == occurrence;
    }

    /** Halts the JVM at once (Runtime.halt: no shutdown hooks, no flush of anything jxfs holds). */
    public void halt(Point p) {
        System.err.println("jxfs: crash point " + p.label() + " reached");
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_STATUS);
    }
}
