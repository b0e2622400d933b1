// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.AgiOps;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.ialloc.InobtRec;

/**
 * The inode-btree part of xfs_repair's phase 2 (scan.c scan_inobt, scan_single_ino_chunk, scan_single_finobt_chunk):
 * walks the inobt, checks each record (alignment, holemask, count and freecount against the free mask), claims the
 * chunk's blocks, checks that the finobt holds exactly the inobt's records with free inodes, and compares the
 * totals with the AGI (agi_count, agi_freecount, agi_iblocks, agi_fblocks).
 */
final class InodeBtreeCheck {
    private static final String AGI = AgiOps.INSTANCE.name();

    /** The AG's inode chunks (inobt order) and what they add up to. */
    record Counted(List<InobtRec> chunks, long count, long freecount) {
    }

    private InodeBtreeCheck() {
    }

    static Counted check(CheckContext c, int agno, Agi agi) {
        String agiWhere = c.agHeaderWhere(agno, Agi.SECTOR);
        List<InobtRec> chunks = new ArrayList<>();
        String ino = BtreeBlockOps.INOBT.name();
        BtreeScan inoScan = BtreeScan.ag(c, BtreeBlockOps.INOBT, Owner.INOBT, agno,
                (b, off, where) -> inobtRecord(c, agno, chunks, InobtRec.decode(b, off, c.sparse), where, ino), true);
        inoScan.fromRoot(agi.root(), (int) agi.level(), AGI, agiWhere);
        long count = 0;
        long freecount = 0;
        for (InobtRec r : chunks) {
            count += r.count;
            freecount += r.freecount;
        }
        if (agi.count() != count) {
            c.findings.add(AGI, agiWhere, "agi_count " + agi.count() + ", counted " + count);
        }
        if (agi.freecount() != freecount) {
            c.findings.add(AGI, agiWhere, "agi_freecount " + agi.freecount() + ", counted " + freecount);
        }
        int finoBlocks = 0;
        if (c.finobt) {
            finoBlocks = checkFinobt(c, agno, agi, chunks, agiWhere);
        }
        if (c.inobtcount && (agi.iblocks() != inoScan.blocks() || c.finobt && agi.fblocks() != finoBlocks)) {
            c.findings.add(AGI, agiWhere, "agi_iblocks " + agi.iblocks() + " / agi_fblocks " + agi.fblocks()
                    + ", counted " + inoScan.blocks() + " / " + finoBlocks);
        }
        for (int i = 0; i < Agi.UNLINKED_BUCKETS; i++) {
            if (agi.unlinked(i) != Geometry.NULLAGINO) {
                c.findings.add(AGI, agiWhere, "agi_unlinked[" + i + "] holds inode " + agi.unlinked(i)
                        + ": an unlinked inode was never freed");
            }
        }
        return new Counted(chunks, count, freecount);
    }

    private static void inobtRecord(CheckContext c, int agno, List<InobtRec> out, InobtRec r, String where,
            String structure) {
        Geometry g = c.geo;
        String rec = "record [startino " + r.startino + "]";
        // chunks start on a block (a cluster with inode alignment), so startino is a whole block of inodes
        if (r.startino % g.inopblock != 0 || r.startino >= 1L << g.aginoBits()
                || !c.blocks.inAg(agno, g.aginoToAgbno(r.startino), g.inodeChunkBlocks())) {
            c.findings.add(structure, where, rec + " does not start a chunk of whole blocks inside the AG");
            return;
        }
        long agbno = g.aginoToAgbno(r.startino);
        long align = c.sparse ? c.igeo.iallocMinBlocks : g.inoalignmt;
        if (align > 1 && agbno % align != 0) {
            c.findings.add(structure, where, rec + " chunk at agbno " + agbno + " is not aligned to " + align);
        }
        if (!out.isEmpty() && out.get(out.size() - 1).startino >= r.startino) {
            c.findings.add(structure, where, rec + " out of order");
            return;
        }
        long allocmask = r.allocmask();
        int holes = Integer.bitCount(r.holemask & 0xffff) * InobtRec.INODES_PER_HOLEMASK_BIT;
        if (r.holemask != InobtRec.HOLEMASK_FULL && !c.sparse) {
            c.findings.add(structure, where, rec + " has a holemask without the sparse inode feature");
        }
        if (r.count != Geometry.INODES_PER_CHUNK - holes) {
            c.findings.add(structure, where, rec + " count " + r.count + " does not match holemask 0x"
                    + Integer.toHexString(r.holemask));
        }
        long realFree = r.free & allocmask;
        if (Long.bitCount(realFree) != r.freecount) {
            c.findings.add(structure, where, rec + " freecount " + r.freecount + " does not match the free mask ("
                    + Long.bitCount(realFree) + " free)");
        }
        if ((r.free | allocmask) != -1L) {
            c.findings.add(structure, where, rec + " holes are not marked free");
        }
        out.add(r);
        int ipb = g.inopblock;
        int chunkBlocks = g.inodeChunkBlocks();
        for (int blk = 0; blk < chunkBlocks; blk++) {
            int firstIno = blk * ipb;
            if (ipb <= Geometry.INODES_PER_CHUNK && (allocmask >>> firstIno & 1) == 0) {
                continue;
            }
            c.blocks.claim(agno, agbno + blk, 1, Owner.INODES, structure, where);
        }
    }

    /** Ports the finobt half of scan_inobt: one record for each inobt record with free inodes, identical. */
    private static int checkFinobt(CheckContext c, int agno, Agi agi, List<InobtRec> chunks, String agiWhere) {
        List<InobtRec> fino = new ArrayList<>();
        String structure = BtreeBlockOps.FINOBT.name();
        BtreeScan scan = BtreeScan.ag(c, BtreeBlockOps.FINOBT, Owner.FINOBT, agno,
                (b, off, where) -> fino.add(InobtRec.decode(b, off, c.sparse)), true);
        scan.fromRoot(agi.freeRoot(), (int) agi.freeLevel(), AGI, agiWhere);
        List<InobtRec> withFree = chunks.stream().filter(r -> r.freecount > 0).toList();
        int reported = 0;
        int i = 0;
        int j = 0;
        while ((i < withFree.size() || j < fino.size()) && reported < 4) {
            InobtRec a = i < withFree.size() ? withFree.get(i) : null;
            InobtRec f = j < fino.size() ? fino.get(j) : null;
            if (a != null && f != null && a.startino == f.startino) {
                if (a.free != f.free || a.freecount != f.freecount || a.holemask != f.holemask
                        || a.count != f.count) {
                    c.findings.add(structure, agiWhere, "record for startino " + f.startino
                            + " does not match the inobt's (" + f + " vs " + a + ")");
                    reported++;
                }
                i++;
                j++;
            } else if (f == null || a != null && a.startino < f.startino) {
                c.findings.add(structure, agiWhere, "chunk startino " + a.startino + " has " + a.freecount
                        + " free inodes but no finobt record");
                reported++;
                i++;
            } else {
                c.findings.add(structure, agiWhere, "record startino " + f.startino
                        + " has no inobt chunk with free inodes");
                reported++;
                j++;
            }
        }
        return scan.blocks();
    }
}
