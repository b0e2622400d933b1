// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u64;

import org.jxfs.core.btree.BtreeBlockAllocator;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.btree.BtreeOps;
import org.jxfs.core.btree.KeyField;
import org.jxfs.core.btree.InodeRoot;
import org.jxfs.core.buf.BufOps;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.trans.Trans;

/**
 * xfs_bmbt_ops (xfs_bmap_btree.c): the adapter that makes the generic engine a bmap btree, the per-inode tree
 * that maps file offsets to disk blocks once a fork has more extents than its literal area holds. Records are the
 * packed 128-bit extent records (16 bytes), ordered and keyed by startoff (u64 key); pointers are packed fsblocks
 * (u64), blocks are long-form ('BMA3') and owned by the inode, and the root lives in the inode fork, so the
 * engine takes it from the cursor's {@link InodeRoot}.
 *
 * <p>Blocks come from the cursor's {@link BtreeBlockAllocator}: the bmap layer's one allocates near the inode
 * through the allocator (xfs_bmbt_alloc_block) and counts them in di_nblocks, which is why the engine does not.
 *
 * <p>The record fields are decoded here with two small helpers over the big-endian words; they are to switch to
 * BmbtRec (the packed record flyweight) once that lands.
 */
public final class BmbtOps extends BtreeOps {
    /** sizeof(xfs_bmbt_rec_t). */
    public static final int REC_LEN = 16;
    /** sizeof(xfs_bmbt_key_t): br_startoff. */
    public static final int KEY_LEN = 8;
    /** sizeof(xfs_bmbt_ptr_t): a packed fsblock. */
    public static final int PTR_LEN = 8;
    /** Bits below startoff in the record's first word (the upper 9 bits of startblock). */
    private static final int STARTOFF_SHIFT = 9;
    /** BMBT_STARTOFF_BITLEN. */
    private static final int STARTOFF_BITLEN = 54;
    private static final long STARTOFF_MASK = (1L << STARTOFF_BITLEN) - 1;
    /** BMBT_BLOCKCOUNT_BITLEN: blockcount is the low 21 bits of the second word. */
    private static final long BLOCKCOUNT_MASK = (1L << 21) - 1;
    /** XFS_MAX_EXTCNT_DATA_FORK_SMALL: a data fork's extent limit without the large-extent-counts feature. */
    public static final long MAX_EXTCNT_DATA_FORK = (1L << 31) - 1;
    /** XFS_MAX_EXTCNT_ATTR_FORK_SMALL. */
    public static final long MAX_EXTCNT_ATTR_FORK = (1L << 15) - 1;

    /** The data fork's bmbt. */
    public static final BmbtOps DATA = new BmbtOps(true);
    /** The attr fork's bmbt. */
    public static final BmbtOps ATTR = new BmbtOps(false);

    private final boolean dataFork;

    private BmbtOps(boolean dataFork) {
        this.dataFork = dataFork;
    }

    /**
     * Ports xfs_bmbt_init_cursor: a cursor on the bmbt of inode {@code ino} whose fork holds {@code root}. The
     * height comes from the root's level.
     */
    public BtreeCursor initCursor(Trans tp, Geometry geo, byte[] metaUuid, long ino, InodeRoot root,
            BtreeBlockAllocator alloc) {
        return BtreeCursor.forInode(tp, geo, metaUuid, this, ino, root, alloc);
    }

    /** br_startoff of the packed record at {@code rec[off..]} (xfs_bmbt_disk_get_startoff). */
    static long recStartoff(byte[] rec, int off) {
        return (u64(rec, off) >>> STARTOFF_SHIFT) & STARTOFF_MASK;
    }

    /** br_blockcount of the packed record at {@code rec[off..]} (xfs_bmbt_disk_get_blockcount). */
    static long recBlockcount(byte[] rec, int off) {
        return u64(rec, off + 8) & BLOCKCOUNT_MASK;
    }

    @Override
    public String name() {
        return dataFork ? "bmbt" : "bmbt(attr)";
    }

    @Override
    public int magic() {
        return BtreeBlock.BMAP_CRC_MAGIC;
    }

    @Override
    public boolean longPtrs() {
        return true;
    }

    @Override
    public boolean rootInInode() {
        return true;
    }

    @Override
    public int recLen() {
        return REC_LEN;
    }

    @Override
    public int keyLen() {
        return KEY_LEN;
    }

    @Override
    public int ptrLen() {
        return PTR_LEN;
    }

    @Override
    public BufOps bufOps() {
        return BtreeBlockOps.BMBT;
    }

    /**
     * Ports xfs_bmap_compute_maxlevels (m_bm_maxlevels): the tallest tree holding the fork's extent limit with
     * every block at minrecs, where the level under the root stops growing once the root in the inode, which is
     * at least MINDBTPTRS (MINABTPTRS) entries wide, can point at all of its blocks. It depends on the block size
     * alone; the last answer is kept (the kernel computes it once per mount), as every delayed allocation asks.
     */
    @Override
    public int maxLevels(Geometry geo) {
        long memo = maxLevelsMemo;
        if (memo >>> 8 == geo.blocksize) {
            return (int) (memo & 0xff);
        }
        int levels = computeMaxLevels(geo);
        maxLevelsMemo = (long) geo.blocksize << 8 | levels;
        return levels;
    }

    /** The last {@link #maxLevels}: the block size above the low byte, the levels in it (0: none yet). */
    private volatile long maxLevelsMemo;

    private int computeMaxLevels(Geometry geo) {
        long maxleafents = dataFork ? MAX_EXTCNT_DATA_FORK : MAX_EXTCNT_ATTR_FORK;
        int sz = BmdrRoot.bmdrSpaceCalc(dataFork ? BmdrRoot.MINDBTPTRS : BmdrRoot.MINABTPTRS);
        int maxrootrecs = BmdrRoot.maxrecs(sz, false);
        int minleafrecs = BmdrRoot.bmbtMinrecs(geo.blocksize, true);
        int minnoderecs = BmdrRoot.bmbtMinrecs(geo.blocksize, false);
        long maxblocks = (maxleafents + minleafrecs - 1) / minleafrecs;
        int level;
        for (level = 1; maxblocks > 1; level++) {
            maxblocks = maxblocks <= maxrootrecs ? 1 : (maxblocks + minnoderecs - 1) / minnoderecs;
        }
        return level;
    }

    /** Ports xfs_bmbt_get_maxrecs for blocks on disk (m_bmap_dmxr); the engine asks the fork about the root. */
    @Override
    public int maxRecs(BtreeCursor cur, int level) {
        return BmdrRoot.bmbtMaxrecs(cur.geometry().blocksize, level == 0);
    }

    /** Ports xfs_bmbt_get_minrecs for blocks on disk (m_bmap_dmnr). */
    @Override
    public int minRecs(BtreeCursor cur, int level) {
        return BmdrRoot.bmbtMinrecs(cur.geometry().blocksize, level == 0);
    }

    /** Ports xfs_bmbt_init_key_from_rec: the key of an extent is its startoff. */
    @Override
    public void initKeyFromRec(byte[] key, int keyOff, byte[] rec, int recOff) {
        putU64(key, keyOff, recStartoff(rec, recOff));
    }

    /** Ports xfs_bmbt_key_diff: startoffs are 54 bits, so the signed difference cannot overflow. */
    @Override
    public long keyDiff(BtreeCursor cur, byte[] key, int off) {
        return u64(key, off) - recStartoff(cur.rec(), 0);
    }

    /** The key of a record is its startoff, read from the packed record in place. */
    @Override
    public long recKeyDiff(BtreeCursor cur, byte[] rec, int recOff) {
        return recStartoff(rec, recOff) - recStartoff(cur.rec(), 0);
    }

    /** The startoff bits of the packed record, as {@link #recKeyDiff} reads them. */
    @Override
    public KeyField[] recKeyFields() {
        return REC_FIELDS;
    }

    /** The u64 startoff key, as {@link #keyDiff} reads it. */
    @Override
    public KeyField[] keyFields() {
        return KEY_FIELDS;
    }

    private static final KeyField[] REC_FIELDS = {KeyField.bitsOfU64(0, STARTOFF_SHIFT, STARTOFF_BITLEN)};
    private static final KeyField[] KEY_FIELDS = {KeyField.u64(0)};

    /** Ports xfs_bmbt_diff_two_keys: compares as unsigned, so an all-ones key sorts last. */
    @Override
    public long diffTwoKeys(byte[] k1, int off1, byte[] k2, int off2) {
        return Long.signum(Long.compareUnsigned(u64(k1, off1), u64(k2, off2)));
    }

    /** Ports xfs_bmbt_recs_inorder: r1 ends at or before r2 starts (extents never overlap). */
    @Override
    public boolean recsInorder(byte[] r1, int off1, byte[] r2, int off2) {
        return recStartoff(r1, off1) + recBlockcount(r1, off1) <= recStartoff(r2, off2);
    }

    /** Ports xfs_bmbt_init_ptr_from_cur: no root pointer, the root is in the inode. */
    @Override
    public long initPtrFromCur(BtreeCursor cur) {
        return 0;
    }

    /** The bmbt has no set_root: its root never leaves the inode. */
    @Override
    public void setRoot(BtreeCursor cur, long ptr, int levelChange) {
        throw new UnsupportedOperationException("the bmbt root stays in the inode");
    }
}
