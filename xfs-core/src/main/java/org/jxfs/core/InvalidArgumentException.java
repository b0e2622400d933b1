// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core;

/** A caller passed an invalid argument (-EINVAL). */
public class InvalidArgumentException extends XfsException {
    public InvalidArgumentException(String message) {
        super(EINVAL, message);
    }

    public InvalidArgumentException(String message, Throwable cause) {
        super(EINVAL, message, cause);
    }
}
