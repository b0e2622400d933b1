// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;

/**
 * xfs_agf_buf_ops. Ports xfs_agf_verify: seqno and length are checked before anything block-number related, since
 * every other AGF and AGFL check depends on them. The AG number comes from the buffer's disk address.
 */
public final class AgfOps implements BufOps {
    public static final AgfOps INSTANCE = new AgfOps();

    private AgfOps() {
    }

    @Override
    public String name() {
        return "xfs_agf";
    }

    @Override
    public int crcOffset() {
        return Agf.OFF_CRC;
    }

    @Override
    public int lsnOffset() {
        return Agf.OFF_LSN;
    }

    @Override
    public String verifyStruct(XfsBuf bp, VerifyContext ctx) {
        Agf agf = new Agf(bp.data());
        if (agf.magicnum() != Agf.MAGIC) {
            return "bad magic 0x" + Long.toHexString(agf.magicnum());
        }
        if (agf.versionnum() != Agf.VERSION) {
            return "bad version " + agf.versionnum();
        }
        if (ctx.metaUuid() != null && !agf.uuidMatches(ctx.metaUuid())) {
            return "agf_uuid does not match the filesystem";
        }
        Geometry g = ctx.geometry();
        long length = agf.length();
        if (g != null) {
            long agno = bp.daddr() / g.fsbToBb(g.agblocks);
            if (agf.seqno() != agno) {
                return "agf_seqno " + agf.seqno() + " read from AG " + agno;
            }
            if (length > g.agblocks) {
                return "agf_length " + length + " larger than sb_agblocks " + g.agblocks;
            }
            if (agno < g.agcount - 1 && length != g.agblocks) {
                return "agf_length " + length + " of a non-last AG is not sb_agblocks " + g.agblocks;
            }
        }
        long agflSize = Agfl.size(g != null ? g.sectsize : bp.length());
        if (agf.flfirst() >= agflSize) {
            return "agf_flfirst " + agf.flfirst() + " beyond AGFL size " + agflSize;
        }
        if (agf.fllast() >= agflSize) {
            return "agf_fllast " + agf.fllast() + " beyond AGFL size " + agflSize;
        }
        if (agf.flcount() > agflSize) {
            return "agf_flcount " + agf.flcount() + " larger than AGFL size " + agflSize;
        }
        if (agf.freeblks() < agf.longest() || agf.freeblks() > length) {
            return "agf_freeblks " + agf.freeblks() + " inconsistent with agf_longest " + agf.longest()
                    + " and agf_length " + length;
        }
        int max = BtreeBlockOps.BNOBT.maxLevel();
        for (int btnum : new int[] {Agf.BTNUM_BNO, Agf.BTNUM_CNT}) {
            long level = agf.levels(btnum);
            if (level < 1 || level > max) {
                return "agf_levels[" + (btnum == Agf.BTNUM_BNO ? "bno" : "cnt") + "] " + level
                        + " outside 1.." + max;
            }
        }
        if (agf.btreeblks() > length) {
            return "agf_btreeblks " + agf.btreeblks() + " larger than agf_length " + length;
        }
        if (agf.rmapBlocks() > length) {
            return "agf_rmap_blocks " + agf.rmapBlocks() + " larger than agf_length " + length;
        }
        if (agf.refcountBlocks() > length) {
            return "agf_refcount_blocks " + agf.refcountBlocks() + " larger than agf_length " + length;
        }
        return null;
    }
}
