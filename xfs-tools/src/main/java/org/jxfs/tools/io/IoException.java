// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/** A failed file operation, carrying the errno the kernel would have returned; the interpreter perror()s it. */
public class IoException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Errno errno;

    public IoException(Errno errno) {
        super(errno.message());
        this.errno = errno;
    }

    public IoException(Errno errno, String detail, Throwable cause) {
        super(detail, cause);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
