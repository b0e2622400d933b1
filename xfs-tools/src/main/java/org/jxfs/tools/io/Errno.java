// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/** The errno values the io commands can report, with glibc's strerror text (what xfs_io's perror prints). */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EIO(5, "Input/output error"),
    ENXIO(6, "No such device or address"),
    EBADF(9, "Bad file descriptor"),
    ENOMEM(12, "Cannot allocate memory"),
    EFAULT(14, "Bad address"),
    EACCES(13, "Permission denied"),
    EEXIST(17, "File exists"),
    ENODEV(19, "No such device"),
    ENOTDIR(20, "Not a directory"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    ENOTTY(25, "Inappropriate ioctl for device"),
    ETXTBSY(26, "Text file busy"),
    EFBIG(27, "File too large"),
    ENOSPC(28, "No space left on device"),
    ESPIPE(29, "Illegal seek"),
    EROFS(30, "Read-only file system"),
    ENAMETOOLONG(36, "File name too long"),
    ELOOP(40, "Too many levels of symbolic links"),
    EOPNOTSUPP(95, "Operation not supported"),
    EUCLEAN(117, "Structure needs cleaning");

    private final int value;
    private final String message;

    Errno(int value, String message) {
        this.value = value;
        this.message = message;
    }

    public int value() {
        return value;
    }

    /** strerror(3) in the C locale. */
    public String message() {
        return message;
    }
}
