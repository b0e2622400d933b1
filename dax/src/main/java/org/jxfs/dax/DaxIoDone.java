// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import org.jxfs.core.XfsException;

/**
 * dax_iodone_t (Linux 4.3/4.4): the filesystem's completion for a fault that mapped an unwritten buffer, called
 * once the page is in place (XFS converts the extent to written). Removed in 4.7 with complete_unwritten.
 */
@FunctionalInterface
public interface DaxIoDone {
    void complete(BufferHead bh, boolean uptodate) throws XfsException;
}
