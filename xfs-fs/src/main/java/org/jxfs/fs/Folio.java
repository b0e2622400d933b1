// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

/**
 * One cached block of file data, with the kernel's per-block dirty bit (iomap_folio_state); every cached block is up
 * to date: it is filled from the device or with zeros when it is made. The blocks of one kernel folio share
 * {@link #head} and {@link #nblocks}: a large folio made by a large buffered write, which matters because ranged
 * writeback writes whole folios (every dirty block of a folio that overlaps the range). Guarded by its
 * {@link AddressSpace}.
 */
final class Folio {
    /** The file block it caches. */
    final long index;
    final byte[] data;
    boolean dirty;
    /** The first block of the folio this block belongs to. */
    long head;
    /** The blocks in that folio. */
    int nblocks;

    /** A block that is a folio of its own. */
    Folio(long index, byte[] data) {
        this(index, data, index, 1);
    }

    Folio(long index, byte[] data, long head, int nblocks) {
        this.index = index;
        this.data = data;
        this.head = head;
        this.nblocks = nblocks;
    }
}
