// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.iomap;

import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.format.Geometry;

/**
 * struct iomap as xfs_bmbt_to_iomap fills it from an extent record: a byte range of the file, what backs it and, for
 * mapped and unwritten ranges, the device byte where it starts. {@code isNew} is IOMAP_F_NEW (blocks reserved by
 * this call, to be punched out again if the write copies nothing into them).
 */
public record Iomap(long offset, long length, Type type, long deviceOffset, boolean isNew) {
    /** IOMAP_HOLE, IOMAP_DELALLOC, IOMAP_MAPPED, IOMAP_UNWRITTEN. */
    public enum Type { HOLE, DELALLOC, MAPPED, UNWRITTEN }

    /** Ports xfs_bmbt_to_iomap for the data fork. */
    public static Iomap fromIrec(Geometry geo, BmbtIrec imap, boolean isNew) {
        long off = geo.fsbToB(imap.startoff());
        long len = geo.fsbToB(imap.blockcount());
        if (imap.isHole()) {
            return new Iomap(off, len, Type.HOLE, -1, isNew);
        }
        if (imap.isDelay()) {
            return new Iomap(off, len, Type.DELALLOC, -1, isNew);
        }
        long dev = Geometry.bbToB(geo.fsbToDaddr(imap.startblock()));
        return new Iomap(off, len, imap.isUnwritten() ? Type.UNWRITTEN : Type.MAPPED, dev, isNew);
    }

    /** The end of the mapped range, in bytes. */
    public long end() {
        return offset + length;
    }

    /** The device byte backing file byte {@code pos} (inside this MAPPED or UNWRITTEN range). */
    public long deviceAt(long pos) {
        assert deviceOffset >= 0 && pos >= offset && pos < end() : this + " at " + pos;
        return deviceOffset + (pos - offset);
    }
}
