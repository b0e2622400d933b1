// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;

import java.util.Arrays;
import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;

/**
 * xfs_dir3_free_buf_ops. Ports xfs_dir3_free_verify (magic, uuid, blkno) and the header checks of
 * xfs_dir3_free_header_check that need no inode (nvalid within the block, nused at most nvalid); the owner and
 * firstdb are checked by the reader.
 */
final class DirFreeOps implements BufOps {
    static final DirFreeOps INSTANCE = new DirFreeOps();

    private DirFreeOps() {
    }

    @Override
    public String name() {
        return "xfs_dir3_free";
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
        if (u32(b, Dir2Block.OFF_MAGIC) != Dir2Free.MAGIC) {
            return "bad magic 0x" + Long.toHexString(u32(b, Dir2Block.OFF_MAGIC));
        }
        if (ctx.metaUuid() != null
                && !Arrays.equals(b, Dir2Block.OFF_UUID, Dir2Block.OFF_UUID + 16, ctx.metaUuid(), 0, 16)) {
            return "uuid does not match the filesystem";
        }
        if (u64(b, Dir2Block.OFF_BLKNO) != bp.daddr()) {
            return "blkno " + u64(b, Dir2Block.OFF_BLKNO) + " is not the block's daddr " + bp.daddr();
        }
        long nvalid = u32(b, Dir2Free.OFF_NVALID);
        long nused = u32(b, Dir2Free.OFF_NUSED);
        if (nvalid > (b.length - Dir2Free.OFF_BESTS) / Dir2Free.BEST_SIZE || nused > nvalid) {
            return "bad nvalid " + nvalid + " or nused " + nused;
        }
        return null;
    }
}
