// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import java.util.Arrays;
import org.jxfs.core.XfsException;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.format.Cksum;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.Sb;
import org.jxfs.core.format.SbOps;

/**
 * Phase 1 of xfs_repair (phase1.c, sb.c) and the superblock part of phase 2 (agheader.c): find a superblock to
 * trust, the primary when it verifies, else a secondary found by scanning the image as find_secondary_sb does;
 * then compare every secondary superblock's geometry with it.
 */
final class SuperblockCheck {
    private static final String SB = SbOps.INSTANCE.name();
    /** How much of the image a scan for a secondary reads at a time. */
    private static final int SCAN_CHUNK = 1 << 20;

    /** The superblock to trust, and whether it is a secondary (whose counters are stale by design). */
    record Found(Sb sb, boolean secondary) {
    }

    private SuperblockCheck() {
    }

    /**
     * Ports the choice of xfs_repair's phase 1 (get_sb, verify_sb, find_secondary_sb): returns the superblock to
     * use, reporting a bad primary, or null when the primary is XFS but unusable and no secondary is usable; throws
     * NotXfsException when neither the primary nor any sector of the image holds a superblock.
     */
    static Found findSuperblock(BlockDevice dev, Findings findings) throws NotXfsException, XfsException {
        if (dev.size() < Geometry.BBSIZE) {
            throw new NotXfsException(dev.path() + ": not an XFS filesystem (too small to hold a superblock)");
        }
        byte[] probe = new byte[Geometry.BBSIZE];
        dev.read(0, probe, 0, probe.length);
        Sb primary = new Sb(probe);
        String why = null;
        if (primary.magicnum() != (Sb.MAGIC & 0xffffffffL)) {
            why = "bad magic 0x" + Long.toHexString(primary.magicnum());
        } else {
            int sectsize = primary.sectsize();
            if (sectsize < Geometry.BBSIZE || sectsize > 32768 || Integer.bitCount(sectsize) != 1) {
                why = "bad sb_sectsize " + sectsize;
            } else {
                byte[] sector = new byte[sectsize];
                dev.read(0, sector, 0, sectsize);
                primary = new Sb(sector);
                if (!primary.verifyCrc(sectsize)) {
                    findings.add(SB, "agno 0 (daddr 0x0)", "CRC mismatch");
                }
                why = SbOps.verify(primary);
                if (why == null && Long.compareUnsigned(primary.dblocks(), dev.size() >> primary.blocklog()) > 0) {
                    why = "sb_dblocks " + primary.dblocks() + " blocks is larger than the image ("
                            + (dev.size() >> primary.blocklog()) + " blocks)";
                }
                if (why == null) {
                    return new Found(primary, false);
                }
            }
        }
        boolean magicOk = primary.magicnum() == (Sb.MAGIC & 0xffffffffL);
        Sb secondary = scanForSecondary(dev);
        if (secondary == null) {
            if (!magicOk) {
                throw new NotXfsException(dev.path() + ": not an XFS filesystem (no superblock magic at daddr 0x0"
                        + " and no secondary superblock in the image)");
            }
            findings.add(SB, "agno 0 (daddr 0x0)", why + "; no usable secondary superblock found");
            return null;
        }
        findings.add(SB, "agno 0 (daddr 0x0)", why + " (geometry taken from a secondary superblock)");
        return new Found(secondary, true);
    }

    /**
     * Ports find_secondary_sb: every sector of the image that holds a superblock of a multi-AG filesystem which
     * passes the superblock verifier and describes an AG boundary at that sector.
     */
    private static Sb scanForSecondary(BlockDevice dev) throws XfsException {
        byte[] chunk = new byte[SCAN_CHUNK];
        for (long off = Geometry.BBSIZE; off < dev.size(); off += SCAN_CHUNK) {
            int len = (int) Math.min(SCAN_CHUNK, dev.size() - off);
            dev.read(off, chunk, 0, len);
            for (int p = 0; p + Geometry.BBSIZE <= len; p += Geometry.BBSIZE) {
                Sb sb = new Sb(Arrays.copyOfRange(chunk, p, p + Geometry.BBSIZE));
                if (sb.magicnum() != (Sb.MAGIC & 0xffffffffL) || sb.sectsize() != Geometry.BBSIZE
                        && (sb.sectsize() < Geometry.BBSIZE || Integer.bitCount(sb.sectsize()) != 1)) {
                    continue;
                }
                byte[] sector = new byte[sb.sectsize()];
                if (off + p + sector.length > dev.size()) {
                    continue;
                }
                dev.read(off + p, sector, 0, sector.length);
                Sb cand = new Sb(sector);
                if (!cand.verifyCrc(sector.length)) {
                    continue;
                }
                cand.setInprogress(0);   // mkfs.xfs leaves it set in the secondaries
                if (SbOps.verify(cand) != null || cand.agcount() < 2) {
                    continue;
                }
                long agBytes = cand.agblocks() << cand.blocklog();
                if ((off + p) % agBytes == 0 && Long.compareUnsigned(cand.dblocks(),
                        dev.size() >> cand.blocklog()) <= 0) {
                    return cand;
                }
            }
        }
        return null;
    }

    /**
     * Ports the secondary superblock checks of xfs_repair's scan_ag / secondary_sb_whack / verify_sb: each
     * secondary is a copy of the primary's geometry and features, with a valid CRC.
     */
    static void checkSecondaries(CheckContext c) {
        Geometry g = c.geo;
        for (int agno = 1; agno < g.agcount; agno++) {
            String where = c.agHeaderWhere(agno, 0);
            var bp = c.readRaw(SB, where, g.agHeaderDaddr(agno, 0), g.sectorBb());
            if (bp == null) {
                continue;
            }
            Sb s = new Sb(bp.data());
            if (s.magicnum() != (Sb.MAGIC & 0xffffffffL)) {
                c.findings.add(SB, where, "bad magic 0x" + Long.toHexString(s.magicnum()));
                continue;
            }
            if (!Cksum.verify(bp.data(), 0, g.sectsize, Sb.OFF_CRC)) {
                c.findings.add(SB, where, "CRC mismatch");
            }
            // mkfs.xfs leaves sb_inprogress set in the secondaries; xfs_repair accepts that there
            Sb copy = new Sb(java.util.Arrays.copyOf(bp.data(), bp.data().length));
            copy.setInprogress(0);
            String why = SbOps.verify(copy);
            if (why != null) {
                c.findings.add(SB, where, why);
                continue;
            }
            String diff = geometryDiff(c.sb, s);
            if (diff != null) {
                c.findings.add(SB, where, diff + " differs from the primary superblock");
            }
        }
    }

    /**
     * The first geometry or feature field in which two superblocks differ, or null: compare_sb's list less the inode
     * numbers, which mkfs.xfs does not copy to every secondary, and sb_versionnum / sb_features2, whose attr bits the
     * kernel sets in the primary only.
     */
    private static String geometryDiff(Sb p, Sb s) {
        long[][] fields = {
            {p.blocksize(), s.blocksize()}, {p.dblocks(), s.dblocks()}, {p.rblocks(), s.rblocks()},
            {p.rextents(), s.rextents()}, {p.logstart(), s.logstart()}, {p.rextsize(), s.rextsize()},
            {p.agblocks(), s.agblocks()}, {p.agcount(), s.agcount()}, {p.rbmblocks(), s.rbmblocks()},
            {p.logblocks(), s.logblocks()}, {p.sectsize(), s.sectsize()},
            {p.inodesize(), s.inodesize()}, {p.inoalignmt(), s.inoalignmt()}, {p.dirblklog(), s.dirblklog()},
            {p.featuresCompat(), s.featuresCompat()},
            {p.featuresRoCompat(), s.featuresRoCompat()}, {p.featuresIncompat(), s.featuresIncompat()},
            {p.spinoAlign(), s.spinoAlign()},
        };
        String[] names = {"sb_blocksize", "sb_dblocks", "sb_rblocks", "sb_rextents", "sb_logstart", "sb_rextsize",
            "sb_agblocks", "sb_agcount", "sb_rbmblocks", "sb_logblocks", "sb_sectsize", "sb_inodesize",
            "sb_inoalignmt", "sb_dirblklog", "sb_features_compat", "sb_features_ro_compat", "sb_features_incompat",
            "sb_spino_align"};
        for (int i = 0; i < fields.length; i++) {
            if (fields[i][0] != fields[i][1]) {
                return names[i] + " " + fields[i][1];
            }
        }
        if (!Arrays.equals(p.uuid(), s.uuid())) {
            return "sb_uuid";
        }
        return null;
    }
}
