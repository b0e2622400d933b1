// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.jxfs.core.format.BigEndian.putU16;
import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;
import static org.jxfs.core.format.BigEndian.u8;

import java.util.ArrayList;
import java.util.List;

/**
 * The short-form directory (struct xfs_dir2_sf_hdr + xfs_dir2_sf_entry, xfs_da_format.h) stored in a directory
 * inode's data fork in LOCAL format. Header: count, i8count, parent (4 bytes, or 8 when any inode number needs 64
 * bits). Entries: namelen, offset (be16), name, ftype (with the ftype feature), inode number (4 or 8 bytes).
 * "." is implicit and ".." is the header's parent. All methods take the fork's bytes {@code b[off, off+size)}.
 */
public final class Dir2Sf {
    // XFS_DIR3_FT_*
    public static final int FT_UNKNOWN = 0, FT_REG_FILE = 1, FT_DIR = 2, FT_CHRDEV = 3, FT_BLKDEV = 4, FT_FIFO = 5,
            FT_SOCK = 6, FT_SYMLINK = 7, FT_WHT = 8, FT_MAX = 9;

    /** Header field offsets (struct xfs_dir2_sf_hdr). */
    public static final int OFF_COUNT = 0, OFF_I8COUNT = 1, OFF_PARENT = 2;
    /** Entry field offsets relative to the entry (struct xfs_dir2_sf_entry); the name follows at 3. */
    public static final int OFF_ENT_NAMELEN = 0, OFF_ENT_OFFSET = 1, OFF_ENT_NAME = 3;
    /** sizeof(struct xfs_dir2_sf_hdr) with an 8-byte parent; sizeof(struct xfs_dir2_sf_entry) without the name. */
    public static final int HDR_SIZE_I8 = 10, ENTRY_FIXED = 3;
    /** The most entries a short-form directory holds: its count is one byte. */
    public static final int MAX_COUNT = 255;
    /** XFS_DIR2_MAX_SHORT_INUM: larger inode numbers need the 8-byte form. */
    public static final long MAX_SHORT_INUM = 0xffffffffL;
    /**
     * m_dir_geo->data_first_offset for v5 directories: the dir3 data header (64 bytes) plus the "." and ".."
     * entries (16 bytes each). The first real entry's offset.
     */
    public static final int DATA_FIRST_OFFSET = 0x60;
    /** sizeof(xfs_dir2_leaf_entry_t) and sizeof(xfs_dir2_block_tail_t), for the "fits in LOCAL" check. */
    private static final int LEAF_ENTRY_SIZE = 8, BLOCK_TAIL_SIZE = 8;

    private Dir2Sf() {
    }

    public static int count(byte[] b, int off) {
        return u8(b, off + OFF_COUNT);
    }

    public static int i8count(byte[] b, int off) {
        return u8(b, off + OFF_I8COUNT);
    }

    /** Ports xfs_dir2_sf_hdr_size. */
    public static int hdrSize(int i8count) {
        return i8count != 0 ? HDR_SIZE_I8 : HDR_SIZE_I8 - 4;
    }

    /** Ports xfs_dir2_sf_get_parent_ino. */
    public static long parent(byte[] b, int off) {
        return i8count(b, off) != 0 ? u64(b, off + OFF_PARENT) : u32(b, off + OFF_PARENT);
    }

    /** Ports xfs_dir2_sf_entsize: bytes of an entry in the short form. */
    public static int entsize(int namelen, boolean ftype, boolean i8) {
        return ENTRY_FIXED + namelen + (ftype ? 1 : 0) + (i8 ? 8 : 4);
    }

    /** Ports xfs_dir2_data_entsize: bytes the entry would take in a data block, which is how offsets advance. */
    public static int dataEntsize(int namelen, boolean ftype) {
        int len = 8 + 1 + namelen + (ftype ? 1 : 0) + 2;
        return (len + 7) & ~7;
    }

    /** Parses every entry (xfs_dir2_sf_firstentry / xfs_dir2_sf_nextentry). Assumes a verified fork. */
    public static List<Dir2SfEntry> entries(byte[] b, int off, boolean ftype) {
        int n = count(b, off);
        boolean i8 = i8count(b, off) != 0;
        List<Dir2SfEntry> out = new ArrayList<>(n);
        int p = off + hdrSize(i8count(b, off));
        for (int i = 0; i < n; i++) {
            int namelen = u8(b, p + OFF_ENT_NAMELEN);
            byte[] name = new byte[namelen];
            System.arraycopy(b, p + OFF_ENT_NAME, name, 0, namelen);
            int q = p + OFF_ENT_NAME + namelen;
            int ft = ftype ? u8(b, q++) : FT_UNKNOWN;
            long ino = i8 ? u64(b, q) : u32(b, q);
            out.add(new Dir2SfEntry(name, u16(b, p + OFF_ENT_OFFSET), ft, ino));
            p += entsize(namelen, ftype, i8);
        }
        return out;
    }

    /** True when the directory needs 8-byte inode numbers (any of parent or entries above MAX_SHORT_INUM). */
    private static int countI8(long parent, List<Dir2SfEntry> entries) {
        int n = Long.compareUnsigned(parent, MAX_SHORT_INUM) > 0 ? 1 : 0;
        for (Dir2SfEntry e : entries) {
            n += Long.compareUnsigned(e.ino(), MAX_SHORT_INUM) > 0 ? 1 : 0;
        }
        return n;
    }

    /** The fork size (di_size) of a short-form directory with these entries. */
    public static int size(long parent, List<Dir2SfEntry> entries, boolean ftype) {
        int i8count = countI8(parent, entries);
        int size = hdrSize(i8count);
        for (Dir2SfEntry e : entries) {
            size += entsize(e.name().length, ftype, i8count != 0);
        }
        return size;
    }

    /**
     * Gives the entries the offsets they would have in a data block, in order: the first at DATA_FIRST_OFFSET,
     * each next one {@link #dataEntsize} further (xfs_dir2_sf_addname_easy appends this way).
     */
    public static List<Dir2SfEntry> assignOffsets(List<Dir2SfEntry> entries, boolean ftype) {
        List<Dir2SfEntry> out = new ArrayList<>(entries.size());
        int offset = DATA_FIRST_OFFSET;
        for (Dir2SfEntry e : entries) {
            out.add(e.withOffset(offset));
            offset += dataEntsize(e.name().length, ftype);
        }
        return out;
    }

    /**
     * Writes a short-form directory at {@code off} with the given parent and entries, assigning offsets as
     * {@link #assignOffsets} does, and returns its size (the inode's new di_size).
     */
    public static int write(byte[] b, int off, long parent, List<Dir2SfEntry> entries, boolean ftype) {
        if (entries.size() > MAX_COUNT) {
            throw new IllegalArgumentException("too many entries for a short-form directory: " + entries.size());
        }
        int i8count = countI8(parent, entries);
        boolean i8 = i8count != 0;
        b[off + OFF_COUNT] = (byte) entries.size();
        b[off + OFF_I8COUNT] = (byte) i8count;
        putIno(b, off + OFF_PARENT, parent, i8);
        int p = off + hdrSize(i8count);
        for (Dir2SfEntry e : assignOffsets(entries, ftype)) {
            int namelen = e.name().length;
            b[p + OFF_ENT_NAMELEN] = (byte) namelen;
            putU16(b, p + OFF_ENT_OFFSET, e.offset());
            System.arraycopy(e.name(), 0, b, p + OFF_ENT_NAME, namelen);
            int q = p + OFF_ENT_NAME + namelen;
            if (ftype) {
                b[q++] = (byte) e.ftype();
            }
            putIno(b, q, e.ino(), i8);
            p += entsize(namelen, ftype, i8);
        }
        return p - off;
    }

    private static void putIno(byte[] b, int at, long ino, boolean i8) {
        if (i8) {
            putU64(b, at, ino);
        } else {
            putU32(b, at, ino);
        }
    }

    /**
     * Ports xfs_dir2_sf_verify: null when the fork {@code b[off, off+size)} is a sound short-form directory,
     * otherwise the failed check. Inode numbers are range-checked (xfs_dir_ino_validate) only when {@code g} is not
     * null; {@code dirBlockSize} is the directory block size that the directory must fit below.
     */
    public static String verify(byte[] b, int off, int size, boolean ftype, Geometry g, int dirBlockSize) {
        if (size <= OFF_PARENT || size < hdrSize(i8count(b, off))) {
            return "short-form directory of " + size + " bytes is too short";
        }
        int end = off + size;
        long ino = parent(b, off);
        int i8count = Long.compareUnsigned(ino, MAX_SHORT_INUM) > 0 ? 1 : 0;
        if (!inoValid(g, ino)) {
            return "bad parent inode " + ino;
        }
        boolean i8 = i8count(b, off) != 0;
        int offset = DATA_FIRST_OFFSET;
        int p = off + hdrSize(i8count(b, off));
        int count = count(b, off);
        for (int i = 0; i < count; i++) {
            if (p + ENTRY_FIXED >= end) {
                return "entry " + i + " runs past the fork";
            }
            int namelen = u8(b, p + OFF_ENT_NAMELEN);
            if (namelen == 0) {
                return "entry " + i + " has an empty name";
            }
            int next = p + entsize(namelen, ftype, i8);
            if (next > end) {
                return "entry " + i + " runs past the fork";
            }
            int entOffset = u16(b, p + OFF_ENT_OFFSET);
            if (entOffset < offset) {
                return "entry " + i + " offset 0x" + Integer.toHexString(entOffset) + " below 0x"
                        + Integer.toHexString(offset);
            }
            int q = p + OFF_ENT_NAME + namelen;
            int ft = ftype ? u8(b, q++) : FT_UNKNOWN;
            long eino = i8 ? u64(b, q) : u32(b, q);
            i8count += Long.compareUnsigned(eino, MAX_SHORT_INUM) > 0 ? 1 : 0;
            if (!inoValid(g, eino)) {
                return "entry " + i + " has bad inode " + eino;
            }
            if (ft >= FT_MAX) {
                return "entry " + i + " has bad file type " + ft;
            }
            offset = entOffset + dataEntsize(namelen, ftype);
            p = next;
        }
        if (i8count != i8count(b, off)) {
            return "i8count " + i8count(b, off) + " but " + i8count + " inode numbers need 8 bytes";
        }
        if (p != end) {
            return "entries end at " + (p - off) + ", fork size is " + size;
        }
        if (offset + (count + 2) * LEAF_ENTRY_SIZE + BLOCK_TAIL_SIZE > dirBlockSize) {
            return "directory too large for short form";
        }
        return null;
    }

    /** Ports xfs_dir_ino_validate (xfs_verify_dir_ino): the number decodes to an inode inside an AG. */
    private static boolean inoValid(Geometry g, long ino) {
        if (ino == 0 || ino == Geometry.NULLFSINO) {
            return false;
        }
        if (g == null) {
            return true;
        }
        int agno = g.inoToAgno(ino);
        if (agno < 0 || agno >= g.agcount || g.aginoToIno(agno, g.inoToAgino(ino)) != ino) {
            return false;
        }
        return AgiOps.validAgino(g, g.agBlockCount(agno), g.inoToAgino(ino));
    }
}
