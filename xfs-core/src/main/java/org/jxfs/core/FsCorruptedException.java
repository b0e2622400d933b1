// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core;

/** Metadata failed a verifier or a consistency check (-EFSCORRUPTED). */
public class FsCorruptedException extends XfsException {
    public FsCorruptedException(String message) {
        super(EFSCORRUPTED, message);
    }

    public FsCorruptedException(String message, Throwable cause) {
        super(EFSCORRUPTED, message, cause);
    }
}
