// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;
import static org.jxfs.core.format.BigEndian.u8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxfs.core.format.Cksum;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.format.Dir2SfEntry;
import org.jxfs.fs.Dir2Block;

/**
 * The blocks of a leaf or node directory that jxfs itself never writes, read for the checker only: struct
 * xfs_dir3_data_hdr blocks (XDD3, the same header and entries as a block directory's, with no leaf or tail), and
 * the headers of leaf, node and free-index blocks (xfs_da3_blkinfo, xfs_dir3_free_hdr), whose CRC and owner are
 * checked but whose hash index is not followed.
 */
final class Dir3DataBlock {
    /** XFS_DIR3_DATA_MAGIC 'XDD3'. */
    static final long DATA_MAGIC = 0x58444433L;
    /** XFS_DIR3_FREE_MAGIC 'XDF3'. */
    static final long FREE_MAGIC = 0x58444633L;
    /** XFS_DIR3_LEAF1_MAGIC, XFS_DIR3_LEAFN_MAGIC, XFS_DA3_NODE_MAGIC: xfs_da3_blkinfo's 16-bit magic. */
    static final int LEAF1_MAGIC = 0x3df1, LEAFN_MAGIC = 0x3dff, DA3_NODE_MAGIC = 0x3ebe;
    /** xfs_da3_blkinfo: forw, back, magic, pad, crc, blkno, lsn, uuid, owner. */
    static final int DA_OFF_MAGIC = 8, DA_OFF_CRC = 12, DA_OFF_BLKNO = 16, DA_OFF_UUID = 32, DA_OFF_OWNER = 48;

    /** The entries of a data block in offset order, or the reason it cannot be followed. */
    record Parsed(List<Dir2SfEntry> entries, String error) {
    }

    private Dir3DataBlock() {
    }

    /** True when the header's CRC (at Dir2Block.OFF_CRC, like every dir3 block with a 32-bit magic) matches. */
    static boolean crcOk(byte[] b, int crcOff) {
        return Cksum.verify(b, 0, b.length, crcOff);
    }

    /**
     * Ports the entry walk of __xfs_dir3_data_check on a data block: entries and unused regions tile the block
     * from the header to its end, each tagged with its own offset. Entries carry their offset in the block.
     */
    static Parsed parse(byte[] b, boolean ftype) {
        List<Dir2SfEntry> out = new ArrayList<>();
        int p = Dir2Block.HDR_SIZE;
        while (p < b.length) {
            if (p + 4 > b.length) {
                return new Parsed(out, "entry at offset " + p + " runs past the block");
            }
            if (u16(b, p + Dir2Block.OFF_UNUSED_FREETAG) == Dir2Block.FREE_TAG) {
                int len = u16(b, p + Dir2Block.OFF_UNUSED_LENGTH);
                if (len == 0 || (len & 7) != 0 || p + len > b.length || u16(b, p + len - 2) != p) {
                    return new Parsed(out, "bad unused region at offset " + p);
                }
                p += len;
                continue;
            }
            int namelen = u8(b, p + Dir2Block.OFF_ENT_NAMELEN);
            int size = Dir2Sf.dataEntsize(namelen, ftype);
            if (namelen == 0 || p + size > b.length) {
                return new Parsed(out, "bad entry at offset " + p);
            }
            if (u16(b, p + size - 2) != p) {
                return new Parsed(out, "entry at offset " + p + " has a bad tag");
            }
            byte[] name = Arrays.copyOfRange(b, p + Dir2Block.OFF_ENT_NAME, p + Dir2Block.OFF_ENT_NAME + namelen);
            int ft = ftype ? u8(b, p + Dir2Block.OFF_ENT_NAME + namelen) : Dir2Sf.FT_UNKNOWN;
            out.add(new Dir2SfEntry(name, p, ft, u64(b, p + Dir2Block.OFF_ENT_INUMBER)));
            p += size;
        }
        return new Parsed(out, null);
    }

    /** The 32-bit magic of a data, block or free-index block. */
    static long magic32(byte[] b) {
        return u32(b, 0);
    }

    /** The 16-bit magic of a leaf or node block. */
    static int daMagic(byte[] b) {
        return u16(b, DA_OFF_MAGIC);
    }
}
