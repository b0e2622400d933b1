// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.iomap.DaxPolicy;

/**
 * Mount options of {@link Xfs#open(java.nio.file.Path, XfsMountOptions)}: {@code dax=always} (every file takes
 * the DAX path) or {@code dax=inode} (the default: files with FS_XFLAG_DAX do), and which kernel's DAX
 * allocation to follow (see {@link DaxPolicy.Mode}; the 4.4 fix by default).
 */
public record XfsMountOptions(boolean daxAlways, DaxPolicy.Mode daxMode) {
    /** dax=inode, the 4.4 behaviour. */
    public static final XfsMountOptions DEFAULTS = new XfsMountOptions(false, DaxPolicy.Mode.FIXED);

    public XfsMountOptions {
        if (daxMode == null) {
            throw new IllegalArgumentException("daxMode");
        }
    }
}
