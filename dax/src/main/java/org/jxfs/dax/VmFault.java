// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

/**
 * struct vm_fault as the DAX handlers read it: the page offset in the file and whether the access writes
 * (FAULT_FLAG_WRITE). Only shared mappings exist here, so there is no cow_page.
 *
 * @param pgoff the faulting page's index in the file
 * @param write FAULT_FLAG_WRITE
 */
public record VmFault(long pgoff, boolean write) {
}
