// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/**
 * One entry of xfs_io's file table (fileio_t): the file, the name it was opened by, and the open flags as io.h's
 * IO_* bits, which stat and the file table listing print. jxfs honours IO_READONLY and IO_DIRECT; every file it
 * opens is on XFS, so IO_FOREIGN is never set. {@code writable} is how the descriptor was really opened: openfile
 * retries a directory O_RDONLY without putting IO_READONLY in the table, so the two can differ.
 */
record OpenFile(IoFile file, String name, int flags, boolean writable) {
    /** io.h's IO_READONLY: opened O_RDONLY. */
    static final int IO_READONLY = 1 << 0;
    /** io.h's IO_DIRECT: opened O_DIRECT. */
    static final int IO_DIRECT = 1 << 1;
    /** io.h's IO_CREAT: opened O_CREAT. */
    static final int IO_CREAT = 1 << 5;

    boolean readOnlyFlag() {
        return (flags & IO_READONLY) != 0;
    }

    boolean direct() {
        return (flags & IO_DIRECT) != 0;
    }
}
