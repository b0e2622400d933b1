// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.db;

import java.util.Locale;
import org.jxfs.bmap.BmbtRec;
import org.jxfs.bmap.BmdrRoot;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.AgiOps;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.InodeGeometry;
import org.jxfs.core.format.Sb;
import org.jxfs.core.ialloc.InobtRec;
import org.jxfs.core.mount.Mount;

/**
 * Ports xfs_db's {@code frag} (db/frag.c, xfsprogs 6.1): walks every AG's inode btree, reads each allocated inode
 * of each chunk and counts, for the forks the options select, the extents a fork has ("actual") and the extents it
 * would have if every extent that follows another in file offset were merged with it ("ideal"; the disk addresses
 * play no part, which is why xfs_db calls the number largely meaningless).
 */
public final class Frag {
    /** frag's fork selection: -a attr forks, -d directories, -f files, -l symlinks, -q quota files, -R realtime
     * bitmap/summary, -r realtime files; none given means all. {@code -v} prints each inode's counts. */
    public record Options(boolean attr, boolean dirs, boolean files, boolean symlinks, boolean quota,
            boolean rtMeta, boolean rtFiles, boolean verbose) {
        /** Ports init's default: no selection means every kind. */
        public Options normalized() {
            if (!attr && !dirs && !files && !symlinks && !quota && !rtMeta && !rtFiles) {
                return new Options(true, true, true, true, true, true, true, verbose);
            }
            return this;
        }
    }

    private static final int DATA_FORK = 0;
    private static final int ATTR_FORK = 1;

    private final Mount mp;
    private final Geometry geo;
    private final InodeGeometry igeo;
    private final Sb sb;
    private final Options opts;
    private final boolean sparse;
    private final StringBuilder out = new StringBuilder();
    private long actual;
    private long ideal;
    /** The fork being counted: where its last extent read ends in the file, its extents and ideal extents. */
    private long prevEnd;
    private long forkEntries;
    private long forkIdeal;

    private Frag(Mount mp, Options opts) {
        this.mp = mp;
        this.geo = mp.geometry();
        this.igeo = mp.inodeGeometry();
        this.sb = mp.sb();
        this.opts = opts.normalized();
        this.sparse = mp.features().sparseInodes();
    }

    /** Ports frag_f: every AG, then the totals. Returns what xfs_db prints. */
    public static String run(Mount mp, Options opts) throws XfsException {
        Frag f = new Frag(mp, opts);
        for (int agno = 0; agno < f.geo.agcount; agno++) {
            f.scanAg(agno);
        }
        double answer = f.actual != 0 ? (double) (f.actual - f.ideal) * 100.0 / (double) f.actual : 0.0;
        f.out.append(String.format(Locale.ROOT, "actual %d, ideal %d, fragmentation factor %.2f%%%n", f.actual,
                f.ideal, answer));
        f.out.append("Note, this number is largely meaningless.\n");
        f.out.append("Files on this filesystem average ").append(cFormatF2((double) f.actual / (double) f.ideal))
                .append(" extents per file\n");
        return f.out.toString();
    }

    /** printf's %.2f, whose NaN (0/0 on x86) prints as "-nan". */
    static String cFormatF2(double v) {
        if (Double.isNaN(v)) {
            return "-nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Ports scan_ag: the inode btree from the AGI's root. */
    private void scanAg(int agno) throws XfsException {
        Agi agi = new Agi(mp.bufCache().read(geo.agHeaderDaddr(agno, Agi.SECTOR), geo.sectorBb(),
                AgiOps.INSTANCE).data());
        scanInobt(agno, agi.root(), (int) agi.level() - 1);
    }

    /** Ports scan_sbtree with scanfunc_ino: depth first; at the leaves each chunk's allocated inodes. */
    private void scanInobt(int agno, long agbno, int level) throws XfsException {
        if (agbno == 0 || agbno >= geo.agBlockCount(agno)) {
            out.append("can't read btree block ").append(agno).append('/').append(agbno).append('\n');
            return;
        }
        BtreeBlockOps ops = BtreeBlockOps.INOBT;
        byte[] b = mp.bufCache().read(geo.agbToDaddr(agno, agbno), geo.blockBb(), ops).data();
        int n = BtreeBlock.numrecs(b);
        if (level > 0) {
            int ptrs = BtreeBlock.SHORT_HDR_LEN + ops.maxRecs(geo.blocksize, false) * ops.keyLen();
            for (int i = 0; i < n; i++) {
                scanInobt(agno, BigEndian.u32(b, ptrs + i * ops.ptrLen()), level - 1);
            }
            return;
        }
        int blksPerBuf = sparse ? igeo.blocksPerCluster : igeo.iallocBlocks;
        int inodesPerBuf = (int) Math.min((long) blksPerBuf << geo.inopblog, Geometry.INODES_PER_CHUNK);
        for (int i = 0; i < n; i++) {
            int off = BtreeBlock.SHORT_HDR_LEN + i * ops.recLen();
            InobtRec rec = InobtRec.decode(b, off, sparse);
            // xfs_inobt_is_sparse_disk reads the holemask half of the record whatever the format.
            int holemask = BigEndian.u16(b, off + InobtRec.OFF_HOLEMASK);
            long chunkAgbno = geo.aginoToAgbno(rec.startino);
            int inoOff = (int) (rec.startino & ((1L << geo.inopblog) - 1));
            long endAgbno = chunkAgbno + igeo.iallocBlocks;
            for (int ioff = 0; chunkAgbno < endAgbno && ioff < Geometry.INODES_PER_CHUNK;
                    chunkAgbno += blksPerBuf, ioff += inodesPerBuf) {
                if ((holemask & (1 << (ioff / InobtRec.INODES_PER_HOLEMASK_BIT))) != 0) {
                    continue;
                }
                // Read around the cache: the mount caches inode buffers by cluster, xfs_db reads whole chunks
                // where inodes are not sparse.
                byte[] ibuf = new byte[blksPerBuf * geo.blocksize];
                mp.bufCache().readUncached(geo.agbToDaddr(agno, chunkAgbno), ibuf);
                for (int j = 0; j < inodesPerBuf; j++) {
                    if ((rec.free >>> (ioff + j) & 1) != 0) {
                        continue;
                    }
                    processInode(agno, rec.startino + ioff + j, new Dinode(ibuf, (inoOff + j) << geo.inodelog));
                }
            }
        }
    }

    /** Ports process_inode: which forks the options count for this inode's type. */
    private void processInode(int agno, long agino, Dinode dip) throws XfsException {
        long ino = geo.aginoToIno(agno, agino);
        boolean skipd;
        switch (dip.mode() & Dinode.S_IFMT) {
            case Dinode.S_IFDIR -> skipd = !opts.dirs();
            case Dinode.S_IFREG -> {
                if (!opts.rtFiles() && (dip.flags() & Dinode.DIFLAG_REALTIME) != 0) {
                    skipd = true;
                } else if (!opts.rtMeta() && (ino == sb.rbmino() || ino == sb.rsumino())) {
                    skipd = true;
                } else if (!opts.quota() && (ino == sb.uquotino() || ino == sb.gquotino() || ino == sb.pquotino())) {
                    skipd = true;
                } else {
                    skipd = !opts.files();
                }
            }
            case Dinode.S_IFLNK -> skipd = !opts.symlinks();
            default -> skipd = true;
        }
        long actualBefore = actual;
        long idealBefore = ideal;
        if (!skipd) {
            processFork(dip, DATA_FORK);
        }
        boolean skipa = !opts.attr() || dip.forkoff() == 0;
        if (!skipa) {
            processFork(dip, ATTR_FORK);
        }
        if (opts.verbose() && (!skipd || !skipa)) {
            out.append("inode ").append(ino).append(" actual ").append(actual - actualBefore).append(" ideal ")
                    .append(ideal - idealBefore).append('\n');
        }
    }

    /** Ports process_fork and extmap_ideal: the fork's extents in order, a new "ideal" extent at each gap. */
    private void processFork(Dinode dip, int whichfork) throws XfsException {
        long nex = whichfork == DATA_FORK ? dip.dataExtents() : dip.attrExtents();
        if (nex == 0) {
            return;
        }
        forkEntries = 0;
        forkIdeal = 0;
        int forkOff = dip.base() + (whichfork == DATA_FORK ? Dinode.dataForkOffset() : dip.attrForkOffset());
        int format = whichfork == DATA_FORK ? dip.format() : dip.aformat();
        if (format == Dinode.FMT_EXTENTS) {
            processRecs(dip.buffer(), forkOff, nex);
        } else if (format == Dinode.FMT_BTREE) {
            int forkSize = whichfork == DATA_FORK ? dip.dataForkSize(geo.inodesize) : dip.attrForkSize(geo.inodesize);
            processBtinode(dip.buffer(), forkOff, forkSize, whichfork == DATA_FORK ? "bmapbtd" : "bmapbta");
        }
        actual += forkEntries;
        ideal += forkIdeal;
    }

    /** Ports process_bmbt_reclist with extmap_set_ext and extmap_ideal's comparison. */
    private void processRecs(byte[] b, int off, long nrecs) {
        for (long i = 0; i < nrecs; i++, off += BmbtRec.SIZE) {
            long hi = BigEndian.u64(b, off);
            long lo = BigEndian.u64(b, off + 8);
            long startoff = BmbtRec.startoff(hi);
            long count = BmbtRec.blockcount(lo);
            if (forkEntries == 0 || startoff != prevEnd) {
                forkIdeal++;
            }
            forkEntries++;
            prevEnd = startoff + count;
        }
    }

    /** Ports process_btinode: the bmdr root in the inode, then scan_lbtree below it. */
    private void processBtinode(byte[] b, int off, int forkSize, String type) throws XfsException {
        int level = BigEndian.u16(b, off);
        int n = BigEndian.u16(b, off + 2);
        if (level == 0) {
            processRecs(b, off + BmdrRoot.HDR_LEN, n);
            return;
        }
        int ptrs = off + BmdrRoot.HDR_LEN + BmdrRoot.maxrecs(forkSize, false) * BtreeBlockOps.BMBT.keyLen();
        for (int i = 0; i < n; i++) {
            scanBmbt(BigEndian.u64(b, ptrs + i * BtreeBlockOps.BMBT.ptrLen()), level - 1, type);
        }
    }

    /** Ports scan_lbtree with scanfunc_bmap. */
    private void scanBmbt(long fsbno, int level, String type) throws XfsException {
        BtreeBlockOps ops = BtreeBlockOps.BMBT;
        byte[] b = mp.bufCache().read(geo.fsbToDaddr(fsbno), geo.blockBb(), ops).data();
        int n = BtreeBlock.numrecs(b);
        int leafMax = ops.maxRecs(geo.blocksize, true);
        int nodeMax = ops.maxRecs(geo.blocksize, false);
        if (level == 0) {
            if (n > leafMax) {
                out.append("invalid numrecs (").append(n).append(") in ").append(type).append(" block\n");
                return;
            }
            processRecs(b, BtreeBlock.LONG_HDR_LEN, n);
            return;
        }
        if (n > nodeMax) {
            out.append("invalid numrecs (").append(n).append(") in ").append(type).append(" block\n");
            return;
        }
        int ptrs = BtreeBlock.LONG_HDR_LEN + leafMax * ops.keyLen();
        for (int i = 0; i < n; i++) {
            scanBmbt(BigEndian.u64(b, ptrs + i * ops.ptrLen()), level - 1, type);
        }
    }
}
