// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

/**
 * One cached block of file data (a folio of one filesystem block; the kernel's per-block uptodate and dirty bits of
 * iomap_folio_state collapse to one flag each). A folio in the cache is always up to date: it is filled from the
 * device or with zeros when it is made. Guarded by its {@link AddressSpace}.
 */
final class Folio {
    /** The file block it caches. */
    final long index;
    final byte[] data;
    boolean dirty;

    Folio(long index, byte[] data) {
        this.index = index;
        this.data = data;
    }
}
