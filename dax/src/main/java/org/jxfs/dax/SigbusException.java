// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import org.jxfs.core.XfsException;

/** What VM_FAULT_SIGBUS delivers to the faulting access: here, an exception from the mmap load or store (-EFAULT). */
public class SigbusException extends XfsException {
    public static final int EFAULT = 14;

    public SigbusException(String message) {
        super(EFAULT, message);
    }
}
