// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core;

/** A change asked of a filesystem mounted read-only (EROFS): nothing is written. */
public final class ReadOnlyFilesystemException extends ShutdownException {
    public ReadOnlyFilesystemException(String message) {
        super(EROFS, message);
    }
}
