// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.UnsupportedFeatureException;
import org.jxfs.core.XfsException;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BufLogFormat;
import org.jxfs.core.format.BufLogType;
import org.jxfs.core.format.Cksum;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.IcreateLogFormat;
import org.jxfs.core.format.InodeLogFormat;
import org.jxfs.core.format.LogBmbtRoot;
import org.jxfs.core.format.LogDinode;
import org.jxfs.core.format.LogItemType;

/**
 * Ports xlog_do_log_recovery's two passes over the committed transactions of a dirty log: pass 1 collects the
 * buffer cancels (xlog_recover_buf_commit_pass1), pass 2 replays each transaction in commit order with its items
 * reordered as xlog_recover_reorder_trans does (buffers and ICREATE first, then inodes, then inode-unlink buffers,
 * cancels last) under the kernel's LSN rules: a buffer is skipped when its on-disk LSN is at or past the
 * transaction's, an inode when its di_lsn is past it. Replayed blocks are stamped with the transaction's LSN and
 * get their CRCs recomputed, then all are written and flushed.
 *
 * <p>Extent-free intents (EFI) whose done item (EFD) is not in the log are returned for the mount to finish, as
 * xlog_recover_process_intents does; any other intent or item type jxfs does not maintain (quota, rmap, refcount,
 * bmap, attr, exchange intents) refuses the recovery before anything is written.
 */
public final class LogRecover {
    private final BlockDevice dev;
    private final Geometry geo;
    private final byte[] metaUuid;
    private final int clusterBb;
    /** Blocks read and changed by the replay, by disk address, in first-touch order. */
    private final Map<Long, byte[]> blocks = new LinkedHashMap<>();
    /**
     * Per replayed block: its LSN as found on disk (what every LSN check compares with; the kernel writes replayed
     * buffers between LSNs, so a check never sees a stamp of the same LSN) and the LSN of the last transaction
     * replayed into it (stamped, with a new CRC, when the block is written out).
     */
    private final Map<Long, long[]> lsns = new HashMap<>();
    /** xlog buffer cancel table: (daddr, BB) -> cancels still ahead in the log. */
    private final Map<Long, Integer> cancels = new HashMap<>();
    /** Extent-free intents without their done item: id -> the EFI's format region. */
    private final Map<Long, byte[]> efis = new LinkedHashMap<>();
    public int buffersReplayed, buffersSkipped, inodesReplayed, inodesSkipped, icreates, cancelled;

    private LogRecover(BlockDevice dev, Geometry geo, byte[] metaUuid, int clusterBb) {
        this.dev = dev;
        this.geo = geo;
        this.metaUuid = metaUuid;
        this.clusterBb = clusterBb;
    }

    /**
     * Replays {@code txs} (commit order) onto the device and flushes it. Returns the recovery with its counts and
     * unfinished EFIs ({@link #pendingExtentFrees}). Throws before writing anything when an item type is not one
     * jxfs replays.
     */
    public static LogRecover replay(BlockDevice dev, Geometry geo, byte[] metaUuid, int clusterBb,
            List<LogTransaction> txs) throws XfsException {
        LogRecover r = new LogRecover(dev, geo, metaUuid, clusterBb);
        r.checkTypes(txs);
        r.pass1(txs);
        for (LogTransaction t : txs) {
            r.pass2(t);
        }
        for (Map.Entry<Long, byte[]> e : r.blocks.entrySet()) {
            r.writeOut(e.getKey(), e.getValue());
        }
        dev.flush();
        return r;
    }

    /** The extents of EFIs whose EFD never reached the log, as {fsbno, len} pairs, to be freed after replay. */
    public List<long[]> pendingExtentFrees() {
        List<long[]> out = new ArrayList<>();
        for (byte[] efi : efis.values()) {
            int n = (int) BigEndian.le32(efi, EFI_OFF_NEXTENTS);
            for (int i = 0; i < n; i++) {
                int at = EFI_OFF_EXTENTS + i * EFI_EXTENT_SIZE;
                out.add(new long[] {BigEndian.le64(efi, at), BigEndian.le32(efi, at + 8)});
            }
        }
        return out;
    }

    /** xfs_efi_log_format: type, size, efi_nextents (u32), efi_id (u64), then {u64 start, u32 len, u32 pad}. */
    static final int EFI_OFF_NEXTENTS = 4, EFI_OFF_ID = 8, EFI_OFF_EXTENTS = 16, EFI_EXTENT_SIZE = 16;
    /** xfs_efd_log_format: type, size, efd_nextents, efd_efi_id at 8. */
    static final int EFD_OFF_EFI_ID = 8;

    private void checkTypes(List<LogTransaction> txs) throws UnsupportedFeatureException {
        for (LogTransaction t : txs) {
            for (int i = 0; i < t.items.size(); i++) {
                int type = t.type(i);
                boolean ok = type == LogItemType.BUF || type == LogItemType.INODE || type == LogItemType.ICREATE
                        || type == LogItemType.EFI || type == LogItemType.EFD;
                if (type == LogItemType.BUF) {
                    int flags = BufLogFormat.flags(t.items.get(i).get(0));
                    ok = (flags & (BufLogFormat.FLAG_UDQUOT | BufLogFormat.FLAG_PDQUOT
                            | BufLogFormat.FLAG_GDQUOT)) == 0;
                }
                if (!ok) {
                    throw new UnsupportedFeatureException("the log holds " + LogItemType.name(type)
                            + " items, which jxfs cannot replay: mount the image with the Linux kernel once (it"
                            + " replays the log), unmount it, then use jxfs");
                }
            }
        }
    }

    private static long key(long daddr, int bb) {
        return daddr << 16 | (bb & 0xffff);
    }

    /** Ports xlog_recover_buf_commit_pass1 (and the EFI/EFD pairing of pass 2, done here once). */
    private void pass1(List<LogTransaction> txs) {
        for (LogTransaction t : txs) {
            for (int i = 0; i < t.items.size(); i++) {
                byte[] f = t.items.get(i).get(0);
                switch (t.type(i)) {
                    case LogItemType.BUF -> {
                        if ((BufLogFormat.flags(f) & BufLogFormat.FLAG_CANCEL) != 0) {
                            cancels.merge(key(BufLogFormat.blkno(f), BufLogFormat.len(f)), 1, Integer::sum);
                        }
                    }
                    case LogItemType.EFI -> efis.put(BigEndian.le64(f, EFI_OFF_ID), f);
                    case LogItemType.EFD -> efis.remove(BigEndian.le64(f, EFD_OFF_EFI_ID));
                    default -> {
                    }
                }
            }
        }
    }

    private boolean isCancelled(long daddr, int bb) {
        return cancels.containsKey(key(daddr, bb));
    }

    /** Ports xlog_recover_commit_trans's pass 2 with the item order of xlog_recover_reorder_trans. */
    private void pass2(LogTransaction t) throws XfsException {
        List<List<byte[]>> bufs = new ArrayList<>();
        List<List<byte[]>> inodes = new ArrayList<>();
        List<List<byte[]>> inodeBufs = new ArrayList<>();
        List<List<byte[]>> cancelList = new ArrayList<>();
        for (int i = 0; i < t.items.size(); i++) {
            List<byte[]> item = t.items.get(i);
            switch (t.type(i)) {
                case LogItemType.BUF -> {
                    int flags = BufLogFormat.flags(item.get(0));
                    if ((flags & BufLogFormat.FLAG_CANCEL) != 0) {
                        cancelList.add(item);
                    } else if ((flags & BufLogFormat.FLAG_INODE_BUF) != 0) {
                        inodeBufs.add(item);
                    } else {
                        bufs.add(item);
                    }
                }
                case LogItemType.ICREATE -> bufs.add(item);
                case LogItemType.INODE -> inodes.add(item);
                default -> {
                }
            }
        }
        for (List<byte[]> item : bufs) {
            if (BigEndian.le16(item.get(0), 0) == LogItemType.ICREATE) {
                icreate(item.get(0));
            } else {
                buffer(item, t.lsn);
            }
        }
        for (List<byte[]> item : inodes) {
            inode(item, t.lsn);
        }
        for (List<byte[]> item : inodeBufs) {
            buffer(item, t.lsn);
        }
        for (List<byte[]> item : cancelList) {
            byte[] f = item.get(0);
            long k = key(BufLogFormat.blkno(f), BufLogFormat.len(f));
            cancels.computeIfPresent(k, (kk, n) -> n == 1 ? null : n - 1);
            cancelled++;
        }
    }

    private byte[] block(long daddr, int bb) throws XfsException {
        byte[] b = blocks.get(daddr);
        if (b != null && b.length == bb << Geometry.BBSHIFT) {
            return b;
        }
        if (b != null) {
            // a block replayed with another length before (freed and reused): write that one out first
            writeOut(daddr, b);
            blocks.remove(daddr);
        }
        b = new byte[bb << Geometry.BBSHIFT];
        dev.read(daddr << Geometry.BBSHIFT, b, 0, b.length);
        blocks.put(daddr, b);
        int lsnOff = BufLogType.lsnOffset(b);
        lsns.put(daddr, new long[] {lsnOff >= 0 ? BigEndian.u64(b, lsnOff) : 0, 0});
        return b;
    }

    /**
     * Writes a replayed block: a buffer replayed by a buffer item gets the LSN of the last one and a new CRC, as
     * the write verifier of its type does (xlog_recover_validate_buf_type sets li_lsn).
     */
    private void writeOut(long daddr, byte[] b) throws XfsException {
        long[] l = lsns.remove(daddr);
        if (l != null && l[1] != 0) {
            int crcOff = BufLogType.crcOffset(b);
            if (crcOff >= 0) {
                int lsnOff = BufLogType.lsnOffset(b);
                if (lsnOff >= 0) {
                    BigEndian.putU64(b, lsnOff, l[1]);
                }
                Cksum.update(b, 0, b.length, crcOff);
            }
        }
        dev.write(daddr << Geometry.BBSHIFT, b, 0, b.length);
    }

    /** Ports xlog_recover_buf_commit_pass2 for a regular or inode-unlink buffer. */
    private void buffer(List<byte[]> item, long lsn) throws XfsException {
        byte[] f = item.get(0);
        long daddr = BufLogFormat.blkno(f);
        int bb = BufLogFormat.len(f);
        if (isCancelled(daddr, bb)) {
            cancelled++;
            return;
        }
        byte[] b = block(daddr, bb);
        long[] l = lsns.get(daddr);
        long diskLsn = l[0];
        if (diskLsn != 0 && diskLsn != -1 && Long.compareUnsigned(diskLsn, lsn) >= 0) {
            buffersSkipped++;
            return;
        }
        l[1] = lsn;
        if ((BufLogFormat.flags(f) & BufLogFormat.FLAG_INODE_BUF) != 0) {
            inodeBuffer(item, b);
            buffersReplayed++;
            return;
        }
        int chunks = b.length >> BufLogFormat.CHUNK_SHIFT;
        int region = 1;
        for (int bit = 0; bit < chunks;) {
            if (!BufLogFormat.chunkSet(f, bit)) {
                bit++;
                continue;
            }
            int nbits = 1;
            while (bit + nbits < chunks && BufLogFormat.chunkSet(f, bit + nbits)) {
                nbits++;
            }
            if (region >= item.size()) {
                throw new FsCorruptedException("log buffer item for daddr 0x" + Long.toHexString(daddr)
                        + " has fewer regions than its map");
            }
            byte[] data = item.get(region++);
            if (data.length < nbits << BufLogFormat.CHUNK_SHIFT) {
                nbits = data.length >> BufLogFormat.CHUNK_SHIFT;
            }
            System.arraycopy(data, 0, b, bit << BufLogFormat.CHUNK_SHIFT, nbits << BufLogFormat.CHUNK_SHIFT);
            bit += Math.max(nbits, 1);
        }
        buffersReplayed++;
    }

    /** Ports xlog_recover_do_inode_buffer: only each logged di_next_unlinked is copied, and its inode's CRC fixed. */
    private void inodeBuffer(List<byte[]> item, byte[] b) {
        byte[] f = item.get(0);
        int chunks = b.length >> BufLogFormat.CHUNK_SHIFT;
        int region = 0;
        int regOff = 0;
        int regBytes = 0;
        int bit = 0;
        int nbits = 0;
        for (int i = 0; i < b.length >> geo.inodelog; i++) {
            int nextOff = (i << geo.inodelog) + Dinode.OFF_NEXT_UNLINKED;
            while (nextOff >= regOff + regBytes) {
                bit += nbits;
                while (bit < chunks && !BufLogFormat.chunkSet(f, bit)) {
                    bit++;
                }
                if (bit >= chunks) {
                    return;
                }
                nbits = 1;
                while (bit + nbits < chunks && BufLogFormat.chunkSet(f, bit + nbits)) {
                    nbits++;
                }
                regOff = bit << BufLogFormat.CHUNK_SHIFT;
                regBytes = nbits << BufLogFormat.CHUNK_SHIFT;
                region++;
            }
            if (nextOff < regOff || region >= item.size()) {
                continue;
            }
            System.arraycopy(item.get(region), nextOff - regOff, b, nextOff, 4);
            Dinode.updateCrc(b, i << geo.inodelog, geo.inodesize);
        }
    }

    /** Ports xlog_recover_do_icreate_pass2: the chunk is initialised again unless a cluster was cancelled. */
    private void icreate(byte[] f) throws XfsException {
        long agno = IcreateLogFormat.agno(f);
        long agbno = IcreateLogFormat.agbno(f);
        long count = IcreateLogFormat.count(f);
        long length = IcreateLogFormat.length(f);
        if (agno >= geo.agcount || agbno == 0 || agbno >= geo.agblocks || IcreateLogFormat.isize(f) != geo.inodesize
                || count >> geo.inopblog != length) {
            throw new FsCorruptedException("bad ICREATE log item: agno " + agno + " agbno " + agbno + " count "
                    + count + " length " + length);
        }
        long clusterBlocks = Math.max(1, geo.bbToFsbt(clusterBb));
        for (long b = agbno; b < agbno + length; b += clusterBlocks) {
            if (isCancelled(geo.agbToDaddr((int) agno, b), clusterBb)) {
                cancelled++;
                return;
            }
        }
        for (long b = agbno; b < agbno + length; b += clusterBlocks) {
            byte[] buf = block(geo.agbToDaddr((int) agno, b), clusterBb);
            long firstIno = geo.aginoToIno((int) agno, geo.agbToAgino(b));
            for (int i = 0; (i << geo.inodelog) < buf.length; i++) {
                int off = i << geo.inodelog;
                Dinode.initEmpty(buf, off, geo.inodesize, firstIno + i, metaUuid, IcreateLogFormat.gen(f));
                Dinode.updateCrc(buf, off, geo.inodesize);
            }
        }
        icreates++;
    }

    /** Ports xlog_recover_inode_commit_pass2. */
    private void inode(List<byte[]> item, long lsn) throws XfsException {
        byte[] f = item.get(0);
        long blkno = InodeLogFormat.blkno(f);
        int len = InodeLogFormat.len(f);
        long ino = InodeLogFormat.ino(f);
        if (isCancelled(blkno, len)) {
            cancelled++;
            return;
        }
        if (item.size() < 2 || item.get(1).length < LogDinode.SIZE) {
            throw new FsCorruptedException("log inode item for inode " + ino + " has no v3 core");
        }
        byte[] b = block(blkno, len);
        int off = InodeLogFormat.boffset(f);
        if (BigEndian.u16(b, off) != Dinode.MAGIC) {
            throw new FsCorruptedException("log recovery: inode " + ino + " at daddr 0x" + Long.toHexString(blkno)
                    + " offset " + off + ": bad inode magic number");
        }
        byte[] core = item.get(1);
        if (BigEndian.le16(core, Dinode.OFF_MAGIC) != Dinode.MAGIC) {
            throw new FsCorruptedException("log recovery: logged inode " + ino + ": bad log dinode magic");
        }
        long diskLsn = BigEndian.u64(b, off + Dinode.OFF_LSN);
        if (diskLsn != 0 && diskLsn != -1 && Long.compareUnsigned(diskLsn, lsn) > 0) {
            inodesSkipped++;
            return;
        }
        LogDinode.toDisk(core, b, off, lsn);
        int fields = InodeLogFormat.fields(f);
        Dinode d = new Dinode(b, off);
        int dforkOff = off + Dinode.CORE_SIZE;
        int dforkSize = d.dataForkSize(geo.inodesize);
        int next = 2;
        if ((fields & InodeLogFormat.DFORK) != 0 && next < item.size()) {
            byte[] data = item.get(next++);
            if ((fields & InodeLogFormat.DBROOT) != 0) {
                LogBmbtRoot.toDisk(data, InodeLogFormat.dsize(f), b, dforkOff, dforkSize);
            } else {
                System.arraycopy(data, 0, b, dforkOff, Math.min(data.length, dforkSize));
            }
        }
        if ((fields & InodeLogFormat.DEV) != 0) {
            BigEndian.putU32(b, dforkOff, InodeLogFormat.rdev(f));
        }
        if ((fields & InodeLogFormat.AFORK) != 0 && next < item.size() && d.forkoff() != 0) {
            byte[] data = item.get(next);
            int aOff = off + d.attrForkOffset();
            int aSize = d.attrForkSize(geo.inodesize);
            if ((fields & InodeLogFormat.ABROOT) != 0) {
                LogBmbtRoot.toDisk(data, InodeLogFormat.asize(f), b, aOff, aSize);
            } else {
                System.arraycopy(data, 0, b, aOff, Math.min(data.length, aSize));
            }
        }
        Dinode.updateCrc(b, off, geo.inodesize);
        inodesReplayed++;
    }
}
