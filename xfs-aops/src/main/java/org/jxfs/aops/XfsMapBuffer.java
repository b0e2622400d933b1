// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.aops;

import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.format.Geometry;
import org.jxfs.dax.BufferHead;

/**
 * xfs_aops.c's translation of an extent mapping into a buffer_head (Linux 4.4): where a file offset lies on the
 * device, in sectors and in the file's blocks, and how much of the mapping one buffer covers.
 */
public final class XfsMapBuffer {
    private XfsMapBuffer() {
    }

    /**
     * Ports xfs_imap_to_sector as the seed patch defines it: the 512-byte sector holding file byte {@code offset}
     * inside mapping {@code imap}: the mapping's daddr plus BTOBB(offset - the mapping's file offset in bytes).
     * BTOBB rounds up, so an offset inside a sector names the next one; callers pass block-aligned offsets.
     */
    public static long imapToSector(Geometry geo, BmbtIrec imap, long offset) {
        long iomapBn = geo.fsbToDaddr(imap.startblock());
        long iomapOffset = geo.fsbToB(imap.startoff());
        return iomapBn + Geometry.bToBb(offset - iomapOffset);
    }

    /**
     * Ports xfs_map_buffer: b_blocknr becomes the device block (in the file's block size) holding file byte
     * {@code offset}, and the buffer is mapped.
     */
    public static void mapBuffer(Geometry geo, BufferHead bh, BmbtIrec imap, long offset) {
        assert !imap.isHole() && !imap.isDelay() : imap;
        long iomapOffset = geo.fsbToB(imap.startoff());
        long iomapBn = geo.fsbToDaddr(imap.startblock());
        long bn = (iomapBn >>> (geo.blocklog - Geometry.BBSHIFT)) + ((offset - iomapOffset) >>> geo.blocklog);
        assert bn != 0 : "mapping at block zero";
        bh.blocknr = bn;
        bh.set(BufferHead.MAPPED);
    }

    /** Ports xfs_map_at_offset: maps the buffer as written data (not delalloc, not unwritten). */
    public static void mapAtOffset(Geometry geo, BufferHead bh, BmbtIrec imap, long offset) {
        assert !imap.isHole() && !imap.isDelay() : imap;
        mapBuffer(geo, bh, imap, offset);
        bh.set(BufferHead.MAPPED);
        bh.clear(BufferHead.DELAY | BufferHead.UNWRITTEN);
    }

    /**
     * Ports xfs_map_trim_size: b_size becomes what {@code imap} covers from block {@code iblock}, at most
     * {@code size}; a mapping that reaches EOF from inside it stops at the end of the block holding EOF.
     */
    public static void mapTrimSize(Geometry geo, long isize, long iblock, BufferHead bh, BmbtIrec imap, long offset,
            long size) {
        long mappingSize = (imap.startoff() + imap.blockcount() - iblock) << geo.blocklog;
        assert mappingSize > 0 : imap + " at block " + iblock;
        if (mappingSize > size) {
            mappingSize = size;
        }
        if (offset < isize && offset + mappingSize >= isize) {
            // limit mapping to block that spans EOF
            long bs = geo.blocksize;
            mappingSize = (isize - offset + bs - 1) / bs * bs;
        }
        bh.size = mappingSize;
    }
}
