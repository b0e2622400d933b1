// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One entry of a short-form directory (struct xfs_dir2_sf_entry, decoded): the name's bytes, the data-block offset
 * the entry would have in block form (its readdir cookie), the file type (Dir2Sf.FT_*) and the inode number.
 */
public record Dir2SfEntry(byte[] name, int offset, int ftype, long ino) {
    /** An entry whose offset the writer assigns. */
    public static Dir2SfEntry of(String name, int ftype, long ino) {
        return new Dir2SfEntry(name.getBytes(StandardCharsets.UTF_8), 0, ftype, ino);
    }

    public String nameString() {
        return new String(name, StandardCharsets.UTF_8);
    }

    public Dir2SfEntry withOffset(int newOffset) {
        return new Dir2SfEntry(name, newOffset, ftype, ino);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dir2SfEntry e && Arrays.equals(name, e.name) && offset == e.offset && ftype == e.ftype
                && ino == e.ino;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(name) * 31 + Long.hashCode(ino) + offset * 7 + ftype;
    }

    @Override
    public String toString() {
        return "Dir2SfEntry[" + nameString() + " @0x" + Integer.toHexString(offset) + " ftype " + ftype + " ino "
                + ino + "]";
    }
}
