// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core;

/** No free space or inodes left (-ENOSPC). */
public class NoSpaceException extends XfsException {
    public NoSpaceException(String message) {
        super(ENOSPC, message);
    }

    public NoSpaceException(String message, Throwable cause) {
        super(ENOSPC, message, cause);
    }
}
