// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import org.jxfs.core.XfsIoException;
import org.jxfs.core.dev.BlockDevice;

/** dax_clear_blocks (fs/dax.c): zeroing file blocks through the pmem mapping, and the device's zeroing hook. */
public final class DaxClearBlocks {
    private DaxClearBlocks() {
    }

    /**
     * Ports dax_clear_blocks (Linux 4.3). Zeroes {@code size} bytes from block {@code block} (in units of
     * {@code 1 << blkbits} bytes, the inode's i_blkbits) through the direct mapping: the kernel walks
     * bdev_direct_access a piece at a time and clear_page()s each page; here each chunk's piece is one setMemory, which
     * runs at memset speed. Ranges that reach the device's unmapped tail are written with zeros instead.
     */
    public static void clear(Pmem pmem, int blkbits, long block, long size) throws XfsIoException {
        if (block < 0 || size < 0 || (size & 511) != 0) {
            throw new XfsIoException("dax_clear_blocks: bad range block " + block + " size " + size);
        }
        pmem.clear(block << blkbits, size);
        pmem.wmb();
    }

    /**
     * Installs pmem zeroing as the device's {@link BlockDevice#zeroRange} (what blkdev_issue_zeroout becomes on a
     * pmem device), so xfs_zero_extent in the layers above zeroes at memset speed without importing dax.
     */
    public static void install(Pmem pmem) {
        pmem.device().setZeroRangeHook(zeroRangeHook(pmem));
    }

    /** The hook {@link #install} sets: zeroes the byte range through {@code pmem}, then clear_pmem's wmb_pmem. */
    public static BlockDevice.ZeroRangeHook zeroRangeHook(Pmem pmem) {
        return (off, len) -> {
            pmem.clear(off, len);
            pmem.wmb();
        };
    }
}
