// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.log;

import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The tools' logging backend: what the library logs at WARN and ERROR (the kernel's xfs_warn/xfs_alert lines: the
 * DAX zeroing failure, a shutdown, an image opened read-only) reaches standard error as the kernel prints it to
 * dmesg, one line each; everything quieter is dropped, and so is whatever other libraries log below ERROR.
 * {@code -Djxfs.log=debug|info|warn|error|off} (JXFS_JAVA_OPTS) changes the threshold for jxfs's own messages.
 */
public final class KernelLogProvider implements SLF4JServiceProvider {
    private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, KernelLogger::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }
}
