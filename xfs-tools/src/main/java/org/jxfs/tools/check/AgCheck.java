// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import java.util.List;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.AgflOps;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.AgiOps;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.ialloc.InobtRec;

/**
 * Phase 2 of xfs_repair for one AG (scan.c scan_ag): the AG headers (AGF, AGI, AGFL) through their verifiers,
 * the blocks they occupy, the free-space and inode btrees, the refcount and rmap btrees' blocks (jxfs checks no
 * records of those), and the AGF's btree block counter.
 */
final class AgCheck {
    /** xfs_refcountbt: jxfs has no btree ops of its own for it (it keeps no shared extents); its blocks are walked. */
    static final BtreeBlockOps REFCOUNTBT = new BtreeBlockOps("xfs_refcountbt", BtreeBlock.REFC_CRC_MAGIC, false,
            12, 4, 4, BtreeBlockOps.BNOBT.maxLevel());
    /** xfs_rmapbt: an overlapping btree, so a node entry holds a low and a high key (2 x 20 bytes). */
    static final BtreeBlockOps RMAPBT = new BtreeBlockOps("xfs_rmapbt", BtreeBlock.RMAP_CRC_MAGIC, false,
            24, 40, 4, BtreeBlockOps.BNOBT.maxLevel());

    /** What an AG contributes to the superblock counters, and its inode chunks for phase 3. */
    record Result(long fdblocks, long icount, long ifree, List<InobtRec> chunks) {
    }

    private AgCheck() {
    }

    static Result check(CheckContext c, int agno) {
        int sect = c.geo.sectorBb();
        long headerBlocks = (4L * c.geo.sectsize + c.geo.blocksize - 1) / c.geo.blocksize;
        c.blocks.claim(agno, 0, headerBlocks, Owner.AG_HEADERS, "xfs_sb", c.agHeaderWhere(agno, 0));
        XfsBuf agfBp = header(c, agno, AgfOps.INSTANCE, Agf.SECTOR, Agf.MAGIC);
        XfsBuf agiBp = header(c, agno, AgiOps.INSTANCE, Agi.SECTOR, Agi.MAGIC);
        XfsBuf agflBp = agfl(c, agno, agfBp == null ? 0 : new Agf(agfBp.data()).flcount());
        if (agfBp == null || agiBp == null) {
            // the AG's trees cannot all be found, so its block map is incomplete
            c.blocks.markIncomplete(agno);
        }
        long fdblocks = 0;
        if (agfBp != null) {
            Agf agf = new Agf(agfBp.data());
            FreeSpaceCheck.Counted free = FreeSpaceCheck.check(c, agno, agf, agflBp == null ? null : agflBp.data());
            long rmapBlocks = otherTrees(c, agno, agf);
            long btreeblks = free.btreeblks() + Math.max(0, rmapBlocks - 1);
            if (agf.btreeblks() != btreeblks) {
                c.findings.add(AgfOps.INSTANCE.name(), c.agHeaderWhere(agno, Agf.SECTOR), "agf_btreeblks "
                        + agf.btreeblks() + ", counted " + btreeblks);
            }
            fdblocks = free.freeblks() + free.flcount() + btreeblks;
        }
        long icount = 0;
        long ifree = 0;
        List<InobtRec> chunks = List.of();
        if (agiBp != null) {
            InodeBtreeCheck.Counted ino = InodeBtreeCheck.check(c, agno, new Agi(agiBp.data()));
            icount = ino.count();
            ifree = ino.freecount();
            chunks = ino.chunks();
        }
        return new Result(fdblocks, icount, ifree, chunks);
    }

    /**
     * Reads an AG header and runs its verifier, each failure a finding. As xfs_repair's scan_ag goes on with a
     * header whose only faults are in its counters, the header is followed unless its magic or sequence number
     * is wrong (then the sector holds something else and nothing in it can be trusted).
     */
    private static XfsBuf header(CheckContext c, int agno, org.jxfs.core.buf.BufOps ops, int sector, int magic) {
        String where = c.agHeaderWhere(agno, sector);
        XfsBuf bp = c.readRaw(ops.name(), where, c.geo.agHeaderDaddr(agno, sector), c.geo.sectorBb());
        if (bp == null || c.verify(ops, bp, where)) {
            return bp;
        }
        byte[] b = bp.data();
        boolean sound = org.jxfs.core.format.BigEndian.u32(b, 0) == (magic & 0xffffffffL)
                && org.jxfs.core.format.BigEndian.u32(b, SEQNO_OFFSET[sector]) == agno;
        return sound ? bp : null;
    }

    /**
     * Reads the AGFL as xfs_repair's scan_freelist does: only a bad CRC of an AGFL that holds blocks is a problem
     * to it (its magic, uuid and seqno are not looked at, and an empty AGFL is not read), so everything else the
     * AGFL verifier finds is a warning. The slots are walked whatever the header says.
     */
    private static XfsBuf agfl(CheckContext c, int agno, long flcount) {
        String where = c.agHeaderWhere(agno, Agfl.SECTOR);
        XfsBuf bp = c.readRaw(AgflOps.INSTANCE.name(), where, c.geo.agHeaderDaddr(agno, Agfl.SECTOR),
                c.geo.sectorBb());
        if (bp == null) {
            return null;
        }
        if (!AgflOps.INSTANCE.verifyCrc(bp)) {
            if (flcount != 0) {
                c.findings.add(AgflOps.INSTANCE.name(), where, "CRC mismatch");
            } else {
                c.findings.warn(AgflOps.INSTANCE.name(), where, "CRC mismatch (the AGFL is empty)");
            }
        }
        String why = AgflOps.INSTANCE.verifyStruct(bp, c);
        if (why != null) {
            c.findings.warn(AgflOps.INSTANCE.name(), where, why);
        }
        return bp;
    }

    /** Offset of the sequence number in the headers by sector (sb, agf, agi, agfl). */
    private static final int[] SEQNO_OFFSET = {0, Agf.OFF_SEQNO, Agi.OFF_SEQNO};

    /** Walks the refcount and rmap btrees for their blocks; returns the rmapbt's block count (0 without one). */
    private static long otherTrees(CheckContext c, int agno, Agf agf) {
        String agfWhere = c.agHeaderWhere(agno, Agf.SECTOR);
        if (c.reflink) {
            int[] shared = {0};
            BtreeScan scan = BtreeScan.ag(c, REFCOUNTBT, Owner.REFCOUNTBT, agno, (b, off, where) -> shared[0]++,
                    true);
            scan.fromRoot(agf.refcountRoot(), (int) agf.refcountLevel(), AgfOps.INSTANCE.name(), agfWhere);
            if (agf.refcountBlocks() != scan.blocks()) {
                c.findings.add(AgfOps.INSTANCE.name(), agfWhere, "agf_refcount_blocks " + agf.refcountBlocks()
                        + ", counted " + scan.blocks());
            }
            if (shared[0] > 0) {
                c.findings.note("reflink: " + shared[0] + " refcount records in AG " + agno
                        + " (shared or CoW extents) are not checked: jxfs keeps no shared extents");
            }
        }
        if (!c.rmapbt) {
            return 0;
        }
        c.findings.note("rmapbt: reverse-mapping records are not checked (jxfs does not maintain the rmapbt); "
                + "its blocks are");
        BtreeScan scan = BtreeScan.ag(c, RMAPBT, Owner.RMAPBT, agno, (b, off, where) -> { }, false);
        scan.fromRoot(agf.roots(Agf.BTNUM_RMAP), (int) agf.levels(Agf.BTNUM_RMAP), AgfOps.INSTANCE.name(), agfWhere);
        if (agf.rmapBlocks() != scan.blocks()) {
            c.findings.add(AgfOps.INSTANCE.name(), agfWhere, "agf_rmap_blocks " + agf.rmapBlocks() + ", counted "
                    + scan.blocks());
        }
        return scan.blocks();
    }
}
