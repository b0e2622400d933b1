// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.AgflOps;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.AgiOps;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.InodeGeometry;
import org.jxfs.core.ialloc.InobtRec;

/**
 * Builds the {@link AgMetadataMap} of a read-write mount by walking every AG's metadata once, the cross-checks
 * xfs_repair's phase 2 makes before it trusts anything: each block of the AG headers, the AGFL entries, the
 * free-space, inode and refcount btrees, the allocated parts of the inode chunks and the internal log is claimed
 * by exactly one structure, and no free-space record covers any of them. A block two structures claim, an AGFL
 * slot outside the AG, a btree pointer that loops or leaves the AG, or free space over metadata refuses the mount
 * with the structure, AG and block named.
 */
public final class AgMetadataScan {
    private final Mount mp;
    private final Geometry geo;
    private final AgMetadataMap map;

    private AgMetadataScan(Mount mp, AgMetadataMap map) {
        this.mp = mp;
        this.geo = mp.geometry();
        this.map = map;
    }

    /**
     * Walks every AG of {@code mp} and returns the map; a read-write mount does this once as it opens (public for
     * the benchmark that measures it on a read-only mount).
     */
    public static AgMetadataMap build(Mount mp) throws XfsException {
        AgMetadataMap map = new AgMetadataMap(mp.geometry());
        AgMetadataScan scan = new AgMetadataScan(mp, map);
        for (int agno = 0; agno < mp.geometry().agcount; agno++) {
            scan.scanAg(agno);
        }
        return map;
    }

    /** XFS_AGFL_BLOCK + 1: the first block past the four AG header sectors. */
    static long firstDataBlock(Geometry geo) {
        return geo.bToFsb(4L * geo.sectsize);
    }

    private void scanAg(int agno) throws XfsException {
        int sect = geo.sectorBb();
        Agf agf = new Agf(mp.bufCache().read(geo.agHeaderDaddr(agno, Agf.SECTOR), sect, AgfOps.INSTANCE).data());
        Agi agi = new Agi(mp.bufCache().read(geo.agHeaderDaddr(agno, Agi.SECTOR), sect, AgiOps.INSTANCE).data());
        Agfl agfl = new Agfl(mp.bufCache().read(geo.agHeaderDaddr(agno, Agfl.SECTOR), sect, AgflOps.INSTANCE).data());
        map.claim(agno, 0, firstDataBlock(geo), AgMetadataMap.Kind.HEADERS);
        if (geo.logstart != 0 && geo.fsbToAgno(geo.logstart) == agno) {
            long start = geo.fsbToAgbno(geo.logstart);
            if (start + geo.logblocks > geo.agBlockCount(agno)) {
                throw new FsCorruptedException("Metadata corruption detected: xfs_sb: internal log [" + start + ", +"
                        + geo.logblocks + ") runs past the end of AG " + agno);
            }
            map.claim(agno, start, geo.logblocks, AgMetadataMap.Kind.LOG);
        }
        List<long[]> free = new ArrayList<>();
        walk(agno, agf.roots(Agf.BTNUM_BNO), agf.levels(Agf.BTNUM_BNO), BtreeBlockOps.BNOBT,
                AgMetadataMap.Kind.FREE_SPACE, (b, off) -> free.add(new long[] {BigEndian.u32(b, off),
                    BigEndian.u32(b, off + 4)}));
        walk(agno, agf.roots(Agf.BTNUM_CNT), agf.levels(Agf.BTNUM_CNT), BtreeBlockOps.CNTBT,
                AgMetadataMap.Kind.FREE_SPACE, null);
        boolean sparse = mp.features().sparseInodes();
        List<InobtRec> chunks = new ArrayList<>();
        walk(agno, agi.root(), agi.level(), BtreeBlockOps.INOBT, AgMetadataMap.Kind.INODE_BTREE,
                (b, off) -> chunks.add(InobtRec.decode(b, off, sparse)));
        List<InobtRec> withFree = new ArrayList<>();
        if (mp.features().finobt()) {
            walk(agno, agi.freeRoot(), agi.freeLevel(), BtreeBlockOps.FINOBT, AgMetadataMap.Kind.FREE_INODE_BTREE,
                    (b, off) -> withFree.add(InobtRec.decode(b, off, sparse)));
        }
        if (mp.features().reflink()) {
            walk(agno, agf.refcountRoot(), agf.refcountLevel(), BtreeBlockOps.REFCOUNTBT,
                    AgMetadataMap.Kind.REFCOUNT_BTREE, null);
        }
        for (InobtRec r : chunks) {
            checkInodeRecord(agno, "xfs_inobt", r);
            claimChunk(agno, r);
        }
        if (mp.features().finobt()) {
            checkFinobt(agno, chunks, withFree);
        }
        claimAgfl(agno, agf, agfl);
        for (long[] f : free) {
            if (f[1] == 0 || f[0] + f[1] > geo.agBlockCount(agno)) {
                throw new FsCorruptedException("Metadata corruption detected: xfs_bnobt of AG " + agno
                        + ": free extent [" + f[0] + ", " + f[1] + "] is outside the AG");
            }
            map.checkFree(agno, f[0], f[1], () -> "the free-space btree's free extent [" + f[0] + ", " + f[1] + "]");
        }
    }

    /** The blocks of the AGFL's live slots, flfirst to fllast; each must be a block past the headers, once. */
    private void claimAgfl(int agno, Agf agf, Agfl agfl) throws FsCorruptedException {
        int size = Agfl.size(geo.sectsize);
        long n = agf.flcount();
        long first = agf.flfirst();
        long last = agf.fllast();
        long expect = n == 0 ? 0 : last >= first ? last - first + 1 : size - first + last + 1;
        if (n > size || first >= size || last >= size || expect != n) {
            throw new FsCorruptedException("Metadata corruption detected: xfs_agf of AG " + agno + " at daddr 0x"
                    + Long.toHexString(geo.agHeaderDaddr(agno, Agf.SECTOR)) + ": free list flfirst " + first
                    + " fllast " + last + " flcount " + n + " (" + size + " slots)");
        }
        for (long i = 0, slot = first; i < n; i++, slot = (slot + 1) % size) {
            long bno = agfl.bno((int) slot);
            String where = "xfs_agfl of AG " + agno + " at daddr 0x"
                    + Long.toHexString(geo.agHeaderDaddr(agno, Agfl.SECTOR)) + ": slot " + slot;
            if (bno < firstDataBlock(geo) || bno >= geo.agBlockCount(agno)) {
                throw new FsCorruptedException("Metadata corruption detected: " + where + " holds block " + bno
                        + ", outside the AG's data blocks [" + firstDataBlock(geo) + ", "
                        + geo.agBlockCount(agno) + ")");
            }
            AgMetadataMap.Kind held = map.kindAt(agno, bno);
            if (held != null) {
                throw new FsCorruptedException("Metadata corruption detected: " + where + " holds block " + bno
                        + ", which holds " + held);
            }
            map.claim(agno, bno, 1, AgMetadataMap.Kind.FREE_SPACE);
        }
    }

    /**
     * Ports xfs_inobt_check_irec: a chunk holds between 4 and 64 inodes, the holes take four each, and the free
     * count is the number of free inodes that are not in a hole.
     */
    private static void checkInodeRecord(int agno, String tree, InobtRec r) throws FsCorruptedException {
        int holes = Integer.bitCount(r.holemask & 0xffff);
        long allocMask = r.allocmask();
        String why = null;
        if (r.count != Geometry.INODES_PER_CHUNK - holes * InobtRec.INODES_PER_HOLEMASK_BIT) {
            why = "count " + r.count + " with " + holes + " holemask bits set";
        } else if (r.freecount > r.count || Long.bitCount(r.free & allocMask) != r.freecount) {
            why = "freecount " + r.freecount + " but " + Long.bitCount(r.free & allocMask) + " inodes free";
        }
        if (why != null) {
            throw new FsCorruptedException("Metadata corruption detected: " + tree + " of AG " + agno
                    + ": record for the chunk at agino " + r.startino + ": " + why);
        }
    }

    /** The free inode btree holds exactly the inobt's records that have free inodes, equal field by field. */
    private static void checkFinobt(int agno, List<InobtRec> chunks, List<InobtRec> withFree)
            throws FsCorruptedException {
        int i = 0;
        for (InobtRec r : chunks) {
            if (r.freecount == 0) {
                continue;
            }
            InobtRec f = i < withFree.size() ? withFree.get(i) : null;
            if (f == null || f.startino != r.startino || f.holemask != r.holemask || f.count != r.count
                    || f.freecount != r.freecount || f.free != r.free) {
                throw new FsCorruptedException("Metadata corruption detected: xfs_finobt of AG " + agno
                        + ": the chunk at agino " + r.startino + " with " + r.freecount + " free inodes "
                        + (f == null || f.startino != r.startino ? "has no record" : "has a record that differs"));
            }
            i++;
        }
        if (i != withFree.size()) {
            throw new FsCorruptedException("Metadata corruption detected: xfs_finobt of AG " + agno + ": "
                    + (withFree.size() - i) + " records for chunks without free inodes in the inobt");
        }
    }

    /**
     * The blocks of an inode chunk that hold inodes: all of it, or for a sparse chunk the parts whose holemask bit
     * is clear (each bit is four inodes).
     */
    private void claimChunk(int agno, InobtRec r) throws FsCorruptedException {
        long agino = r.startino;
        long align = Math.min(geo.inopblock, Geometry.INODES_PER_CHUNK);
        if (agino % align != 0 || agino >= (1L << geo.aginoBits())) {
            throw new FsCorruptedException("Metadata corruption detected: xfs_inobt of AG " + agno
                    + ": chunk startino " + agino + " is not a chunk start");
        }
        int inodesPerBit = InodeGeometry.INODES_PER_HOLEMASK_BIT;
        for (int bit = 0; bit < Geometry.INODES_PER_CHUNK / inodesPerBit; bit++) {
            if ((r.holemask & (1 << bit)) != 0) {
                continue;
            }
            long first = agino + (long) bit * inodesPerBit;
            long last = first + inodesPerBit - 1;
            long b0 = geo.aginoToAgbno(first);
            long b1 = geo.aginoToAgbno(last);
            if (b1 >= geo.agBlockCount(agno)) {
                throw new FsCorruptedException("Metadata corruption detected: xfs_inobt of AG " + agno
                        + ": chunk at agino " + agino + " runs past the end of the AG");
            }
            for (long b = b0; b <= b1; b++) {
                if (map.kindAt(agno, b) != AgMetadataMap.Kind.INODES) {
                    map.claim(agno, b, 1, AgMetadataMap.Kind.INODES);
                }
            }
        }
    }

    @FunctionalInterface
    private interface RecordFn {
        void record(byte[] block, int off);
    }

    /**
     * Every block of a short-pointer AG btree, level by level along the right-sibling chains from the leftmost
     * block (xfs_btree_visit_blocks), each read through its verifier and claimed; leaf records go to {@code rec}.
     */
    private void walk(int agno, long root, long levels, BtreeBlockOps ops, AgMetadataMap.Kind kind, RecordFn rec)
            throws XfsException {
        String tree = ops.name() + " of AG " + agno;
        if (levels < 1 || levels > ops.maxLevel()) {
            throw new FsCorruptedException("Metadata corruption detected: " + tree + ": height " + levels
                    + " outside [1, " + ops.maxLevel() + "]");
        }
        long leftmost = root;
        for (long level = levels - 1; level >= 0; level--) {
            long agbno = leftmost;
            long left = BtreeBlock.NULL_SHORT_PTR;
            leftmost = -1;
            while (agbno != BtreeBlock.NULL_SHORT_PTR) {
                XfsBuf bp = read(agno, agbno, ops, tree);
                byte[] b = bp.data();
                String where = tree + " block " + agbno + " (daddr 0x" + Long.toHexString(bp.daddr()) + ")";
                if (BtreeBlock.level(b) != level) {
                    throw new FsCorruptedException("Metadata corruption detected: " + where + ": level "
                            + BtreeBlock.level(b) + ", expected " + level);
                }
                if (BtreeBlock.sLeftsib(b) != left) {
                    throw new FsCorruptedException("Metadata corruption detected: " + where + ": left sibling "
                            + BtreeBlock.sLeftsib(b) + ", expected " + left);
                }
                AgMetadataMap.Kind held = map.kindAt(agno, agbno);
                if (held != null) {
                    throw new FsCorruptedException("Metadata corruption detected: " + where + " is a block that "
                            + "holds " + held + " too");
                }
                map.claim(agno, agbno, 1, kind);
                int n = BtreeBlock.numrecs(b);
                if (level > 0) {
                    if (n == 0) {
                        throw new FsCorruptedException("Metadata corruption detected: " + where + ": empty node");
                    }
                    if (leftmost < 0) {
                        int ptrs = ops.headerLen() + ops.maxRecs(b.length, false) * ops.keyLen();
                        leftmost = BigEndian.u32(b, ptrs);
                    }
                } else if (rec != null) {
                    for (int i = 0; i < n; i++) {
                        rec.record(b, ops.headerLen() + i * ops.recLen());
                    }
                }
                left = agbno;
                agbno = BtreeBlock.sRightsib(b);
            }
        }
    }

    private XfsBuf read(int agno, long agbno, BtreeBlockOps ops, String tree) throws XfsException {
        if (agbno < firstDataBlock(geo) || agbno >= geo.agBlockCount(agno)) {
            throw new FsCorruptedException("Metadata corruption detected: " + tree + ": block pointer " + agbno
                    + " is outside the AG's data blocks");
        }
        return mp.bufCache().read(geo.agbToDaddr(agno, agbno), geo.blockBb(), ops);
    }
}
