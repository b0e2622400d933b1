// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;

/**
 * xfs_agfl_buf_ops. Ports xfs_agfl_verify. Only the slots' values are checked, not whether they sit inside the
 * AGF's flfirst..fllast window: the AGF is verified separately and xfs_alloc_read_agf checks the pair.
 */
public final class AgflOps implements BufOps {
    public static final AgflOps INSTANCE = new AgflOps();

    private AgflOps() {
    }

    @Override
    public String name() {
        return "xfs_agfl";
    }

    @Override
    public int crcOffset() {
        return Agfl.OFF_CRC;
    }

    @Override
    public int lsnOffset() {
        return Agfl.OFF_LSN;
    }

    @Override
    public String verifyStruct(XfsBuf bp, VerifyContext ctx) {
        Agfl agfl = new Agfl(bp.data());
        if (agfl.magicnum() != Agfl.MAGIC) {
            return "bad magic 0x" + Long.toHexString(agfl.magicnum());
        }
        if (ctx.metaUuid() != null && !agfl.uuidMatches(ctx.metaUuid())) {
            return "agfl_uuid does not match the filesystem";
        }
        Geometry g = ctx.geometry();
        if (g == null) {
            return null;
        }
        long agno = bp.daddr() / g.fsbToBb(g.agblocks);
        if (agfl.seqno() != agno) {
            return "agfl_seqno " + agfl.seqno() + " read from AG " + agno;
        }
        for (int i = 0, n = Agfl.size(g.sectsize); i < n; i++) {
            long bno = agfl.bno(i);
            if (bno != Geometry.NULLAGBLOCK && bno >= g.agblocks) {
                return "agfl_bno[" + i + "] " + bno + " beyond sb_agblocks " + g.agblocks;
            }
        }
        return null;
    }
}
