// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jxfs.core.XfsException;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.Agfl;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.Cksum;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.DiskTimestamp;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.LogRecHeader;
import org.jxfs.core.format.Sb;

/**
 * Writes a new filesystem's metadata from an {@link MkfsPlan}: what xfs_mkfs.c's main does after the geometry is
 * settled (initialise_ag_headers via libxfs_ag_init_headers, the log via libxfs_log_clear, the root inode chunk and
 * root directory via the proto code). Only metadata is written; the rest of the image is whatever the (discarded,
 * sparse) file holds, i.e. zeros.
 */
final class MkfsWriter {
    /** XFS_DIR2_SF_HDR size with 4-byte inode numbers and no entries: an empty short-form directory. */
    static final int EMPTY_SF_DIR_SIZE = 6;
    /** Inodes mkfs allocates in the root chunk: root directory, realtime bitmap, realtime summary. */
    static final int INODES_USED = 3;
    /** Mode of the root directory (S_IFDIR | 0755). */
    static final int ROOT_MODE = Dinode.S_IFDIR | 0755;
    /** Mode of the realtime bitmap and summary inodes (S_IFREG, no permissions). */
    static final int RT_MODE = Dinode.S_IFREG;
    /** di_changecount mkfs leaves on the inodes it creates. */
    static final long NEW_INODE_CHANGECOUNT = 2;
    /** XFS_REFC_CRC_MAGIC 'R3FC': refcount btree block. */
    static final int REFC_MAGIC = BtreeBlock.REFC_CRC_MAGIC;

    private final MkfsPlan plan;
    private final Geometry geo;
    private final BlockDevice dev;
    private final byte[] uuid;
    private final long nowSec;
    private final long nowNsec;

    MkfsWriter(MkfsPlan plan, BlockDevice dev, long nowMillis) {
        this.plan = plan;
        this.geo = plan.geometry();
        this.dev = dev;
        this.uuid = uuidBytes(plan.uuid());
        this.nowSec = Math.floorDiv(nowMillis, 1000);
        this.nowNsec = Math.floorMod(nowMillis, 1000) * 1_000_000L;
    }

    static byte[] uuidBytes(UUID u) {
        return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits())
                .array();
    }

    /** Writes everything: AG headers and roots, the root inode chunk, the log; the primary superblock last. */
    void write() throws XfsException {
        long fdblocks = 0;
        List<AgContents> layouts = new ArrayList<>();
        for (int agno = 0; agno < plan.agcount(); agno++) {
            AgContents l = AgContents.of(plan, agno);
            layouts.add(l);
            fdblocks += l.freeblks() + l.agflBlocks().length;
        }
        for (AgContents l : layouts) {
            writeAg(l);
        }
        writeRootChunk(layouts.get(0).chunkAgbno());
        writeLog();
        byte[] sb = superblock(fdblocks);
        // Secondary superblocks first, the primary last, so an interrupted mkfs leaves no valid primary.
        for (int agno = plan.agcount() - 1; agno >= 0; agno--) {
            dev.write(Geometry.bbToB(geo.agHeaderDaddr(agno, 0)), sb, 0, sb.length);
        }
        dev.flush();
    }

    private byte[] superblock(long fdblocks) {
        byte[] b = new byte[plan.sectsize()];
        Sb sb = new Sb(b);
        sb.setMagicnum(Sb.MAGIC);
        sb.setBlocksize(plan.blocksize());
        sb.setDblocks(plan.dblocks());
        sb.setUuid(uuid);
        sb.setLogstart(plan.logstart());
        sb.setRootino(plan.rootino());
        sb.setRbmino(plan.rbmino());
        sb.setRsumino(plan.rsumino());
        sb.setRextsize(plan.rextsize());
        sb.setAgblocks(plan.agblocks());
        sb.setAgcount(plan.agcount());
        sb.setLogblocks(plan.logblocks());
        sb.setVersionnum(plan.versionnum());
        sb.setSectsize(plan.sectsize());
        sb.setInodesize(plan.inodesize());
        sb.setInopblock(plan.inopblock());
        sb.setFname(plan.label() == null ? new byte[0] : plan.label().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sb.setBlocklog(plan.blocklog());
        sb.setSectlog(plan.sectlog());
        sb.setInodelog(plan.inodelog());
        sb.setInopblog(plan.inopblog());
        sb.setAgblklog(plan.agblklog());
        sb.setImaxPct(plan.imaxPct());
        sb.setIcount(Geometry.INODES_PER_CHUNK);
        sb.setIfree(Geometry.INODES_PER_CHUNK - INODES_USED);
        sb.setFdblocks(fdblocks);
        sb.setInoalignmt(plan.inoalignmt());
        sb.setDirblklog(plan.dirblklog());
        if (plan.logsectsize() != Geometry.BBSIZE) {
            sb.setLogsectlog(plan.logsectlog());
            sb.setLogsectsize(plan.logsectsize());
        }
        sb.setLogsunit(plan.logsunit());
        sb.setFeatures2(plan.features2());
        sb.setBadFeatures2(plan.features2());
        sb.setFeaturesCompat(plan.featuresCompat());
        sb.setFeaturesRoCompat(plan.featuresRoCompat());
        sb.setFeaturesIncompat(plan.featuresIncompat());
        sb.setFeaturesLogIncompat(plan.featuresLogIncompat());
        sb.setSpinoAlign(plan.sparse() ? plan.spinoAlign() : 0);
        sb.updateCrc(plan.sectsize());
        return b;
    }

    private void writeAg(AgContents l) throws XfsException {
        int agno = l.agno();
        int sect = plan.sectsize();
        // AGF
        byte[] agfb = new byte[sect];
        Agf agf = new Agf(agfb);
        agf.setMagicnum(Agf.MAGIC);
        agf.setVersionnum(Agf.VERSION);
        agf.setSeqno(agno);
        agf.setLength(l.length());
        agf.setRoots(Agf.BTNUM_BNO, plan.bnoRootAgbno());
        agf.setRoots(Agf.BTNUM_CNT, plan.cntRootAgbno());
        agf.setLevels(Agf.BTNUM_BNO, 1);
        agf.setLevels(Agf.BTNUM_CNT, 1);
        int nfl = l.agflBlocks().length;
        // mkfs leaves slot 0 unused: the AGFL is initialised empty (fllast = last slot) and then refilled.
        agf.setFlfirst(nfl == 0 ? 0 : 1);
        agf.setFllast(nfl == 0 ? Agfl.size(sect) - 1 : nfl);
        agf.setFlcount(nfl);
        agf.setFreeblks(l.freeblks());
        agf.setLongest(l.longest());
        agf.setUuid(uuid);
        if (plan.reflink()) {
            agf.setRefcountRoot(plan.refcountRootAgbno());
            agf.setRefcountLevel(1);
            agf.setRefcountBlocks(1);
        }
        Cksum.update(agfb, 0, sect, Agf.OFF_CRC);
        dev.write(Geometry.bbToB(geo.agHeaderDaddr(agno, Agf.SECTOR)), agfb, 0, sect);

        // AGFL
        byte[] aflb = new byte[sect];
        Agfl agfl = new Agfl(aflb);
        agfl.setMagicnum(Agfl.MAGIC);
        agfl.setSeqno(agno);
        agfl.setUuid(uuid);
        for (int i = 0; i < Agfl.size(sect); i++) {
            agfl.setBno(i, Geometry.NULLAGBLOCK);
        }
        for (int i = 0; i < nfl; i++) {
            agfl.setBno(i + 1, l.agflBlocks()[i]);
        }
        Cksum.update(aflb, 0, sect, Agfl.OFF_CRC);
        dev.write(Geometry.bbToB(geo.agHeaderDaddr(agno, Agfl.SECTOR)), aflb, 0, sect);

        // AGI
        byte[] agib = new byte[sect];
        Agi agi = new Agi(agib);
        agi.setMagicnum(Agi.MAGIC);
        agi.setVersionnum(Agi.VERSION);
        agi.setSeqno(agno);
        agi.setLength(l.length());
        agi.setRoot(plan.inoRootAgbno());
        agi.setLevel(1);
        boolean hasChunk = l.chunkAgbno() >= 0;
        long chunkAgino = hasChunk ? l.chunkAgbno() << plan.inopblog() : Geometry.NULLAGINO;
        agi.setCount(hasChunk ? Geometry.INODES_PER_CHUNK : 0);
        agi.setFreecount(hasChunk ? Geometry.INODES_PER_CHUNK - INODES_USED : 0);
        agi.setNewino(chunkAgino);
        agi.setDirino(Geometry.NULLAGINO);
        for (int i = 0; i < Agi.UNLINKED_BUCKETS; i++) {
            agi.setUnlinked(i, Geometry.NULLAGINO);
        }
        agi.setUuid(uuid);
        if (plan.finobt()) {
            agi.setFreeRoot(plan.finoRootAgbno());
            agi.setFreeLevel(1);
            if (plan.inobtcount()) {
                agi.setIblocks(1);
                agi.setFblocks(1);
            }
        }
        Cksum.update(agib, 0, sect, Agi.OFF_CRC);
        dev.write(Geometry.bbToB(geo.agHeaderDaddr(agno, Agi.SECTOR)), agib, 0, sect);

        // Free-space btree roots: one leaf each.
        List<long[]> byCnt = new ArrayList<>(l.free());
        byCnt.sort((a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[0], b[0]));
        writeAllocRoot(agno, plan.bnoRootAgbno(), BtreeBlock.ABTB_CRC_MAGIC, l.free());
        writeAllocRoot(agno, plan.cntRootAgbno(), BtreeBlock.ABTC_CRC_MAGIC, byCnt);
        writeInobtRoot(agno, plan.inoRootAgbno(), BtreeBlock.IBT_CRC_MAGIC, chunkAgino);
        if (plan.finobt()) {
            writeInobtRoot(agno, plan.finoRootAgbno(), BtreeBlock.FIBT_CRC_MAGIC, chunkAgino);
        }
        if (plan.reflink()) {
            byte[] b = new byte[plan.blocksize()];
            BtreeBlock.initShort(b, REFC_MAGIC, 0, 0, geo.agbToDaddr(agno, plan.refcountRootAgbno()), uuid, agno);
            writeShortBlock(agno, plan.refcountRootAgbno(), b);
        }
    }

    private void writeAllocRoot(int agno, long agbno, int magic, List<long[]> recs) throws XfsException {
        byte[] b = new byte[plan.blocksize()];
        BtreeBlock.initShort(b, magic, 0, recs.size(), geo.agbToDaddr(agno, agbno), uuid, agno);
        int off = BtreeBlock.SHORT_HDR_LEN;
        for (long[] r : recs) {
            BigEndian.putU32(b, off, r[0]);
            BigEndian.putU32(b, off + 4, r[1]);
            off += 8;
        }
        writeShortBlock(agno, agbno, b);
    }

    private void writeInobtRoot(int agno, long agbno, int magic, long chunkAgino) throws XfsException {
        byte[] b = new byte[plan.blocksize()];
        boolean rec = chunkAgino != Geometry.NULLAGINO;
        BtreeBlock.initShort(b, magic, 0, rec ? 1 : 0, geo.agbToDaddr(agno, agbno), uuid, agno);
        if (rec) {
            int off = BtreeBlock.SHORT_HDR_LEN;
            int freecount = Geometry.INODES_PER_CHUNK - INODES_USED;
            BigEndian.putU32(b, off, chunkAgino);
            if (plan.sparse()) {
                BigEndian.putU16(b, off + 4, 0); // ir_holemask: no holes
                BigEndian.putU8(b, off + 6, Geometry.INODES_PER_CHUNK); // ir_count
                BigEndian.putU8(b, off + 7, freecount);
            } else {
                BigEndian.putU32(b, off + 4, freecount);
            }
            BigEndian.putU64(b, off + 8, -1L << INODES_USED); // ir_free: 1 = free
        }
        writeShortBlock(agno, agbno, b);
    }

    private void writeShortBlock(int agno, long agbno, byte[] b) throws XfsException {
        Cksum.update(b, 0, b.length, BtreeBlock.OFF_S_CRC);
        dev.write(Geometry.bbToB(geo.agbToDaddr(agno, agbno)), b, 0, b.length);
    }

    /** The root chunk: 64 initialised inodes (xfs_ialloc_inode_init), then root dir, rbmino and rsumino. */
    private void writeRootChunk(long chunkAgbno) throws XfsException {
        int chunkBlocks = Math.max(1, Geometry.INODES_PER_CHUNK >> plan.inopblog());
        byte[] b = new byte[(int) geo.fsbToB(chunkBlocks)];
        long firstIno = plan.rootino();
        int isize = plan.inodesize();
        for (int i = 0; i < Geometry.INODES_PER_CHUNK; i++) {
            Dinode.initEmpty(b, i * isize, isize, firstIno + i, uuid, 0);
        }
        initInode(b, (int) (plan.rootino() - firstIno) * isize, plan.rootino(), ROOT_MODE,
                Dinode.FMT_LOCAL, 2, EMPTY_SF_DIR_SIZE, 0);
        // Short-form root directory: no entries, parent is itself.
        int fork = (int) (plan.rootino() - firstIno) * isize + Dinode.dataForkOffset();
        BigEndian.putU8(b, fork, 0);
        BigEndian.putU8(b, fork + 1, 0);
        BigEndian.putU32(b, fork + 2, plan.rootino());
        initInode(b, (int) (plan.rbmino() - firstIno) * isize, plan.rbmino(), RT_MODE, Dinode.FMT_EXTENTS, 1, 0,
                Dinode.DIFLAG_NEWRTBM);
        initInode(b, (int) (plan.rsumino() - firstIno) * isize, plan.rsumino(), RT_MODE, Dinode.FMT_EXTENTS, 1, 0,
                0);
        for (int i = 0; i < Geometry.INODES_PER_CHUNK; i++) {
            Dinode.updateCrc(b, i * isize, isize);
        }
        dev.write(Geometry.bbToB(geo.agbToDaddr(0, chunkAgbno)), b, 0, b.length);
    }

    private void initInode(byte[] b, int off, long ino, int mode, int format, int nlink, long size, int flags) {
        Dinode d = new Dinode(b, off);
        d.setMode(mode);
        d.setFormat(format);
        d.setNlink(nlink);
        d.setSize(size);
        d.setAformat(Dinode.FMT_EXTENTS);
        d.setFlags(flags);
        boolean bigtime = plan.bigtime();
        d.setTime(Dinode.OFF_ATIME, DiskTimestamp.encode(bigtime, 0, 0));
        long now = DiskTimestamp.encode(bigtime, nowSec, nowNsec);
        d.setTime(Dinode.OFF_MTIME, now);
        d.setTime(Dinode.OFF_CTIME, now);
        d.setTime(Dinode.OFF_CRTIME, now);
        d.setChangecount(NEW_INODE_CHANGECOUNT);
        d.setFlags2(bigtime ? Dinode.DIFLAG2_BIGTIME : 0);
    }

    /** Ports libxfs_log_clear: a record header and an unmount record at the start, cycle 1; the rest stays zero. */
    private void writeLog() throws XfsException {
        byte[] two = new byte[2 * LogRecHeader.HEADER_SIZE];
        LogRecHeader.writeCleanLog(two, uuid, LogRecHeader.INIT_CYCLE);
        long daddr = geo.logDaddr();
        dev.write(Geometry.bbToB(daddr), two, 0, two.length);
    }
}
