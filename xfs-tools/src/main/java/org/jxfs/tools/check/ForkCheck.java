// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.BmbtOps;
import org.jxfs.bmap.BmbtRec;
import org.jxfs.bmap.BmdrRoot;
import org.jxfs.bmap.WhichFork;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Dinode;

/**
 * One inode fork in EXTENTS or BTREE format, as xfs_repair's process_exinode / process_btinode and scan_lbtree
 * check it: each extent record valid (xfs_bmap_validate_extent_raw) and after the previous one, its blocks
 * claimed for the inode, the bmbt walked below the root in the inode; returns the mapping, the extent count and
 * the blocks the fork uses (for di_nextents and di_nblocks).
 */
final class ForkCheck {
    /** What the fork maps and how many blocks it takes. */
    record Result(List<BmbtIrec> maps, long extents, long blocks) {
    }

    private final CheckContext c;
    private final long ino;
    private final WhichFork fork;
    private final String where;
    private final List<BmbtIrec> maps = new ArrayList<>();
    private long dataBlocks;
    private long nextOff;

    private ForkCheck(CheckContext c, long ino, WhichFork fork) {
        this.c = c;
        this.ino = ino;
        this.fork = fork;
        this.where = c.inoWhere(ino);
    }

    /** Checks an EXTENTS fork holding {@code nextents} records. */
    static Result extents(CheckContext c, long ino, WhichFork fork, byte[] b, int forkOff, int size, long nextents) {
        ForkCheck f = new ForkCheck(c, ino, fork);
        for (int i = 0; i < nextents && (i + 1) * Dinode.BMBT_REC_LEN <= size; i++) {
            f.record(b, forkOff + i * Dinode.BMBT_REC_LEN, "xfs_inode", f.where);
        }
        return new Result(f.maps, f.maps.size(), f.dataBlocks);
    }

    /** Checks a BTREE fork: the bmdr root in the inode, then the bmbt blocks below it. */
    static Result btree(CheckContext c, long ino, WhichFork fork, byte[] b, int forkOff, int size) {
        return new ForkCheck(c, ino, fork).btree(b, forkOff, size);
    }

    private Result btree(byte[] b, int forkOff, int size) {
        String why = BmdrRoot.verify(b, forkOff, size, BtreeBlockOps.BMBT.maxLevel());
        if (why != null) {
            c.findings.add("xfs_inode", where, fork + " fork: " + why);
            return new Result(maps, 0, 0);
        }
        int level = BmdrRoot.level(b, forkOff);
        int n = BmdrRoot.numrecs(b, forkOff);
        int maxKeys = BmdrRoot.maxrecs(size, false);
        BtreeScan scan = BtreeScan.bmbt(c, ino, (blk, off, w) -> record(blk, off, "xfs_bmbt", w),
                (blk, off) -> key(BmbtRec.startoff(BmbtRec.hi(blk, off))));
        for (int i = 0; i < n; i++) {
            int keyOff = forkOff + BmdrRoot.HDR_LEN + i * BmbtOps.KEY_LEN;
            long ptr = BigEndian.u64(b, forkOff + BmdrRoot.HDR_LEN + maxKeys * BmbtOps.KEY_LEN + i * BmbtOps.PTR_LEN);
            scan.child(ptr, level - 1, Arrays.copyOfRange(b, keyOff, keyOff + BmbtOps.KEY_LEN), "xfs_inode", where);
        }
        scan.finish();
        return new Result(maps, scan.records(), dataBlocks + scan.blocks());
    }

    private static byte[] key(long startoff) {
        byte[] k = new byte[BmbtOps.KEY_LEN];
        BigEndian.putU64(k, 0, startoff);
        return k;
    }

    /** Ports the per-record checks of process_bmbt_reclist_int. */
    private void record(byte[] b, int off, String structure, String w) {
        BmbtIrec irec = BmbtRec.unpack(b, off);
        String why = BmbtRec.validate(c.geo, fork, irec);
        if (why != null) {
            c.findings.add(structure, w, "inode " + ino + " " + fork + " fork extent [" + irec.startoff() + ", "
                    + irec.startblock() + ", " + irec.blockcount() + "]: " + why);
            maps.add(irec);
            return;
        }
        if (irec.startoff() < nextOff) {
            c.findings.add(structure, w, "inode " + ino + " " + fork + " fork extent at offset " + irec.startoff()
                    + " overlaps or is out of order with the previous one (ends at " + nextOff + ")");
        }
        nextOff = irec.startoff() + irec.blockcount();
        maps.add(irec);
        dataBlocks += irec.blockcount();
        c.blocks.claimFsb(irec.startblock(), irec.blockcount(), Owner.DATA, structure,
                structure.equals("xfs_inode") ? w : w + " of inode " + ino);
    }
}
