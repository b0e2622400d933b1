// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import org.jxfs.core.XfsException;
import org.jxfs.core.buf.BufCache;
import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.format.Features;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.InodeGeometry;
import org.jxfs.core.format.Sb;

/**
 * What every phase of the check shares (xfs_repair's globals): the device, the superblock it trusts, the geometry,
 * the features, the block map and the findings. Reads go around the verifiers: a block is read raw and its
 * verifier run here, so a bad CRC or a broken structure becomes a finding instead of an exception.
 */
final class CheckContext implements VerifyContext {
    final BlockDevice dev;
    final BufCache cache;
    final Sb sb;
    final Geometry geo;
    final InodeGeometry igeo;
    final Findings findings;
    final BlockMap blocks;
    final boolean finobt;
    final boolean sparse;
    final boolean inobtcount;
    final boolean reflink;
    final boolean rmapbt;
    final boolean ftype;
    final boolean nrext64;
    private final byte[] metaUuid;
    /** What the inode verifier reads of the filesystem. */
    final org.jxfs.core.format.DinodeContext dinodeContext;

    CheckContext(BlockDevice dev, Sb sb, Findings findings) {
        this.dev = dev;
        this.sb = sb;
        this.geo = sb.toGeometry();
        this.findings = findings;
        long ro = sb.featuresRoCompat();
        long incompat = sb.featuresIncompat();
        this.finobt = (ro & Features.RO_COMPAT_FINOBT) != 0;
        this.inobtcount = (ro & Features.RO_COMPAT_INOBTCNT) != 0;
        this.reflink = (ro & Features.RO_COMPAT_REFLINK) != 0;
        this.rmapbt = (ro & Features.RO_COMPAT_RMAPBT) != 0;
        this.sparse = (incompat & Features.INCOMPAT_SPINODES) != 0;
        this.ftype = (incompat & Features.INCOMPAT_FTYPE) != 0;
        this.nrext64 = (incompat & Features.INCOMPAT_NREXT64) != 0;
        this.igeo = new InodeGeometry(geo, sparse, (int) sb.spinoAlign());
        this.metaUuid = sb.effectiveMetaUuid();
        this.dinodeContext = org.jxfs.core.format.DinodeContext.of(sb);
        this.cache = new BufCache(dev, this);
        this.blocks = new BlockMap(geo, findings);
    }

    @Override
    public byte[] metaUuid() {
        return metaUuid;
    }

    @Override
    public boolean dirFtype() {
        return ftype;
    }

    @Override
    public Geometry geometry() {
        return geo;
    }

    /** True when the sectors [daddr, daddr + bb) lie inside the image. */
    boolean onDevice(long daddr, int bb) {
        return daddr >= 0 && Geometry.bbToB(daddr + bb) <= dev.size();
    }

    /** The sectors as they are on disk, unverified; null (with a finding) when they lie past the end of the image. */
    XfsBuf readRaw(String structure, String where, long daddr, int bb) {
        if (!onDevice(daddr, bb)) {
            findings.add(structure, where, "lies beyond the end of the image");
            return null;
        }
        try {
            return cache.read(daddr, bb, null);
        } catch (XfsException e) {
            findings.add(structure, where, "cannot be read: " + e.getMessage());
            return null;
        }
    }

    /**
     * Reads a metadata block and runs its verifier as xfs_buf_read would (CRC, then structure), each failure a
     * finding. Returns the buffer when its structure can be followed (a CRC mismatch alone still returns it, as
     * xfs_repair goes on with a block whose only fault is its CRC), null otherwise.
     */
    XfsBuf read(BufOps ops, String where, long daddr, int bb) {
        XfsBuf bp = readRaw(ops.name(), where, daddr, bb);
        return bp != null && verify(ops, bp, where) ? bp : null;
    }

    /** Runs the verifier of {@code ops} on a raw buffer, each failure a finding; true when the structure passed. */
    boolean verify(BufOps ops, XfsBuf bp, String where) {
        if (!ops.verifyCrc(bp)) {
            findings.add(ops.name(), where, "CRC mismatch");
        }
        String why = ops.verifyStruct(bp, this);
        if (why != null) {
            findings.add(ops.name(), where, why);
            return false;
        }
        return true;
    }

    /** "agno A agbno B (daddr 0x...)" */
    String agbWhere(int agno, long agbno) {
        return "agno " + agno + " agbno " + agbno + " (" + Finding.daddr(geo.agbToDaddr(agno, agbno)) + ")";
    }

    /** "agno A (daddr 0x...)" for an AG header in sector {@code sector} of the AG. */
    String agHeaderWhere(int agno, int sector) {
        return "agno " + agno + " (" + Finding.daddr(geo.agHeaderDaddr(agno, sector)) + ")";
    }

    /** "inode I (daddr 0x...)": the inode's own sector range start. */
    String inoWhere(long ino) {
        return "inode " + ino + " (" + Finding.daddr(Geometry.bToBb(geo.inoToByte(ino))) + ")";
    }

    /** Forget cached blocks: the check reads each block about once, so the cache need not grow with the image. */
    void dropCache() {
        cache.purgeClean();
    }
}
