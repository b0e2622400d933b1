// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u32;
import static org.jxfs.core.format.BigEndian.u64;

import java.util.Arrays;
import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmapiFlags;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.NoSpaceException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * Symbolic links (xfs_symlink.c, xfs_symlink_remote.c): a target that fits the data fork is kept there (LOCAL);
 * a longer one goes to blocks mapped from offset 0, each a struct xfs_dsymlink_hdr then its share of the target.
 */
final class Symlink {
    /** XFS_SYMLINK_MAXLEN. */
    static final int MAXLEN = 1024;
    /** XFS_SYMLINK_MAGIC 'XSLM'. */
    static final int MAGIC = org.jxfs.core.format.BufLogType.SYMLINK_MAGIC;
    // struct xfs_dsymlink_hdr
    static final int OFF_MAGIC = 0, OFF_OFFSET = 4, OFF_BYTES = 8, OFF_CRC = 12, OFF_UUID = 16, OFF_OWNER = 32,
            OFF_BLKNO = 40, OFF_LSN = 48, HDR_SIZE = 56;

    /** xfs_symlink_buf_ops: ports xfs_symlink_verify (magic, uuid, blkno, offset and length in range). */
    static final BufOps OPS = new BufOps() {
        @Override
        public String name() {
            return "xfs_symlink";
        }

        @Override
        public int crcOffset() {
            return OFF_CRC;
        }

        @Override
        public int lsnOffset() {
            return OFF_LSN;
        }

        @Override
        public String verifyStruct(XfsBuf bp, VerifyContext ctx) {
            byte[] b = bp.data();
            if (u32(b, OFF_MAGIC) != MAGIC) {
                return "bad magic 0x" + Long.toHexString(u32(b, OFF_MAGIC));
            }
            if (ctx.metaUuid() != null && !Arrays.equals(b, OFF_UUID, OFF_UUID + 16, ctx.metaUuid(), 0, 16)) {
                return "uuid does not match the filesystem";
            }
            if (u64(b, OFF_BLKNO) != bp.daddr()) {
                return "blkno " + u64(b, OFF_BLKNO) + " is not the block's daddr " + bp.daddr();
            }
            long offset = u32(b, OFF_OFFSET), bytes = u32(b, OFF_BYTES);
            if (offset + bytes > MAXLEN || bytes > b.length - HDR_SIZE) {
                return "offset " + offset + " bytes " + bytes + " out of range";
            }
            return null;
        }
    };

    private Symlink() {
    }

    /**
     * Ports the target-writing half of xfs_symlink: inline when it fits the data fork (xfs_init_local_fork),
     * otherwise in blocks mapped through bmapi as metadata (xfs_symlink_write_target).
     */
    static void writeTarget(Trans tp, Mount mp, Inode ip, byte[] target) throws XfsException {
        if (target.length <= ip.dataForkSize()) {
            Arrays.fill(ip.dataFork, (byte) 0);
            System.arraycopy(target, 0, ip.dataFork, 0, target.length);
            ip.format = Dinode.FMT_LOCAL;
            ip.setSize(target.length);
            return;
        }
        Geometry g = mp.geometry();
        int per = g.blocksize - HDR_SIZE;
        int fsblocks = (target.length + per - 1) / per;
        BmbtIrec[] maps = new BmbtIrec[fsblocks];
        int n = Bmapi.write(tp, ip, 0, fsblocks, BmapiFlags.METADATA, tp.blocksLeft(), maps);
        long mapped = 0;
        int offset = 0;
        for (int i = 0; i < n; i++) {
            for (long k = 0; k < maps[i].blockcount(); k++) {
                long daddr = g.fsbToDaddr(maps[i].startblock() + k);
                XfsBuf bp = tp.getBuf(daddr, g.blockBb(), OPS);
                byte[] b = bp.data();
                int bytes = Math.min(per, target.length - offset);
                putU32(b, OFF_MAGIC, MAGIC);
                putU32(b, OFF_OFFSET, offset);
                putU32(b, OFF_BYTES, bytes);
                System.arraycopy(mp.metaUuid(), 0, b, OFF_UUID, 16);
                putU64(b, OFF_OWNER, ip.ino);
                putU64(b, OFF_BLKNO, daddr);
                System.arraycopy(target, offset, b, HDR_SIZE, bytes);
                tp.logBuf(bp, 0, bp.length() - 1);
                offset += bytes;
                mapped++;
            }
        }
        if (mapped != fsblocks) {
            throw new NoSpaceException("No space left on device for symlink inode " + ip.ino);
        }
        Ifork.logExtents(tp, ip);
        ip.setSize(target.length);
    }
}
