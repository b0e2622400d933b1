// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import org.jxfs.core.format.Geometry;

/**
 * Every block's owner, one byte per block per AG (xfs_repair's incore block map, phase 4): each structure the
 * checker follows claims its blocks, and a block claimed twice is a finding at the second claim.
 */
final class BlockMap {
    private static final byte UNCLAIMED = 0;
    private static final Owner[] OWNERS = Owner.values();

    private final Geometry geo;
    private final byte[][] map;
    private final Findings findings;
    private final boolean[] incomplete;

    BlockMap(Geometry geo, Findings findings) {
        this.geo = geo;
        this.findings = findings;
        this.map = new byte[geo.agcount][];
        this.incomplete = new boolean[geo.agcount];
        for (int agno = 0; agno < geo.agcount; agno++) {
            map[agno] = new byte[(int) geo.agBlockCount(agno)];
        }
    }

    /** True when [agbno, agbno + len) lies inside AG agno. */
    boolean inAg(int agno, long agbno, long len) {
        return agno >= 0 && agno < geo.agcount && agbno >= 0 && len > 0 && agbno + len <= geo.agBlockCount(agno);
    }

    /** True when the extent of fsblocks lies inside one AG of the data device. */
    boolean validFsbExtent(long fsbno, long len) {
        return fsbno >= 0 && inAg(geo.fsbToAgno(fsbno), geo.fsbToAgbno(fsbno), len);
    }

    /**
     * Claims [agbno, agbno + len) of AG agno for {@code owner}; a block already claimed is reported once per claim
     * as {@code structure where: ...}. Returns false when the range is outside the AG or overlaps another claim.
     */
    boolean claim(int agno, long agbno, long len, Owner owner, String structure, String where) {
        if (!inAg(agno, agbno, len)) {
            findings.add(structure, where, owner + " extent agno " + agno + " agbno " + agbno + " len " + len
                    + " is outside the AG");
            return false;
        }
        byte[] m = map[agno];
        long firstDup = -1;
        Owner dupOf = null;
        long dups = 0;
        for (long b = agbno; b < agbno + len; b++) {
            if (m[(int) b] != UNCLAIMED) {
                if (firstDup < 0) {
                    firstDup = b;
                    dupOf = OWNERS[m[(int) b] - 1];
                }
                dups++;
            } else {
                m[(int) b] = (byte) (owner.ordinal() + 1);
            }
        }
        if (firstDup >= 0) {
            findings.add(structure, where, owner + " agno " + agno + " agbno " + firstDup + " (" + dups
                    + " block" + (dups == 1 ? "" : "s") + ") is already claimed as " + dupOf);
            return false;
        }
        return true;
    }

    boolean claimFsb(long fsbno, long len, Owner owner, String structure, String where) {
        return claim(geo.fsbToAgno(fsbno), geo.fsbToAgbno(fsbno), len, owner, structure, where);
    }

    /** The owner of a block, or null when nothing claimed it. */
    Owner owner(int agno, long agbno) {
        byte v = map[agno][(int) agbno];
        return v == UNCLAIMED ? null : OWNERS[v - 1];
    }

    /** Records that some structure of the AG could not be followed, so its unclaimed blocks mean nothing. */
    void markIncomplete(int agno) {
        incomplete[agno] = true;
    }

    /** An inode whose forks cannot be followed may own blocks in any AG. */
    void markAllIncomplete() {
        java.util.Arrays.fill(incomplete, true);
    }

    boolean incomplete(int agno) {
        return incomplete[agno];
    }

    long blocks(int agno) {
        return map[agno].length;
    }
}
