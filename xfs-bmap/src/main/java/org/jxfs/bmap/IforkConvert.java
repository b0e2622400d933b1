// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u64;

import org.jxfs.core.NoSpaceException;
import org.jxfs.core.XfsException;
import org.jxfs.core.alloc.Alloc;
import org.jxfs.core.alloc.AllocArg;
import org.jxfs.core.alloc.AllocType;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.Inode;

/**
 * The data fork's format changes (xfs_bmap.c): EXTENTS to BTREE when the records outgrow the inode's literal area,
 * and back when they fit again. The in-core extent tree is the same in both formats; only where the records live
 * on disk changes.
 */
final class IforkConvert {
    private IforkConvert() {
    }

    /**
     * Ports xfs_bmap_extents_to_btree. The root in the inode becomes a level-1 node with one entry pointing at a new
     * leaf holding every record. The leaf goes near the inode (6.18: xfs_alloc_vextent_start_ag at
     * XFS_INO_TO_FSB), in no AG below one the transaction holds; it must succeed because the caller has already
     * changed the extent tree.
     */
    static void extentsToBtree(Bmalloca bma) throws XfsException {
        Ifork ifp = bma.ifp;
        Inode ip = bma.ip;
        Geometry geo = bma.mp.geometry();
        assert ifp.format() == Dinode.FMT_EXTENTS && bma.cur == null;
        ifp.realloc(1);
        byte[] broot = ifp.broot();
        BtreeBlock.initLong(broot, BtreeBlock.BMAP_CRC_MAGIC, 1, 1, XfsBuf.DADDR_NULL, bma.mp.metaUuid(), ip.ino);
        ip.format = Dinode.FMT_BTREE;

        AllocArg args = new AllocArg(bma.tp, bma.mp);
        args.type = AllocType.START_BNO;
        args.fsbno = Bmalloca.startAgTarget(bma, geo.inoToFsb(ip.ino));
        args.minlen = args.maxlen = args.prod = 1;
        args.wasdel = bma.wasdel;
        Alloc.vextent(args);
        if (args.fsbno == Geometry.NULLFSBLOCK) {
            ifp.realloc(-1);
            ip.format = Dinode.FMT_EXTENTS;
            throw new NoSpaceException("No space left on device: no block for inode " + ip.ino + "'s bmbt leaf");
        }
        assert bma.firstblock == Geometry.NULLFSBLOCK
                || geo.fsbToAgno(args.fsbno) >= geo.fsbToAgno(bma.firstblock);
        bma.firstblock = args.fsbno;
        ip.nblocks++;

        XfsBuf abp = bma.tp.getBuf(geo.fsbToDaddr(args.fsbno), geo.blockBb(), BtreeBlockOps.BMBT);
        byte[] b = abp.data();
        IextTree iext = ifp.iext();
        int cnt = 0;
        IextCursor c = new IextCursor();
        iext.first(c);
        for (BmbtIrec r = iext.getExtent(c); r != null; r = iext.nextExtent(c)) {
            if (r.isRealExtent()) {
                BmbtRec.pack(b, BmdrRoot.BMBT_BLOCK_LEN + cnt * BmbtRec.SIZE, r);
                cnt++;
            }
        }
        assert cnt == ip.nextents : cnt + " records, nextents " + ip.nextents;
        BtreeBlock.initLong(b, BtreeBlock.BMAP_CRC_MAGIC, 0, cnt, abp.daddr(), bma.mp.metaUuid(), ip.ino);
        bma.tp.logBuf(abp, 0, BmdrRoot.BMBT_BLOCK_LEN + cnt * BmbtRec.SIZE - 1);

        broot = ifp.broot();
        putU64(broot, BmdrRoot.brootKeyOff(1), BmbtRec.startoff(BmbtRec.hi(b, BmdrRoot.BMBT_BLOCK_LEN)));
        putU64(broot, BmdrRoot.brootPtrOff(1, broot.length), args.fsbno);
        bma.cur = ifp.cursor(bma.tp, bma.alloc);
        bma.logged = true;
    }

    /**
     * Ports xfs_bmap_btree_to_extents. Only a tree of one leaf under the root can come back into the inode, and
     * that is all a tree can be once its records fit there, because every other leaf would hold at least minrecs.
     * The leaf is freed at commit and its buffer invalidated so it is never written back.
     */
    static void btreeToExtents(Bmalloca bma) throws XfsException {
        Ifork ifp = bma.ifp;
        if (!ifp.wantsExtents()) {
            return;
        }
        Inode ip = bma.ip;
        Geometry geo = bma.mp.geometry();
        byte[] broot = ifp.broot();
        assert BtreeBlock.level(broot) == 1 && BtreeBlock.numrecs(broot) == 1
                : "inode " + ip.ino + ": bmbt root level " + BtreeBlock.level(broot) + " numrecs "
                        + BtreeBlock.numrecs(broot) + " with " + ip.nextents + " extents";
        assert ifp.maxRecs() == 1;
        long cbno = u64(broot, BmdrRoot.brootPtrOff(1, broot.length));
        XfsBuf cbp = bma.tp.readBuf(geo.fsbToDaddr(cbno), geo.blockBb(), BtreeBlockOps.BMBT);
        byte[] cb = cbp.data();
        if (BtreeBlock.level(cb) != 0 || BtreeBlock.lOwner(cb) != ip.ino || BtreeBlock.numrecs(cb) != ip.nextents) {
            throw Bmbt.corrupt(ip.ino, "leaf " + cbno + " under a one-entry root: level " + BtreeBlock.level(cb)
                    + " numrecs " + BtreeBlock.numrecs(cb) + " owner " + BtreeBlock.lOwner(cb));
        }
        DeferredFrees.add(bma.tp, cbno, 1);
        ip.nblocks--;
        bma.tp.binval(cbp);
        bma.cur = null;
        ifp.realloc(-1);
        assert ifp.broot() == null;
        ip.format = Dinode.FMT_EXTENTS;
        bma.logged = true;
    }
}
