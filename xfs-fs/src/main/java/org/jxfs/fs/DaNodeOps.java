// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;

import java.util.Arrays;
import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;

/**
 * xfs_da3_node_buf_ops, which like the kernel's read verifier also takes the leaf blocks that can sit where a da
 * node is expected (xfs_da3_node_read_verify switches on the magic): ports xfs_da3_node_verify and
 * xfs_dir3_leaf_verify (magic, uuid, blkno, counts in range, entries in hash order, a LEAF1's entries clear of its
 * bests). The owner is checked by the reader, which knows the inode.
 */
final class DaNodeOps implements BufOps {
    static final DaNodeOps INSTANCE = new DaNodeOps();

    private DaNodeOps() {
    }

    @Override
    public String name() {
        return "xfs_da3_node";
    }

    @Override
    public int crcOffset() {
        return DaBlk.OFF_CRC;
    }

    @Override
    public int lsnOffset() {
        return DaBlk.OFF_LSN;
    }

    @Override
    public String verifyStruct(XfsBuf bp, VerifyContext ctx) {
        byte[] b = bp.data();
        int magic = DaBlk.magic(b);
        if (magic != DaBlk.LEAF1_MAGIC && magic != DaBlk.LEAFN_MAGIC && magic != DaBlk.NODE_MAGIC) {
            return "bad magic 0x" + Integer.toHexString(magic);
        }
        if (ctx.metaUuid() != null && !Arrays.equals(b, DaBlk.OFF_UUID, DaBlk.OFF_UUID + 16, ctx.metaUuid(), 0, 16)) {
            return "uuid does not match the filesystem";
        }
        if (u64(b, DaBlk.OFF_BLKNO) != bp.daddr()) {
            return "blkno " + u64(b, DaBlk.OFF_BLKNO) + " is not the block's daddr " + bp.daddr();
        }
        int count = DaBlk.count(b);
        int room = (b.length - DaBlk.HDR_SIZE) / DaBlk.ENTRY_SIZE;
        if (magic == DaBlk.LEAF1_MAGIC) {
            long bestcount = DaBlk.bestcount(b);
            long bestsAt = b.length - DaBlk.LEAF_TAIL_SIZE - bestcount * DaBlk.BEST_SIZE;
            if (bestsAt < DaBlk.HDR_SIZE || DaBlk.HDR_SIZE + (long) count * DaBlk.ENTRY_SIZE > bestsAt) {
                return "leaf entries (" + count + ") overlap the bests (" + bestcount + ")";
            }
        } else if (count > room) {
            return "count " + count + " exceeds " + room;
        }
        if (magic == DaBlk.NODE_MAGIC) {
            int level = (int) (u32(b, DaBlk.OFF_COUNT) & 0xffff);
            if (level == 0 || level > DirGeo.NODE_MAXDEPTH || count == 0) {
                return "bad node level " + level + " or count " + count;
            }
        }
        long prev = 0;
        int stale = 0;
        for (int i = 0; i < count; i++) {
            long h = DaBlk.hash(b, i);
            if (h < prev) {
                return "entries out of hash order at " + i;
            }
            prev = h;
            if (magic != DaBlk.NODE_MAGIC && DaBlk.ptr(b, i) == Dir2Block.NULL_DATAPTR) {
                stale++;
            }
        }
        // xfs_dir3_leaf_check_int: the header's stale count is the number of stale (NULL_DATAPTR) entries
        if (magic != DaBlk.NODE_MAGIC && u16(b, DaBlk.OFF_STALE) != stale) {
            return "stale count " + u16(b, DaBlk.OFF_STALE) + " but " + stale + " stale entries";
        }
        return null;
    }
}
