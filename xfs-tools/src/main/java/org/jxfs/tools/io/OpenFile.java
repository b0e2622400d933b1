// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/**
 * One entry of xfs_io's file table (fileio_t): the file, the name it was opened by, and the open flags as io.h's
 * IO_* bits, which stat and the file table listing print. jxfs honours IO_READONLY, IO_DIRECT, IO_APPEND and
 * IO_OSYNC (see {@link Vfs#pwrite}), IO_TRUNC and IO_REALTIME at open, and IO_NONBLOCK (no effect on a regular
 * file); every file it opens is on XFS, so IO_FOREIGN is never set. {@code writable} is how the descriptor was really opened: openfile
 * retries a directory O_RDONLY without putting IO_READONLY in the table, so the two can differ.
 */
record OpenFile(IoFile file, String name, int flags, boolean writable) {
    /** io.h's IO_READONLY: opened O_RDONLY. */
    static final int IO_READONLY = 1 << 0;
    /** io.h's IO_DIRECT: opened O_DIRECT. */
    static final int IO_DIRECT = 1 << 1;
    /** io.h's IO_REALTIME: the realtime flag set right after opening. */
    static final int IO_REALTIME = 1 << 2;
    /** io.h's IO_APPEND: opened O_APPEND. */
    static final int IO_APPEND = 1 << 3;
    /** io.h's IO_OSYNC: opened O_SYNC. */
    static final int IO_OSYNC = 1 << 4;
    /** io.h's IO_CREAT: opened O_CREAT. */
    static final int IO_CREAT = 1 << 5;
    /** io.h's IO_TRUNC: opened O_TRUNC. */
    static final int IO_TRUNC = 1 << 6;
    /** io.h's IO_NONBLOCK: opened O_NONBLOCK. */
    static final int IO_NONBLOCK = 1 << 8;
    /** io.h's IO_NOFOLLOW: opened O_NOFOLLOW. */
    static final int IO_NOFOLLOW = 1 << 11;

    boolean readOnlyFlag() {
        return (flags & IO_READONLY) != 0;
    }

    boolean direct() {
        return (flags & IO_DIRECT) != 0;
    }

    boolean append() {
        return (flags & IO_APPEND) != 0;
    }

    boolean osync() {
        return (flags & IO_OSYNC) != 0;
    }

    /**
     * The open-mode words print_fileio and print_file_info print after the filesystem type:
     * "sync|non-sync,direct|non-direct,read-only|read-write" and the ",real-time", ",append-only", ",non-block"
     * suffixes of the flags set (print_fileio adds {@link #fileioSuffix}).
     */
    String modeWords() {
        return (osync() ? "sync," : "non-sync,") + (direct() ? "direct," : "non-direct,")
                + (readOnlyFlag() ? "read-only" : "read-write") + ((flags & IO_REALTIME) != 0 ? ",real-time" : "")
                + (append() ? ",append-only" : "") + ((flags & IO_NONBLOCK) != 0 ? ",non-block" : "");
    }

    /** What print_fileio prints after {@link #modeWords}: ",nofollow" for O_NOFOLLOW. */
    String fileioSuffix() {
        return (flags & IO_NOFOLLOW) != 0 ? ",nofollow" : "";
    }
}
