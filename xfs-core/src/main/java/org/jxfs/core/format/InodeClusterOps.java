// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;

/**
 * xfs_inode_buf_ops: the verifier of an inode cluster buffer. Ports xfs_inode_buf_verify, which checks only what
 * every inode in the buffer must have (magic, a v3 version, a sane next_unlinked); the full per-inode check is
 * {@link Dinode#verify} at iget time. There is no buffer-wide CRC: each inode carries its own at offset 100, so
 * {@link #verifyCrc} and {@link #updateCrc} work inode by inode, as xfs_iflush computes them. The inode size is
 * given at construction because those two methods see no {@link VerifyContext}; mount builds one instance with
 * sb_inodesize.
 */
public final class InodeClusterOps implements BufOps {
    private final int inodesize;

    public InodeClusterOps(int inodesize) {
        if (Integer.bitCount(inodesize) != 1 || inodesize < 256 || inodesize > 2048) {
            throw new IllegalArgumentException("bad inode size " + inodesize);
        }
        this.inodesize = inodesize;
    }

    /** The ops for a mount: the inode size from its geometry. */
    public static InodeClusterOps of(Geometry g) {
        return new InodeClusterOps(g.inodesize);
    }

    public int inodesize() {
        return inodesize;
    }

    @Override
    public String name() {
        return "xfs_inode";
    }

    /** No single CRC field: per-inode CRCs at {@link Dinode#OFF_CRC}. */
    @Override
    public int crcOffset() {
        return -1;
    }

    @Override
    public boolean verifyCrc(XfsBuf bp) {
        byte[] b = bp.data();
        for (int off = 0; off + inodesize <= b.length; off += inodesize) {
            if (!Dinode.verifyCrc(b, off, inodesize)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void updateCrc(XfsBuf bp) {
        byte[] b = bp.data();
        for (int off = 0; off + inodesize <= b.length; off += inodesize) {
            Dinode.updateCrc(b, off, inodesize);
        }
    }

    @Override
    public String verifyStruct(XfsBuf bp, VerifyContext ctx) {
        byte[] b = bp.data();
        Geometry g = ctx.geometry();
        for (int i = 0, off = 0; off + inodesize <= b.length; i++, off += inodesize) {
            Dinode d = new Dinode(b, off);
            if (d.magic() != Dinode.MAGIC) {
                return inodeName(g, bp, i) + ": bad magic 0x" + Integer.toHexString(d.magic());
            }
            if (d.version() != Dinode.VERSION) {
                return inodeName(g, bp, i) + ": di_version " + d.version() + " is not 3";
            }
            long next = d.nextUnlinked();
            if (next != Geometry.NULLAGINO && (next == 0 || g != null && !validAgino(g, bp, next))) {
                return inodeName(g, bp, i) + ": di_next_unlinked " + next + " is not a valid agino";
            }
        }
        return null;
    }

    /**
     * "inode N" with the inode's number, worked out from the cluster buffer's address (the inodes of a cluster are
     * consecutive); without a geometry only its index in the cluster is known.
     */
    static String inodeName(Geometry g, XfsBuf bp, int index) {
        if (g == null) {
            return "inode #" + index + " of the cluster";
        }
        long linear = g.bbToFsbt(bp.daddr());
        int agno = (int) (linear / g.agblocks);
        long agbno = linear % g.agblocks;
        return "inode " + (g.aginoToIno(agno, g.agbToAgino(agbno)) + index);
    }

    private static boolean validAgino(Geometry g, XfsBuf bp, long agino) {
        int agno = (int) (bp.daddr() / g.fsbToBb(g.agblocks));
        return AgiOps.validAgino(g, g.agBlockCount(agno), agino);
    }
}
