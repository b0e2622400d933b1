// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.jxfs.core.format.BigEndian.u64;

import java.util.Arrays;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.alloc.AllocArg;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.inode.IncoreFork;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeLog;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/**
 * struct xfs_ifork for the data fork (xfs_inode_fork.c): the in-core extent tree of every mapping, and in BTREE
 * format the in-core bmbt root ({@link IforkBroot}). The format, the extent count and the block count live in the
 * inode ({@code ip.format}, {@code ip.nextents}, {@code ip.nblocks}, the kernel's if_format, if_nextents and
 * i_nblocks); {@code ip.nextents} always equals the tree's count once the fork is loaded.
 *
 * <p>The fork is read once (xfs_iformat_data_fork + xfs_iread_extents) and then attached to the inode
 * ({@link Inode#dataForkIncore}); from then on it is the truth and the literal-area bytes are only its encoding, made
 * again by {@link #flush} whenever the inode is written (xfs_iflush_fork), whoever logged it.
 */
public final class Ifork extends IforkBroot implements IncoreFork {
    /** The bmbt cursor given back by the last caller ({@link #releaseCursor}), or null. */
    private BtreeCursor spareCursor;
    /** The allocation request given back by the last data allocation ({@link #releaseAllocArg}), or null. */
    private AllocArg spareAllocArg;
    private final Mount mp;
    private final Inode ip;
    private final IextTree iext = new IextTree();
    /**
     * i_delayed_blks: data blocks of this fork held by delayed allocations (in-core only, never on disk). The kernel
     * keeps it in struct xfs_inode; here the in-core fork is the bmap layer's per-inode state.
     */
    long delayedBlks;

    private Ifork(Mount mp, Inode ip) {
        this.mp = mp;
        this.ip = ip;
    }

    /**
     * Ports xfs_iformat_data_fork + xfs_iread_extents: the inode's in-core data fork, read from the literal area
     * (and for BTREE format from every bmbt leaf) the first time it is asked for. Every record is validated
     * (xfs_bmap_validate_extent) and must come after the previous one, because everything above trusts the map.
     */
    public static Ifork get(Mount mp, Inode ip) throws XfsException {
        Object att = ip.dataForkIncore;
        if (att instanceof Ifork f) {
            return f;
        }
        synchronized (ip) {
            if (ip.dataForkIncore instanceof Ifork f) {
                return f;
            }
            Ifork f = new Ifork(mp, ip);
            switch (ip.format) {
                case Dinode.FMT_EXTENTS -> f.formatExtents();
                case Dinode.FMT_BTREE -> f.formatBtree();
                case Dinode.FMT_LOCAL -> {
                    // Short-form directories and symlinks: no extents, nothing to map.
                }
                default -> throw new FsCorruptedException("inode " + ip.ino + ": data fork format " + ip.format
                        + " has no extent map");
            }
            ip.dataForkIncore = f;
            return f;
        }
    }

    /** The attached fork, or null if nobody has read it yet. */
    public static Ifork peek(Inode ip) {
        return ip.dataForkIncore instanceof Ifork f ? f : null;
    }

    public Inode inode() {
        return ip;
    }

    public Mount mount() {
        return mp;
    }

    public IextTree iext() {
        return iext;
    }

    /** i_delayed_blks: data blocks reserved by delayed allocations and not yet allocated. */
    public long delayedBlks() {
        return delayedBlks;
    }

    /** if_format (Dinode.FMT_*). */
    public int format() {
        return ip.format;
    }

    public boolean isBtree() {
        return ip.format == Dinode.FMT_BTREE;
    }

    /** if_nextents. */
    public long nextents() {
        return ip.nextents;
    }

    /** XFS_IFORK_MAXEXT: how many records the fork holds in EXTENTS format (12 with forkoff 24, 21 without). */
    public int maxExtents() {
        return ip.dataForkSize() / BmbtRec.SIZE;
    }

    /** xfs_bmap_needs_btree: an EXTENTS fork with more records than fit in the inode. */
    boolean needsBtree() {
        return ip.format == Dinode.FMT_EXTENTS && ip.nextents > maxExtents();
    }

    /** xfs_bmap_wants_extents: a BTREE fork whose records fit in the inode again. */
    boolean wantsExtents() {
        return ip.format == Dinode.FMT_BTREE && ip.nextents <= maxExtents();
    }

    @Override
    protected int forkSize() {
        return ip.dataForkSize();
    }

    /** The root logs as the inode does: the fork is re-encoded when the inode is written. */
    @Override
    public void log(Trans tp, int flags) {
        InodeLog.log(tp, mp, ip);
    }

    /**
     * Ports xfs_bmbt_init_cursor for this fork, with the bmap layer's block allocator. The cursor the last caller
     * gave back ({@link #releaseCursor}) is made anew rather than built, as the kernel takes its cursors from a
     * kmem cache; only a caller holding the ilock exclusively takes or gives it, so it has one user at a time.
     */
    BtreeCursor cursor(Trans tp, BmbtAlloc alloc) {
        assert isBtree();
        BtreeCursor c = spareCursor;
        if (c != null && ip.ilock.isWriteLockedByCurrentThread()) {
            spareCursor = null;
            c.reuseForInode(tp, alloc);
            return c;
        }
        return BmbtOps.DATA.initCursor(tp, mp.geometry(), mp.metaUuid(), ip.ino, this, alloc);
    }

    /**
     * A new allocation request for a data allocation in {@code tp}: the one the last allocation gave back
     * ({@link #releaseAllocArg}) made new, under the exclusive ilock as with the cursor, else a new one.
     */
    AllocArg allocArg(Trans tp) {
        AllocArg a = spareAllocArg;
        if (a != null && ip.ilock.isWriteLockedByCurrentThread()) {
            spareAllocArg = null;
            return a.reset(tp, mp);
        }
        return new AllocArg(tp, mp);
    }

    /** Keeps {@code a}, whose allocation is over, for the next {@link #allocArg}; the caller must not use it again. */
    void releaseAllocArg(AllocArg a) {
        if (ip.ilock.isWriteLockedByCurrentThread()) {
            a.tp = null;
            spareAllocArg = a;
        }
    }

    /**
     * Ports xfs_btree_del_cursor for a cursor made by {@link #cursor}: it lets go of its path and is kept for the
     * next caller. The caller must not use it afterwards.
     */
    void releaseCursor(BtreeCursor c) {
        if (c != null && ip.ilock.isWriteLockedByCurrentThread()) {
            c.releasePath();
            spareCursor = c;
        }
    }

    /**
     * Logs the inode for its extent map (xfs_trans_log_inode with XFS_ILOG_CORE | XFS_ILOG_DEXT or DBROOT). The
     * fork is encoded into the literal area when the inode is flushed ({@link #flush}), from the in-core map, so
     * logging the inode any other way never writes a stale map either.
     */
    public static void logExtents(Trans tp, Inode ip) {
        InodeLog.log(tp, (Mount) tp.mount(), ip);
    }

    // ---- reading ----

    /** Ports xfs_iformat_extents: the records in the literal area, unpacked and checked. */
    private void formatExtents() throws XfsException {
        long n = ip.nextents;
        if (n > maxExtents()) {
            throw corrupt("EXTENTS fork with " + n + " records, room for " + maxExtents());
        }
        IextCursor cur = new IextCursor();
        long nextOff = 0;
        for (int i = 0; i < n; i++) {
            BmbtIrec irec = BmbtRec.unpack(ip.dataFork, i * BmbtRec.SIZE);
            nextOff = checkRecord(irec, nextOff);
            iext.insert(cur, irec);
            iext.next(cur);
        }
    }

    /**
     * Ports xfs_iformat_btree + xfs_iread_extents: the root from the literal area (xfs_bmdr_to_bmbt), then the leaf
     * level walked along its sibling chain from the leftmost leaf, every record appended to the extent tree.
     */
    private void formatBtree() throws XfsException {
        Geometry geo = mp.geometry();
        int dsize = ip.dataForkSize();
        String why = BmdrRoot.verify(ip.dataFork, 0, dsize, BmbtOps.DATA.maxLevels(geo));
        if (why == null && ip.nextents <= maxExtents()) {
            why = "BTREE fork with only " + ip.nextents + " extents";
        }
        if (why == null && ip.nextents > ip.nblocks) {
            why = "nextents " + ip.nextents + " > nblocks " + ip.nblocks;
        }
        if (why != null) {
            throw corrupt(why);
        }
        int n = BmdrRoot.numrecs(ip.dataFork, 0);
        byte[] broot = new byte[BmdrRoot.brootSpaceCalc(n)];
        BmdrRoot.bmdrToBmbt(ip.dataFork, 0, dsize, broot, broot.length, ip.ino, mp.metaUuid());
        setBroot(broot);
        int level = BtreeBlock.level(broot);
        long ptr = u64(broot, BmdrRoot.brootPtrOff(1, broot.length));
        int nodeMax = BmdrRoot.bmbtMaxrecs(geo.blocksize, false);
        for (int lev = level - 1; lev > 0; lev--) {
            XfsBuf bp = readBlock(ptr, lev);
            ptr = u64(bp.data(), BmdrRoot.BMBT_BLOCK_LEN + nodeMax * BmbtOps.KEY_LEN);
        }
        IextCursor cur = new IextCursor();
        long nextOff = 0;
        long seen = 0;
        while (true) {
            XfsBuf bp = readBlock(ptr, 0);
            byte[] b = bp.data();
            int nr = BtreeBlock.numrecs(b);
            for (int i = 0; i < nr; i++) {
                BmbtIrec irec = BmbtRec.unpack(b, BmdrRoot.BMBT_BLOCK_LEN + i * BmbtRec.SIZE);
                nextOff = checkRecord(irec, nextOff);
                iext.insert(cur, irec);
                iext.next(cur);
                seen++;
            }
            long right = BtreeBlock.lRightsib(b);
            if (right == BtreeBlock.NULL_LONG_PTR) {
                break;
            }
            ptr = right;
        }
        if (seen != ip.nextents) {
            throw corrupt("bmbt holds " + seen + " records, di_nextents " + ip.nextents);
        }
    }

    private XfsBuf readBlock(long fsbno, int level) throws XfsException {
        Geometry geo = mp.geometry();
        if (BmbtRec.verifyFsbno(geo, fsbno) != null) {
            throw corrupt("bmbt pointer " + fsbno + ": " + BmbtRec.verifyFsbno(geo, fsbno));
        }
        XfsBuf bp = mp.bufCache().read(geo.fsbToDaddr(fsbno), geo.blockBb(), BtreeBlockOps.BMBT);
        byte[] b = bp.data();
        if (BtreeBlock.level(b) != level || BtreeBlock.lOwner(b) != ip.ino) {
            throw corrupt("bmbt block " + fsbno + " has level " + BtreeBlock.level(b) + " owner "
                    + BtreeBlock.lOwner(b) + ", expected level " + level);
        }
        return bp;
    }

    private long checkRecord(BmbtIrec irec, long nextOff) throws FsCorruptedException {
        String why = BmbtRec.validate(mp.geometry(), WhichFork.DATA, irec);
        if (why == null && irec.startoff() < nextOff) {
            why = "record at " + irec.startoff() + " overlaps the previous one ending at " + nextOff;
        }
        if (why != null) {
            throw corrupt("bad extent " + describe(irec) + ": " + why);
        }
        checkNotMetadata(irec);
        return irec.endoff();
    }

    /**
     * Beyond xfs_bmap_validate_extent, which without rmapbt cannot tell: an extent over blocks that the AG's own
     * metadata holds (headers, free list, btree blocks, inode chunks, the log) is refused when the fork is read,
     * before anything frees, writes or hands out those blocks through the file.
     */
    private void checkNotMetadata(BmbtIrec irec) throws FsCorruptedException {
        org.jxfs.core.mount.AgMetadataMap map = mp.metadataMap();
        if (map == null || irec.isDelay()) {
            return;
        }
        Geometry geo = mp.geometry();
        map.checkFree(geo.fsbToAgno(irec.startblock()), geo.fsbToAgbno(irec.startblock()), irec.blockcount(),
                () -> "inode " + ip.ino + " data fork extent " + describe(irec));
    }

    /** An extent record as xfs_db prints a bmap record: [startoff,startblock,blockcount,extentflag]. */
    static String describe(BmbtIrec irec) {
        return "[" + irec.startoff() + "," + irec.startblock() + "," + irec.blockcount() + ","
                + (irec.state() == ExtState.NORM ? 0 : 1) + "]";
    }

    private FsCorruptedException corrupt(String why) {
        return new FsCorruptedException("Metadata corruption detected: inode " + ip.ino + " data fork: " + why);
    }

    // ---- writing ----

    /**
     * Ports xfs_iflush_fork for the data fork: EXTENTS packs every real record (xfs_iextents_copy, which skips
     * delayed allocations), BTREE writes the root in its on-disk form (xfs_bmbt_to_bmdr). The rest of the literal
     * area is zeroed.
     */
    @Override
    public void flush(Inode inode) {
        assert inode == ip;
        int dsize = ip.dataForkSize();
        if (ip.dataFork == null || ip.dataFork.length != dsize) {
            ip.dataFork = new byte[dsize];
        }
        switch (ip.format) {
            case Dinode.FMT_EXTENTS -> {
                assert ip.nextents <= maxExtents()
                        : "inode " + ip.ino + ": " + ip.nextents + " extents in EXTENTS format";
                Arrays.fill(ip.dataFork, (byte) 0);
                IextCursor cur = new IextCursor();
                iext.first(cur);
                int off = 0;
                for (BmbtIrec r = iext.getExtent(cur); r != null; r = iext.nextExtent(cur)) {
                    // xfs_iextents_copy: delayed allocations live only in core and are never written.
                    if (r.isDelay()) {
                        continue;
                    }
                    BmbtRec.pack(ip.dataFork, off, r);
                    off += BmbtRec.SIZE;
                }
                assert off == ip.nextents * BmbtRec.SIZE
                        : "inode " + ip.ino + ": " + off / BmbtRec.SIZE + " real extents, nextents " + ip.nextents;
            }
            case Dinode.FMT_BTREE -> {
                Arrays.fill(ip.dataFork, (byte) 0);
                BmdrRoot.bmbtToBmdr(broot(), brootBytes(), ip.dataFork, 0, dsize);
            }
            default -> {
                // LOCAL: the bytes are the fork.
            }
        }
    }
}
