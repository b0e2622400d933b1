// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/**
 * A shared mapping of a file ({@link IoFile#mmap}), addressed by FILE byte offset: what the io commands mread,
 * mwrite and msync reach through a mapping's addresses. A load or store of a page wholly past EOF is the kernel's
 * SIGBUS: {@link IoSignal#SIGBUS}.
 */
public interface IoMapping {
    /** A one-byte load at file offset {@code pos}. */
    byte load(long pos) throws IoException;

    /** A one-byte store at file offset {@code pos}. */
    void store(long pos, byte value) throws IoException;

    /**
     * {@code len} one-byte stores of {@code value} from file offset {@code pos}, all inside one page: the page
     * faults once, before any of them (what a loop of {@link #store} does, without a fault per byte).
     */
    default void fill(long pos, int len, byte value) throws IoException {
        for (int i = 0; i < len; i++) {
            store(pos + i, value);
        }
    }

    /**
     * What msync(2) does for the part of a vma over file bytes {@code [pos, pos+len)}: with {@code sync} (MS_SYNC)
     * the data written through the mapping, and the metadata it needs, made durable (vfs_fsync_range).
     */
    void msync(long pos, long len, boolean sync) throws IoException;

    /** munmap(2) of the whole mapping. */
    void munmap() throws IoException;
}
