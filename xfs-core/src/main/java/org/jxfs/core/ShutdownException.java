// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core;

/** The filesystem was shut down after a fatal error; nothing more is written (-EIO after xfs_force_shutdown). */
public class ShutdownException extends XfsException {
    public ShutdownException(String message) {
        super(ESHUTDOWN, message);
    }

    /** A change refused for another reason than a shutdown that also ends all writing: EROFS on a read-only mount. */
    protected ShutdownException(int errno, String message) {
        super(errno, message);
    }

    public ShutdownException(String message, Throwable cause) {
        super(ESHUTDOWN, message, cause);
    }
}
