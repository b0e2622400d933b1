// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;
import static org.jxfs.core.format.BigEndian.u8;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.format.Geometry;

/**
 * xfs_dir3_block_buf_ops and xfs_dir3_data_buf_ops (one verifier, as a block becomes a directory's first data
 * block in place). Ports xfs_dir3_block_verify / xfs_dir3_data_verify (magic, uuid, blkno) and the structural checks of
 * __xfs_dir3_data_check that the kernel runs on every read and write: entries and unused regions tile the data
 * area with correct tags, no two unused regions touch, bestfree holds the largest free regions in order, the leaf is
 * sorted by hash, each live leaf entry points at an entry with that hash, and the tail's counts add up. The owner is
 * checked by the reader (xfs_dir3_block_header_check), which knows the inode.
 */
public final class DirBlockOps implements BufOps {
    public static final DirBlockOps INSTANCE = new DirBlockOps();

    private DirBlockOps() {
    }

    @Override
    public String name() {
        return "xfs_dir3_block";
    }

    @Override
    public int crcOffset() {
        return Dir2Block.OFF_CRC;
    }

    @Override
    public int lsnOffset() {
        return Dir2Block.OFF_LSN;
    }

    @Override
    public String verifyStruct(XfsBuf bp, VerifyContext ctx) {
        byte[] b = bp.data();
        long magic = u32(b, Dir2Block.OFF_MAGIC);
        if (magic != Dir2Block.MAGIC && magic != Dir2Data.DATA_MAGIC) {
            return "bad magic 0x" + Long.toHexString(u32(b, Dir2Block.OFF_MAGIC));
        }
        if (ctx.metaUuid() != null
                && !Arrays.equals(b, Dir2Block.OFF_UUID, Dir2Block.OFF_UUID + 16, ctx.metaUuid(), 0, 16)) {
            return "uuid does not match the filesystem";
        }
        if (u64(b, Dir2Block.OFF_BLKNO) != bp.daddr()) {
            return "blkno " + u64(b, Dir2Block.OFF_BLKNO) + " is not the block's daddr " + bp.daddr();
        }
        return checkData(b, ctx.geometry(), ctx.dirFtype());
    }

    /**
     * Ports __xfs_dir3_data_check for a block directory or a data block, each entry sized as the filesystem's ftype
     * feature sizes it (xfs_dir2_data_entsize), so an entry whose tag sits where the other size would put it is
     * corrupt; a data block has no leaf, so only the data area is checked. Each entry's inode number must pass
     * xfs_verify_dir_ino's geometry part ({@link Geometry#verifyIno}; skipped while {@code geo} is null, when
     * probing) and, where the entry has a file type byte, the type must be below XFS_DIR3_FT_MAX.
     */
    static String checkData(byte[] b, Geometry geo, boolean ftype) {
        int bs = b.length;
        boolean block = u32(b, Dir2Block.OFF_MAGIC) == Dir2Block.MAGIC;
        long count = block ? u32(b, Dir2Block.tailOff(bs)) : 0;
        long stale = block ? u32(b, Dir2Block.tailOff(bs) + 4) : 0;
        if (count > (bs - Dir2Block.HDR_SIZE) / Dir2Block.LEAF_ENTRY_SIZE || stale > count) {
            return "bad block tail count " + count + " stale " + stale;
        }
        int end = block ? Dir2Block.leafOff(b) : bs;
        int[] bf = new int[Dir2Block.BESTFREE_COUNT * 2];
        for (int i = 0; i < Dir2Block.BESTFREE_COUNT; i++) {
            bf[2 * i] = u16(b, Dir2Block.OFF_BESTFREE + i * Dir2Block.BESTFREE_ENTRY);
            bf[2 * i + 1] = u16(b, Dir2Block.OFF_BESTFREE + i * Dir2Block.BESTFREE_ENTRY + 2);
            if (i > 0 && bf[2 * i + 1] > bf[2 * i - 1]) {
                return "bestfree not in decreasing order";
            }
        }
        Set<Long> entryAddrs = new HashSet<>();
        int p = Dir2Block.HDR_SIZE;
        boolean lastFree = false;
        int freeSeen = 0;
        while (p < end) {
            if (u16(b, p) == Dir2Block.FREE_TAG) {
                int len = u16(b, p + Dir2Block.OFF_UNUSED_LENGTH);
                if (lastFree) {
                    return "two adjacent unused regions at " + p;
                }
                if (len == 0 || (len & 7) != 0 || p + len > end || u16(b, p + len - 2) != p) {
                    return "bad unused region at " + p;
                }
                boolean inBest = false;
                for (int i = 0; i < Dir2Block.BESTFREE_COUNT; i++) {
                    inBest |= bf[2 * i] == p && bf[2 * i + 1] == len;
                }
                if (!inBest && len > bf[2 * Dir2Block.BESTFREE_COUNT - 1]) {
                    return "unused region at " + p + " of " + len + " bytes missing from bestfree";
                }
                freeSeen += inBest ? 1 : 0;
                lastFree = true;
                p += len;
                continue;
            }
            int namelen = u8(b, p + Dir2Block.OFF_ENT_NAMELEN);
            if (namelen == 0) {
                return "empty name at " + p;
            }
            int size = Dir2Sf.dataEntsize(namelen, ftype);
            if (p + size > end || u16(b, p + size - 2) != p) {
                return "bad entry tag at " + p;
            }
            long ino = u64(b, p + Dir2Block.OFF_ENT_INUMBER);
            if (geo != null && !geo.verifyIno(ino)) {
                return "entry at " + p + " holds inode number " + ino + ", not a valid inode";
            }
            if (ftype && u8(b, p + Dir2Block.OFF_ENT_NAME + namelen) >= Dir2Sf.FT_MAX) {
                return "entry at " + p + " has file type " + u8(b, p + Dir2Block.OFF_ENT_NAME + namelen);
            }
            entryAddrs.add(((long) p >>> Dir2Block.DATA_ALIGN_LOG) << 32
                    | DaHash.hashname(Arrays.copyOfRange(b, p + Dir2Block.OFF_ENT_NAME,
                            p + Dir2Block.OFF_ENT_NAME + namelen)));
            lastFree = false;
            p += size;
        }
        if (p != end) {
            return "data runs past the leaf";
        }
        for (int i = 0; i < Dir2Block.BESTFREE_COUNT; i++) {
            if (bf[2 * i + 1] != 0 && (bf[2 * i] < Dir2Block.HDR_SIZE || bf[2 * i] >= end)) {
                return "bestfree[" + i + "] outside the data area";
            }
        }
        if (!block) {
            return null;
        }
        long prevHash = 0;
        long staleSeen = 0;
        for (int q = end; q < Dir2Block.tailOff(bs); q += Dir2Block.LEAF_ENTRY_SIZE) {
            long hash = u32(b, q);
            long addr = u32(b, q + 4);
            if (hash < prevHash) {
                return "leaf not sorted by hash at " + q;
            }
            prevHash = hash;
            if (addr == Dir2Block.NULL_DATAPTR) {
                staleSeen++;
            } else if (!entryAddrs.remove(addr << 32 | hash)) {
                return "leaf entry " + q + " (hash 0x" + Long.toHexString(hash) + ") matches no data entry";
            }
        }
        if (staleSeen != stale) {
            return "tail says " + stale + " stale leaf entries, found " + staleSeen;
        }
        if (!entryAddrs.isEmpty()) {
            return entryAddrs.size() + " data entries without a leaf entry";
        }
        return null;
    }
}
