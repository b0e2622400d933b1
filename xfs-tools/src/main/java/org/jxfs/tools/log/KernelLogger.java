// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.log;

import java.util.Locale;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One logger of {@link KernelLogProvider}: the message alone on standard error, as dmesg shows the kernel's. */
final class KernelLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    /** Threshold for jxfs's own loggers: WARN unless -Djxfs.log says otherwise. */
    private static final int OWN = threshold(System.getProperty("jxfs.log", "warn"));
    private final int min;

    KernelLogger(String name) {
        this.name = name;
        this.min = name.startsWith("org.jxfs.") ? OWN : Level.ERROR.toInt();
    }

    private static int threshold(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE.toInt();
            case "debug" -> Level.DEBUG.toInt();
            case "info" -> Level.INFO.toInt();
            case "error" -> Level.ERROR.toInt();
            case "off" -> Integer.MAX_VALUE;
            default -> Level.WARN.toInt();
        };
    }

    private boolean on(Level l) {
        return l.toInt() >= min;
    }

    @Override
    public boolean isTraceEnabled() {
        return on(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return on(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return on(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return on(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return on(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String format, Object[] args,
            Throwable t) {
        String msg = MessageFormatter.basicArrayFormat(format, args);
        if (t != null && name.startsWith("org.jxfs.")) {
            msg += ": " + t.getMessage();
        }
        System.err.println(msg);
    }
}
