// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import org.jxfs.core.XfsException;
import org.jxfs.core.buf.BufCache;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.AgflOps;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.AgiOps;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Geometry;

/**
 * The metadata a mount reads before it lets anyone use the image: every AG's AGF, AGI and AGFL (as
 * xfs_initialize_perag_data and the first allocation would), the root block of each AG btree, and the root inode.
 * Each read goes through the structure's verifier, so a damaged structure is refused with its name and address.
 */
final class MountCheck {
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
        }
        RootInodeCheck.verify(mp);
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
