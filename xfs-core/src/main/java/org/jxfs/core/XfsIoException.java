// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core;

/** The image file could not be read or written (-EIO). */
public class XfsIoException extends XfsException {
    public XfsIoException(String message) {
        super(EIO, message);
    }

    public XfsIoException(String message, Throwable cause) {
        super(EIO, message, cause);
    }
}
