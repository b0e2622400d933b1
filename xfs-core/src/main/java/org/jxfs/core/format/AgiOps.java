// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;

/**
 * xfs_agi_buf_ops. Ports xfs_agi_verify. The finobt level is checked only when a finobt root is present, since the
 * verifier context does not carry the feature words (the kernel checks it when xfs_has_finobt).
 */
public final class AgiOps implements BufOps {
    public static final AgiOps INSTANCE = new AgiOps();

    private AgiOps() {
    }

    @Override
    public String name() {
        return "xfs_agi";
    }

    @Override
    public int crcOffset() {
        return Agi.OFF_CRC;
    }

    @Override
    public int lsnOffset() {
        return Agi.OFF_LSN;
    }

    @Override
    public String verifyStruct(XfsBuf bp, VerifyContext ctx) {
        Agi agi = new Agi(bp.data());
        if (ctx.metaUuid() != null && !agi.uuidMatches(ctx.metaUuid())) {
            return "agi_uuid does not match the filesystem";
        }
        if (agi.magicnum() != Agi.MAGIC) {
            return "bad magic 0x" + Long.toHexString(agi.magicnum());
        }
        if (agi.versionnum() != Agi.VERSION) {
            return "bad version " + agi.versionnum();
        }
        int max = BtreeBlockOps.INOBT.maxLevel();
        if (agi.level() < 1 || agi.level() > max) {
            return "agi_level " + agi.level() + " outside 1.." + max;
        }
        if (agi.freeLevel() > max || (agi.freeRoot() != 0 && agi.freeLevel() < 1)) {
            return "agi_free_level " + agi.freeLevel() + " outside 1.." + max;
        }
        Geometry g = ctx.geometry();
        long length = agi.length();
        if (g != null) {
            long agno = bp.daddr() / g.fsbToBb(g.agblocks);
            if (agi.seqno() != agno) {
                return "agi_seqno " + agi.seqno() + " read from AG " + agno;
            }
            if (length > g.agblocks || (agno < g.agcount - 1 && length != g.agblocks)) {
                return "agi_length " + length + " does not match sb_agblocks " + g.agblocks;
            }
        }
        for (int i = 0; i < Agi.UNLINKED_BUCKETS; i++) {
            long agino = agi.unlinked(i);
            if (agino == Geometry.NULLAGINO) {
                continue;
            }
            if (agino == 0 || (g != null && !validAgino(g, length, agino))) {
                return "agi_unlinked[" + i + "] " + agino + " is not a valid agino";
            }
        }
        return null;
    }

    /** Ports xfs_verify_agino (roughly): the inode's block lies inside the AG, past the AG headers. */
    static boolean validAgino(Geometry g, long agLength, long agino) {
        long agbno = g.aginoToAgbno(agino);
        long firstBlock = (4L * g.sectsize + g.blocksize - 1) / g.blocksize;
        return agbno >= firstBlock && agbno < agLength && agino < (1L << g.aginoBits());
    }
}
