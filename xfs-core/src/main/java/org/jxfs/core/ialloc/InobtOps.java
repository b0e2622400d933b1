// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.ialloc;

import static org.jxfs.core.format.BigEndian.u32;

import org.jxfs.core.XfsException;
import org.jxfs.core.alloc.Alloc;
import org.jxfs.core.alloc.AllocArg;
import org.jxfs.core.alloc.AllocType;
import org.jxfs.core.btree.Btree;
import org.jxfs.core.btree.BtreeBlockAllocator;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.btree.BtreeOps;
import org.jxfs.core.btree.KeyField;
import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.AgMetadataMap;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * The inode btrees (xfs_ialloc_btree.c): the inobt indexes every inode chunk of an AG by its first inode, the
 * finobt only the chunks with a free inode, so that allocation finds one without scanning. Both store
 * {@link InobtRec} records keyed by startino, rooted in the AGI. Their blocks come from the free-space allocator
 * (unlike the free-space btrees, which use the AGFL), and with the inobtcount feature agi_iblocks / agi_fblocks
 * count them exactly.
 */
public final class InobtOps extends BtreeOps {
    public static final InobtOps INOBT = new InobtOps(false);
    public static final InobtOps FINOBT = new InobtOps(true);

    private final boolean finobt;

    private InobtOps(boolean finobt) {
        this.finobt = finobt;
    }

    public boolean isFinobt() {
        return finobt;
    }

    /**
     * Ports xfs_inobt_init_cursor: a cursor on this tree of AG {@code agno}, whose locked AGI buffer is
     * {@code agbp}; the height comes from agi_level or agi_free_level.
     */
    public BtreeCursor initCursor(Trans tp, Mount mp, XfsBuf agbp, int agno) {
        Agi agi = new Agi(agbp.data());
        int levels = (int) (finobt ? agi.freeLevel() : agi.level());
        return BtreeCursor.forAg(tp, mp.geometry(), mp.metaUuid(), this, agno, agbp, new BlockAlloc(mp), levels);
    }

    /** Sets the cursor's search record (cur->bc_rec.i) to the whole record {@code rec}. */
    public static void setRec(BtreeCursor cur, InobtRec rec, boolean sparse) {
        rec.encode(cur.rec(), 0, sparse);
    }

    /** Sets only the search key (startino), for lookups. */
    public static void setKey(BtreeCursor cur, long startino) {
        new InobtRec(startino, 0, Geometry.INODES_PER_CHUNK, 0, 0).encode(cur.rec(), 0, false);
    }

    /** Ports xfs_inobt_get_rec: the record under the cursor, or null when off either end. */
    public static InobtRec getRec(BtreeCursor cur, boolean sparse) {
        int off = Btree.getRec(cur);
        return off < 0 ? null : InobtRec.decode(cur.buf(0).data(), off, sparse);
    }

    /** Ports xfs_inobt_update: rewrites the record under the cursor. */
    public static void update(BtreeCursor cur, InobtRec rec, boolean sparse) throws XfsException {
        Btree.update(cur, rec.toBytes(sparse));
    }

    // ---- BtreeOps ----

    @Override
    public String name() {
        return finobt ? "finobt" : "inobt";
    }

    @Override
    public int magic() {
        return finobt ? BtreeBlock.FIBT_CRC_MAGIC : BtreeBlock.IBT_CRC_MAGIC;
    }

    @Override
    public boolean longPtrs() {
        return false;
    }

    @Override
    public int recLen() {
        return InobtRec.REC_LEN;
    }

    @Override
    public int keyLen() {
        return InobtRec.KEY_LEN;
    }

    @Override
    public BufOps bufOps() {
        return finobt ? BtreeBlockOps.FINOBT : BtreeBlockOps.INOBT;
    }

    /** Ports xfs_inobt_maxlevels: enough levels for a record per chunk of the largest possible AG. */
    @Override
    public int maxLevels(Geometry geo) {
        int space = geo.blocksize - blockLen();
        int[] minrecs = {space / InobtRec.REC_LEN / 2, space / (InobtRec.KEY_LEN + ptrLen()) / 2};
        return Btree.computeMaxLevels(minrecs, (1L << geo.aginoBits()) / Geometry.INODES_PER_CHUNK);
    }

    /** Ports xfs_inobt_init_key_from_rec: the key is the startino. */
    @Override
    public void initKeyFromRec(byte[] key, int keyOff, byte[] rec, int recOff) {
        System.arraycopy(rec, recOff + InobtRec.OFF_STARTINO, key, keyOff, InobtRec.KEY_LEN);
    }

    /** Ports xfs_inobt_key_diff. */
    @Override
    public long keyDiff(BtreeCursor cur, byte[] key, int off) {
        return u32(key, off) - u32(cur.rec(), InobtRec.OFF_STARTINO);
    }

    /** The key is startino, at the same place in records and keys. */
    @Override
    public KeyField[] recKeyFields() {
        return FIELDS;
    }

    @Override
    public KeyField[] keyFields() {
        return FIELDS;
    }

    private static final KeyField[] FIELDS = {KeyField.u32(InobtRec.OFF_STARTINO)};

    /** Ports xfs_inobt_diff_two_keys. */
    @Override
    public long diffTwoKeys(byte[] k1, int off1, byte[] k2, int off2) {
        return u32(k1, off1) - u32(k2, off2);
    }

    /** Ports xfs_inobt_recs_inorder: chunks do not overlap. */
    @Override
    public boolean recsInorder(byte[] r1, int off1, byte[] r2, int off2) {
        return u32(r1, off1) + Geometry.INODES_PER_CHUNK <= u32(r2, off2);
    }

    /** Ports xfs_inobt_init_ptr_from_cur / xfs_finobt_init_ptr_from_cur. */
    @Override
    public long initPtrFromCur(BtreeCursor cur) {
        Agi agi = new Agi(cur.agbp().data());
        return finobt ? agi.freeRoot() : agi.root();
    }

    /** Ports xfs_inobt_set_root / xfs_finobt_set_root: logged as XFS_AGI_ROOT|LEVEL or FREE_ROOT|FREE_LEVEL. */
    @Override
    public void setRoot(BtreeCursor cur, long ptr, int levelChange) {
        XfsBuf agbp = cur.agbp();
        Agi agi = new Agi(agbp.data());
        if (finobt) {
            agi.setFreeRoot(ptr);
            agi.setFreeLevel(agi.freeLevel() + levelChange);
            cur.trans().logBuf(agbp, Agi.OFF_FREE_ROOT, Agi.OFF_IBLOCKS - 1);
        } else {
            agi.setRoot(ptr);
            agi.setLevel(agi.level() + levelChange);
            cur.trans().logBuf(agbp, Agi.OFF_ROOT, Agi.OFF_FREECOUNT - 1);
        }
    }

    /** Ports xfs_inobt_mod_blockcount: with inobtcount, agi_iblocks / agi_fblocks track the tree's size. */
    void modBlockcount(BtreeCursor cur, Mount mp, int howmuch) {
        if (!mp.features().inobtcount()) {
            return;
        }
        XfsBuf agbp = cur.agbp();
        Agi agi = new Agi(agbp.data());
        if (finobt) {
            agi.setFblocks(agi.fblocks() + howmuch);
        } else {
            agi.setIblocks(agi.iblocks() + howmuch);
        }
        cur.trans().logBuf(agbp, Agi.OFF_IBLOCKS, Agi.OFF_FBLOCKS + 3);
    }

    /** Where inode btree blocks come from: the free-space allocator, not the AGFL. */
    private final class BlockAlloc implements BtreeBlockAllocator {
        private final Mount mp;

        BlockAlloc(Mount mp) {
            this.mp = mp;
        }

        /**
         * Ports xfs_inobt_alloc_block: one block near the hint (the old root or the block being split), from the
         * free-space btrees, so an inode allocation can grow the tree without touching the AGFL reserve.
         */
        @Override
        public long allocBlock(BtreeCursor cur, long hintPtr) throws XfsException {
            AllocArg args = new AllocArg(cur.trans(), mp);
            args.tp = cur.trans();
            args.mp = mp;
            args.fsbno = mp.geometry().agbToFsb(cur.agno(), hintPtr);
            args.agno = cur.agno();
            args.agbno = hintPtr;
            args.minlen = 1;
            args.maxlen = 1;
            args.prod = 1;
            args.alignment = 1;
            args.type = AllocType.NEAR_BNO;
            args.metadata = metadataKind(cur);
            Alloc.vextent(args);
            if (args.fsbno == Geometry.NULLFSBLOCK) {
                return BtreeBlock.NULL_SHORT_PTR;
            }
            assert args.len == 1;
            assert mp.geometry().fsbToAgno(args.fsbno) == cur.agno() : "inobt block allocated in another AG";
            modBlockcount(cur, mp, 1);
            return mp.geometry().fsbToAgbno(args.fsbno);
        }

        /** Ports xfs_inobt_free_block: the block goes back to free space (xfs_free_extent_later, done now). */
        @Override
        public void freeBlock(BtreeCursor cur, long ptr) throws XfsException {
            modBlockcount(cur, mp, -1);
            Alloc.freeExtent(cur.trans(), mp.geometry().agbToFsb(cur.agno(), ptr), 1, metadataKind(cur));
        }

        private static AgMetadataMap.Kind metadataKind(BtreeCursor cur) {
            return ((InobtOps) cur.ops()).finobt ? AgMetadataMap.Kind.FREE_INODE_BTREE
                    : AgMetadataMap.Kind.INODE_BTREE;
        }
    }
}
