// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.UnsupportedFeatureException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.buf.BufCache;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.AgflOps;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.AgiOps;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Geometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata a mount reads before it lets anyone use the image: every AG's AGF, AGI and AGFL (as
 * xfs_initialize_perag_data and the first allocation would), the root block of each AG btree, and the root inode.
 * Each read goes through the structure's verifier, so a damaged structure is refused with its name and address.
 */
final class MountCheck {
    private static final Logger LOG = LoggerFactory.getLogger(Mount.class);

    private MountCheck() {
    }

    static void verifyAgHeadersAndRoots(Mount mp) throws XfsException {
        Geometry geo = mp.geometry();
        BufCache cache = mp.bufCache();
        int sect = geo.sectorBb();
        for (int agno = 0; agno < geo.agcount; agno++) {
            Agf agf = new Agf(cache.read(geo.agHeaderDaddr(agno, Agf.SECTOR), sect, AgfOps.INSTANCE).data());
            Agi agi = new Agi(cache.read(geo.agHeaderDaddr(agno, Agi.SECTOR), sect, AgiOps.INSTANCE).data());
            cache.read(geo.agHeaderDaddr(agno, Agfl.SECTOR), sect, AgflOps.INSTANCE);
            readRoot(mp, agno, agf.roots(Agf.BTNUM_BNO), BtreeBlockOps.BNOBT);
            readRoot(mp, agno, agf.roots(Agf.BTNUM_CNT), BtreeBlockOps.CNTBT);
            readRoot(mp, agno, agi.root(), BtreeBlockOps.INOBT);
            if (mp.features().finobt()) {
                readRoot(mp, agno, agi.freeRoot(), BtreeBlockOps.FINOBT);
            }
            if (mp.features().reflink()) {
                readRoot(mp, agno, agf.refcountRoot(), BtreeBlockOps.REFCOUNTBT);
            }
        }
        RootInodeCheck.verify(mp);
    }

    /**
     * Ports xfs_check_summary_counts: superblock counters that cannot be right (more free blocks than blocks, more
     * free inodes than inodes, more inodes than the filesystem can address) are replaced by the sums of the AG
     * headers (xfs_initialize_perag_data), with a warning; a lazy-count superblock is trusted otherwise.
     */
    static void checkSummaryCounters(Mount mp) throws XfsException {
        Geometry geo = mp.geometry();
        long maxInodes = (long) geo.agcount << geo.aginoBits();
        // the counters are u64 on disk: compared unsigned, as the kernel compares them (a sb_ifree of 2^64 - 1 is
        // larger than any sb_icount, not -1)
        if (Long.compareUnsigned(mp.fdblocks(), geo.dblocks) <= 0
                && Long.compareUnsigned(mp.icount(), maxInodes) <= 0
                && Long.compareUnsigned(mp.ifree(), mp.icount()) <= 0) {
            return;
        }
        BufCache cache = mp.bufCache();
        int sect = geo.sectorBb();
        long fdblocks = 0;
        long icount = 0;
        long ifree = 0;
        for (int agno = 0; agno < geo.agcount; agno++) {
            Agf agf = new Agf(cache.read(geo.agHeaderDaddr(agno, Agf.SECTOR), sect, AgfOps.INSTANCE).data());
            Agi agi = new Agi(cache.read(geo.agHeaderDaddr(agno, Agi.SECTOR), sect, AgiOps.INSTANCE).data());
            fdblocks += agf.freeblks() + agf.flcount() + agf.btreeblks();
            icount += agi.count();
            ifree += agi.freecount();
        }
        LOG.warn("{}: superblock counters fdblocks {} icount {} ifree {} fail the sanity check; using the AG "
                + "headers' fdblocks {} icount {} ifree {}", mp.device().path(), Long.toUnsignedString(mp.fdblocks()),
                Long.toUnsignedString(mp.icount()), Long.toUnsignedString(mp.ifree()), fdblocks, icount, ifree);
        mp.resetCounters(fdblocks, icount, ifree);
    }

    /**
     * A refcount btree that records shared extents (or CoW staging extents) is one jxfs cannot keep consistent:
     * freeing a shared block would have to decrement its count. Such an image is refused read-write with a message
     * saying so; the empty tree mkfs.xfs makes for reflink=1 is fine.
     */
    static void refuseSharedExtents(Mount mp) throws XfsException {
        if (!mp.features().reflink()) {
            return;
        }
        Geometry geo = mp.geometry();
        for (int agno = 0; agno < geo.agcount; agno++) {
            Agf agf = new Agf(mp.bufCache().read(geo.agHeaderDaddr(agno, Agf.SECTOR), geo.sectorBb(),
                    AgfOps.INSTANCE).data());
            XfsBuf root = mp.bufCache().read(geo.agbToDaddr(agno, agf.refcountRoot()), geo.blockBb(),
                    BtreeBlockOps.REFCOUNTBT);
            if (agf.refcountLevel() != BtreeBlock.level(root.data()) + 1L) {
                throw new FsCorruptedException("Metadata corruption detected: xfs_refcountbt root of AG " + agno
                        + " at daddr 0x" + Long.toHexString(root.daddr()) + ": level " + BtreeBlock.level(root.data())
                        + ", agf_refcount_level " + agf.refcountLevel());
            }
            if (BtreeBlock.level(root.data()) != 0 || BtreeBlock.numrecs(root.data()) != 0) {
                throw new UnsupportedFeatureException(mp.device().path() + ": the refcount btree of AG " + agno
                        + " records shared or copy-on-write extents, which jxfs cannot maintain; open the image"
                        + " read-only");
            }
        }
    }

    private static void readRoot(Mount mp, int agno, long agbno, BtreeBlockOps ops) throws XfsException {
        Geometry geo = mp.geometry();
        if (agbno == 0 || agbno >= geo.agBlockCount(agno)) {
            throw new org.jxfs.core.FsCorruptedException("Metadata corruption detected: " + ops.name()
                    + " root pointer " + agbno + " of AG " + agno + " is outside the AG");
        }
        mp.bufCache().read(geo.agbToDaddr(agno, agbno), geo.blockBb(), ops);
    }
}
