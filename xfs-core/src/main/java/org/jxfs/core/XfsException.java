// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core;

/** Root of jxfs's checked errors; each carries the errno the kernel would return. */
public class XfsException extends Exception {
    public static final int EPERM = 1, ENXIO = 6, EBADF = 9, EXDEV = 18, ENODEV = 19, EMLINK = 31, ETXTBSY = 26,
            ESPIPE = 29;
    public static final int EIO = 5, ENOMEM = 12, EEXIST = 17, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
            EFBIG = 27, ENOSPC = 28, EROFS = 30, ENAMETOOLONG = 36, ENOTEMPTY = 39, ENOENT = 2,
            EOPNOTSUPP = 95, EFSCORRUPTED = 117, ESHUTDOWN = 108;

    private final int errno;

    public XfsException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public XfsException(int errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
