// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.core.XfsException;

/**
 * A shared mapping of a file (MAP_SHARED), addressed by file byte offset: loads and stores fault pages in on first
 * touch. A DAX file's maps pmem directly ({@link org.jxfs.dax.DaxMmap}); any other file's maps its page cache
 * ({@link PageCacheMmap}). A fault that cannot be served (past the last page of the file, out of space) is an
 * {@link XfsException}: the SIGBUS the kernel would deliver.
 */
public interface FileMapping extends AutoCloseable {
    byte readByte(long pos) throws XfsException;

    void writeByte(long pos, byte v) throws XfsException;

    /**
     * A memcpy out of the mapping: {@code len} bytes from {@code pos} into {@code dst[off ..]}, faulting pages in as
     * the loads reach them.
     */
    default void read(long pos, byte[] dst, int off, int len) throws XfsException {
        for (int i = 0; i < len; i++) {
            dst[off + i] = readByte(pos + i);
        }
    }

    /**
     * A memcpy into the mapping: {@code src[off .. off + len)} stored from {@code pos}, each page's first store
     * taking its write fault.
     */
    default void write(long pos, byte[] src, int off, int len) throws XfsException {
        for (int i = 0; i < len; i++) {
            writeByte(pos + i, src[off + i]);
        }
    }

    /** msync(MS_SYNC) of [pos, pos + len): the data stored through the mapping there written to the device. */
    void msync(long pos, long len) throws XfsException;

    /** munmap: later accesses fail. */
    void munmap();

    @Override
    default void close() {
        munmap();
    }
}
