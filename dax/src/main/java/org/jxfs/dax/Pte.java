// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

/**
 * A page table entry of a {@link DaxMmap}: either a pfn (the device byte offset of a pmem page, inserted by
 * vm_insert_mixed) or a hole page of the page cache, which reads as zeros. Read-only until a write fault or
 * pfn_mkwrite makes it writable; hole pages are never writable.
 *
 * @param devOff device byte offset of the page; -1 for a hole page
 * @param hole the hole page mapped, or null for a pfn
 * @param writable whether stores go through without a fault
 */
record Pte(long devOff, HolePage hole, boolean writable) {
    static Pte pfn(long devOff, boolean writable) {
        return new Pte(devOff, null, writable);
    }

    static Pte hole(HolePage page) {
        return new Pte(-1, page, false);
    }
}
