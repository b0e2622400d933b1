// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

/** How the generic fault code serialises faults on one mapping (the filesystem's locks are its own business). */
public enum DaxLockMode {
    /**
     * Linux 4.3 final and 4.4: nothing in dax; dax_insert_mapping holds the i_mmap lock for read only. Two faults on
     * one page meet only in the filesystem's get_block.
     */
    NONE,
    /**
     * 843172978bb9 "dax: fix race between simultaneous faults" (4.3-rc): a fault that finds no page in the page
     * cache takes the i_mmap lock for write before get_block and holds it across allocation, zeroing, insertion and
     * conversion, so faults on one file run one at a time (a fault on a hole page serialises on its page lock).
     */
    MMAP_LOCK
}
