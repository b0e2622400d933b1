// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.trans;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.XfsIoException;
import org.jxfs.core.buf.BufCache;
import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BufLogFormat;
import org.jxfs.core.format.BufLogType;
import org.jxfs.core.format.IcreateLogFormat;
import org.jxfs.core.log.LogRegionPool;
import org.jxfs.core.log.LogVector;

/**
 * struct xfs_trans: a unit of metadata change. Buffers are joined (and locked) for the life of the transaction,
 * changes are declared with {@link #logBuf} / logged items, and {@link #commit} logs them together (all or none
 * of them survive a crash).
 * {@link #close} cancels an uncommitted transaction: cancelling a clean one is harmless, cancelling a dirty one
 * shuts the filesystem down, as xfs_trans_cancel does, because its half-made changes are already in the cache.
 *
 * <p>Commit hands the transaction to the write-ahead log's CIL (see {@link org.jxfs.core.log.Xlog}): each logged
 * buffer (with every range logged since it was last written in place), each logged item (inodes), each new inode
 * chunk (ICREATE) and each invalidated buffer (a cancel) becomes a log vector; the checkpoint that later writes them
 * gives each buffer and inode the LSN it carries when the mount writes it in place. A commit is durable once the log
 * is forced (fsync, sync, unmount, or a checkpoint the CIL's size triggers), not when commit returns.
 */
public final class Trans implements AutoCloseable {
    /** Whether commits run each changed buffer's write verifier first ({@link #verifyLoggedBuffers}): with -ea. */
    private static final boolean VERIFY_ON_COMMIT = Trans.class.desiredAssertionStatus();

    private final TransContext mp;
    private final TransResv resv;
    /**
     * The joined buffers in join order (the transaction's buffer log items), with the byte range logged in each
     * ({@code range[2i]} first byte, {@code range[2i+1]} last; first {@code < 0}: joined but not logged). Each
     * joined buffer records its slot ({@link XfsBuf#transSlot}), so join, logBuf and holds need no map: a
     * transaction joins a handful of buffers and this replaced a LinkedHashMap that cost an entry, a range array
     * and hashing per buffer per transaction. The arrays are made at the first join (some transactions join none).
     */
    private XfsBuf[] bufs;
    private int[] range;
    private int nbufs;
    /**
     * The holder (and its slot) each buffer had before this transaction joined it, restored on release: only a
     * nested transaction of the same thread re-joining a buffer its outer transaction holds has one, so these are
     * made on the first such join and are otherwise null.
     */
    private Object[] prevTransp;
    private int[] prevSlot;
    private static final int INITIAL_BUFS = 16;
    /** {@code range[2i]} of an ordered buffer (xfs_trans_ordered_buf): written in place after commit, not logged. */
    private static final int ORDERED = -2;
    /** ICREATE format regions of the inode chunks this transaction initialised. */
    private List<byte[]> icreates;
    /** Logged items and invalidated buffers, made when the first one comes (most transactions have one or none). */
    private List<TransItem> items;
    private List<XfsBuf> invalidated;
    private long blkRes;
    private long blkUsed;
    private long icountDelta;
    private long ifreeDelta;
    private long fdblocksDelta;
    private boolean dirty;
    private boolean done;
    private boolean committed;

    private Trans(TransContext mp, TransResv resv) {
        this.mp = mp;
        this.resv = resv;
    }

    /**
     * Ports xfs_trans_alloc: a new transaction reserving {@code blocks} free blocks up front, so that an operation
     * that started cannot run out of space half-way (-ENOSPC is returned here, before anything changed).
     */
    public static Trans alloc(TransContext mp, TransResv resv, long blocks) throws XfsException {
        return alloc(mp, resv, blocks, false);
    }

    /**
     * {@link #alloc(TransContext, TransResv, long)}; with {@code rsvd} (XFS_TRANS_RESERVE) the blocks may come from
     * the reserve pool when the free space is short, as unwritten extent conversion needs.
     */
    public static Trans alloc(TransContext mp, TransResv resv, long blocks, boolean rsvd) throws XfsException {
        mp.checkShutdown();
        Trans tp = new Trans(mp, resv);
        mp.transBegin();
        try {
            if (blocks > 0) {
                mp.reserveBlocks(blocks, rsvd);
                tp.blkRes = blocks;
            }
        } catch (XfsException | RuntimeException e) {
            mp.transEnd();
            throw e;
        }
        return tp;
    }

    public TransContext mount() {
        return mp;
    }

    public TransResv resv() {
        return resv;
    }

    public BufCache bufCache() {
        return mp.bufCache();
    }

    /** Ports xfs_trans_read_buf: reads (or finds) a buffer, locks it and joins it to this transaction. */
    public XfsBuf readBuf(long daddr, int bbCount, BufOps ops) throws FsCorruptedException, XfsIoException {
        XfsBuf bp = joinedMatch(daddr, bbCount, ops);
        if (bp != null) {
            return bp;
        }
        bp = mp.bufCache().read(daddr, bbCount, ops);
        join(bp);
        return bp;
    }

    /**
     * Ports xfs_trans_buf_item_match: a buffer this transaction already joined for the same block, length and
     * verifier, found without going to the cache (a transaction re-reads its AGF and tree roots many times). A
     * stale or differently typed one is left to the cache, which refuses or replaces it.
     */
    private XfsBuf joinedMatch(long daddr, int bbCount, BufOps ops) {
        for (int i = 0; i < nbufs; i++) {
            XfsBuf bp = bufs[i];
            if (bp.daddr() == daddr) {
                return bp.bbCount() == bbCount && bp.ops() == ops && !bp.stale() ? bp : null;
            }
        }
        return null;
    }

    /** Ports xfs_trans_get_buf: a zeroed, locked, joined buffer for a block being initialised. */
    public XfsBuf getBuf(long daddr, int bbCount, BufOps ops) {
        XfsBuf bp = mp.bufCache().get(daddr, bbCount, ops);
        join(bp);
        return bp;
    }

    /** Ports xfs_trans_bjoin: the buffer stays locked until commit or cancel. */
    public void join(XfsBuf bp) {
        assert !bp.isInCore() : "an in-core root is logged through its inode, not as a buffer";
        if (holds(bp)) {
            return;
        }
        bp.lock();
        attach(bp);
    }

    /**
     * xfs_trans_bjoin of a buffer the caller has just locked itself (xfs_buf_trylock): the transaction takes over
     * that hold instead of taking another.
     */
    public void joinLocked(XfsBuf bp) {
        assert bp.heldByCurrentThread() : "joinLocked of a buffer this thread has not locked";
        if (holds(bp)) {
            bp.unlock();
            return;
        }
        attach(bp);
    }

    private void attach(XfsBuf bp) {
        if (bufs == null) {
            bufs = new XfsBuf[INITIAL_BUFS];
            range = new int[2 * INITIAL_BUFS];
        } else if (nbufs == bufs.length) {
            bufs = Arrays.copyOf(bufs, 2 * nbufs);
            range = Arrays.copyOf(range, 4 * nbufs);
            if (prevTransp != null) {
                prevTransp = Arrays.copyOf(prevTransp, 2 * nbufs);
                prevSlot = Arrays.copyOf(prevSlot, 2 * nbufs);
            }
        }
        int i = nbufs++;
        bufs[i] = bp;
        range[2 * i] = -1;
        Object prev = bp.transp();
        if (prev != null) {
            if (prevTransp == null) {
                prevTransp = new Object[bufs.length];
                prevSlot = new int[bufs.length];
            }
            prevTransp[i] = prev;
            prevSlot[i] = bp.transSlot();
        }
        bp.setTransp(this, i);
    }

    /**
     * True when this transaction holds the buffer (xfs_trans_buf_item_match). Only this thread ever stores this
     * transaction into {@link XfsBuf#transp}, so the unlocked read cannot see it wrongly.
     */
    public boolean holds(XfsBuf bp) {
        return bp.transp() == this;
    }

    /**
     * Ports xfs_trans_brelse: gives back a buffer this transaction joined but did not change (an AGF the allocator
     * looked at and rejected), so other transactions can lock it. A logged or invalidated buffer stays held.
     */
    public void brelse(XfsBuf bp) {
        if (holds(bp) && range[2 * bp.transSlot()] == -1 && (invalidated == null || !invalidated.contains(bp))) {
            int i = bp.transSlot();
            restoreHolder(i);
            // Keep the join order of the others (commit and release walk it), renumbering their slots.
            int tail = nbufs - i - 1;
            System.arraycopy(bufs, i + 1, bufs, i, tail);
            System.arraycopy(range, 2 * i + 2, range, 2 * i, 2 * tail);
            if (prevTransp != null) {
                System.arraycopy(prevTransp, i + 1, prevTransp, i, tail);
                System.arraycopy(prevSlot, i + 1, prevSlot, i, tail);
                prevTransp[nbufs - 1] = null;
            }
            nbufs--;
            bufs[nbufs] = null;
            for (int j = i; j < nbufs; j++) {
                if (bufs[j].transp() == this) {
                    bufs[j].setTransp(this, j);
                }
            }
            if (bp.heldByCurrentThread()) {
                bp.unlock();
            }
        }
    }

    /** Ports xfs_trans_log_buf: bytes {@code [first, last]} of the buffer changed. */
    public void logBuf(XfsBuf bp, int first, int last) {
        assert holds(bp) : "logging a buffer not joined to the transaction: " + bp;
        assert first >= 0 && last < bp.length() && first <= last;
        int i = 2 * bp.transSlot();
        if (range[i] < 0) {
            assert range[i] != ORDERED : "logging an ordered buffer: " + bp;
            range[i] = first;
            range[i + 1] = last;
        } else {
            range[i] = Math.min(range[i], first);
            range[i + 1] = Math.max(range[i + 1], last);
        }
        bp.addLogged(first, last);
        dirty = true;
    }

    /**
     * Ports xfs_trans_ordered_buf: the buffer (a new inode cluster, covered by an ICREATE item) is written in place
     * after the commit like a logged one, but its contents are not logged.
     */
    public void orderedBuf(XfsBuf bp) {
        assert holds(bp) : "ordering a buffer not joined to the transaction: " + bp;
        int i = 2 * bp.transSlot();
        assert range[i] < 0 : "ordering a logged buffer: " + bp;
        range[i] = ORDERED;
        dirty = true;
    }

    /**
     * Ports xfs_icreate_log: {@code count} inodes of {@code isize} bytes in {@code length} blocks at
     * {@code agno}/{@code agbno} were initialised with generation {@code gen}; recovery re-initialises them from this.
     */
    public void logIcreate(int agno, long agbno, int count, int isize, long length, long gen) {
        if (icreates == null) {
            icreates = new ArrayList<>(1);
        }
        icreates.add(IcreateLogFormat.encode(agno, agbno, count, isize, length, gen));
        dirty = true;
    }

    /** Ports xfs_trans_binval: the block was freed; its buffer must not be written back. */
    public void binval(XfsBuf bp) {
        join(bp);
        range[2 * bp.transSlot()] = -1;
        if (invalidated == null) {
            invalidated = new ArrayList<>(2);
        }
        invalidated.add(bp);
        dirty = true;
    }

    /**
     * Adds an item that is not a buffer (an inode) to be written at commit. Returns false when an equal item was
     * already logged in this transaction (which then stays as it is).
     */
    public boolean logItem(TransItem item) {
        dirty = true;
        if (items == null) {
            items = new ArrayList<>(4);
        } else if (items.contains(item)) {
            return false;
        }
        items.add(item);
        return true;
    }

    /** The logged items, in the order they were first logged. */
    public List<TransItem> items() {
        return items == null ? List.of() : items;
    }

    /** Ports xfs_trans_mod_sb for XFS_TRANS_SB_ICOUNT. */
    public void modIcount(long delta) {
        icountDelta += delta;
        dirty = true;
    }

    /** Ports xfs_trans_mod_sb for XFS_TRANS_SB_IFREE. */
    public void modIfree(long delta) {
        ifreeDelta += delta;
        dirty = true;
    }

    /**
     * Ports xfs_trans_mod_sb for XFS_TRANS_SB_FDBLOCKS / RES_FDBLOCKS: a negative delta consumes reservation (an
     * allocation), a positive one frees blocks, which become available only at commit.
     */
    public void modFdblocks(long delta) {
        if (delta < 0) {
            blkUsed += -delta;
            assert blkUsed <= blkRes : "transaction used " + blkUsed + " blocks, reserved " + blkRes;
        } else {
            fdblocksDelta += delta;
        }
        dirty = true;
    }

    /** Blocks still reserved and not used. */
    public long blocksLeft() {
        return blkRes - blkUsed;
    }

    public boolean isDirty() {
        return dirty;
    }

    /**
     * Whether {@link #commit} finished: items see this in {@link TransItem#release} to tell a commit (their changes
     * go to the log's next checkpoint, as xfs_trans_committed_bulk hands them on) from a cancel.
     */
    public boolean isCommitted() {
        return committed;
    }

    /**
     * Ports xfs_trans_commit: writes every logged buffer and item, releases locks, returns unused reservation and
     * applies superblock counter deltas. A failure while writing shuts the filesystem down.
     */
    public void commit() throws XfsException {
        if (done) {
            throw new IllegalStateException("transaction already finished");
        }
        done = true;
        try {
            mp.checkShutdown();
            // By index: an item's write-back may log further items, which are written too.
            for (int i = 0; items != null && i < items.size(); i++) {
                items.get(i).writeBack(this);
            }
            BufCache cache = mp.bufCache();
            if (VERIFY_ON_COMMIT) {
                verifyLoggedBuffers(cache);
            }
            // Everything is logged now (deferred frees changed their buffers above): into the CIL at once.
            long commitSeq = mp.logTransaction(this);
            for (int i = 0; invalidated != null && i < invalidated.size(); i++) {
                cache.invalidate(invalidated.get(i));
            }
            for (int i = 0; i < nbufs; i++) {
                XfsBuf bp = bufs[i];
                if ((range[2 * i] >= 0 || range[2 * i] == ORDERED) && !bp.stale()) {
                    // Delayed write: the buffer goes back to disk at the next writeback (Mount.sync), as the
                    // kernel's xfsaild writes back what the log has made durable.
                    cache.markDirty(bp);
                }
            }
            for (int i = 0; items != null && i < items.size(); i++) {
                items.get(i).committed(commitSeq);
            }
            mp.afterCommit(this);
            // The unused reservation goes back with the free-block delta: one update of the counter.
            mp.applySbDeltas(icountDelta, ifreeDelta, fdblocksDelta + (blkRes - blkUsed));
            committed = true;
        } catch (XfsException | RuntimeException e) {
            mp.shutdown("transaction commit failed: " + e.getMessage());
            throw e;
        } finally {
            releaseAll();
            mp.transEnd();
        }
        mp.transWriteback();
    }

    /**
     * With assertions on (tests, the tools), every buffer this transaction changed is put through its write
     * verifier before anything is logged, so a bad change is caught at the transaction that made it rather than at
     * writeback, where the kernel's xfs_buf_verifier_error finds it ("Corruption of in-memory data detected") and
     * shuts down. Here too it shuts down (commit's catch), and the change never reaches the log. A damaged block
     * read from a hostile image can lead a correct operation there (an insert following a corrupt hash key).
     */
    private void verifyLoggedBuffers(BufCache cache) throws FsCorruptedException {
        for (int i = 0; i < nbufs; i++) {
            XfsBuf bp = bufs[i];
            if ((range[2 * i] >= 0 || range[2 * i] == ORDERED) && !bp.stale()) {
                String why = cache.writeVerifyFailure(bp);
                if (why != null) {
                    throw new FsCorruptedException("Corruption of in-memory data detected: "
                            + (bp.ops() == null ? "metadata" : bp.ops().name()) + " at daddr 0x"
                            + Long.toHexString(bp.daddr()) + " fails its write verifier: " + why);
                }
            }
        }
    }

    /**
     * Ports the formatting half of xlog_cil_insert_items (each item's iop_format): the log vectors of this
     * transaction. A buffer gives every byte logged since it was last written in place, in 128-byte chunks (its
     * dirty map grows with this transaction's range; the CIL charge is this transaction's range alone), then come
     * the ICREATE items, the other logged items (inodes) and the cancels of invalidated buffers. Called once, at
     * commit, with every joined buffer locked.
     */
    public List<LogVector> logItems() {
        List<LogVector> out = new ArrayList<>(nbufs + (items == null ? 0 : items.size()) + 2);
        for (int i = 0; i < nbufs; i++) {
            XfsBuf bp = bufs[i];
            if (range[2 * i] >= 0 && !bp.stale()) {
                int spaceBytes = bufItemSize(bp, range[2 * i], range[2 * i + 1]);
                out.add(LogVector.pooled(bufItem(bp), spaceBytes, bp::raiseLsn));
            }
        }
        for (int i = 0; icreates != null && i < icreates.size(); i++) {
            out.add(LogVector.of(new byte[][] {icreates.get(i)}, null));
        }
        for (int i = 0; items != null && i < items.size(); i++) {
            TransItem item = items.get(i);
            byte[][] regions = item.logRegions();
            if (regions != null) {
                out.add(LogVector.of(regions, item.lsnTarget()));
            }
        }
        for (int i = 0; invalidated != null && i < invalidated.size(); i++) {
            XfsBuf bp = invalidated.get(i);
            out.add(LogVector.of(new byte[][] {BufLogFormat.encodeCancel(bp.daddr(), bp.bbCount(), bp.length())},
                    null));
        }
        return out;
    }

    /** The log space {@link #bufItem} of the same range takes (xfs_buf_item_size), without formatting it. */
    private static int bufItemSize(XfsBuf bp, int first, int last) {
        int fmt = BufLogFormat.size(BufLogFormat.mapWords(bp.length()));
        return LogVector.regionSize(fmt) + LogVector.regionSize(chunksEnd(bp, last) - chunksStart(first));
    }

    /** First byte of the 128-byte chunk holding byte {@code first}. */
    private static int chunksStart(int first) {
        return (first >> BufLogFormat.CHUNK_SHIFT) << BufLogFormat.CHUNK_SHIFT;
    }

    /** End (exclusive) of the 128-byte chunk holding byte {@code last}, within the buffer. */
    private static int chunksEnd(XfsBuf bp, int last) {
        return Math.min(bp.length(), ((last >> BufLogFormat.CHUNK_SHIFT) + 1) << BufLogFormat.CHUNK_SHIFT);
    }

    /**
     * Ports xfs_buf_item_format: the format struct with the buffer's dirty map, then each run of logged chunks'
     * current bytes as a region of its own (xfs_buf_item_format_segment).
     */
    private static byte[][] bufItem(XfsBuf bp) {
        int chunks = bp.chunks();
        int runs = 0;
        for (int c = 0; c < chunks; c++) {
            if (bp.chunkLogged(c) && (c == 0 || !bp.chunkLogged(c - 1))) {
                runs++;
            }
        }
        int blft = BufLogType.of(bp.data());
        assert blft != BufLogType.UNKNOWN : "logging " + bp + " of no known log buffer type";
        byte[][] out = new byte[1 + runs][];
        int words = BufLogFormat.mapWords(bp.length());
        int[] map = new int[words];
        int r = 1;
        for (int c = 0; c < chunks;) {
            if (!bp.chunkLogged(c)) {
                c++;
                continue;
            }
            int end = c;
            while (end < chunks && bp.chunkLogged(end)) {
                map[end / BufLogFormat.BITS_PER_WORD] |= 1 << (end % BufLogFormat.BITS_PER_WORD);
                end++;
            }
            int from = chunksStart(c << BufLogFormat.CHUNK_SHIFT);
            int to = chunksEnd(bp, (end << BufLogFormat.CHUNK_SHIFT) - 1);
            byte[] region = LogRegionPool.take(to - from);
            System.arraycopy(bp.data(), from, region, 0, to - from);
            out[r++] = region;
            c = end;
        }
        out[0] = BufLogFormat.encode(bp.daddr(), bp.bbCount(), bp.length(), blft, map, runs);
        return out;
    }

    /** Ports xfs_trans_cancel. */
    public void cancel() {
        if (done) {
            return;
        }
        done = true;
        if (dirty) {
            mp.shutdown("cancelled a dirty transaction (" + resv + ")");
        } else {
            mp.unreserveBlocks(blkRes - blkUsed);
        }
        releaseAll();
        mp.transEnd();
    }

    private void releaseAll() {
        // Last joined first, so a buffer joined twice by nested transactions gets its holders back in order.
        for (int i = nbufs - 1; i >= 0; i--) {
            XfsBuf bp = bufs[i];
            if (bp.transp() == this) {
                restoreHolder(i);
            }
            if (bp.heldByCurrentThread()) {
                bp.unlock();
            }
            bufs[i] = null;
        }
        nbufs = 0;
        prevTransp = null;
        prevSlot = null;
        for (int i = 0; items != null && i < items.size(); i++) {
            items.get(i).release();
        }
    }

    /** Gives the buffer in slot {@code i} back its holder from before this transaction joined it. */
    private void restoreHolder(int i) {
        if (prevTransp == null || prevTransp[i] == null) {
            bufs[i].setTransp(null, 0);
        } else {
            bufs[i].setTransp(prevTransp[i], prevSlot[i]);
        }
    }

    @Override
    public void close() {
        cancel();
    }

    /** A non-buffer log item (xfs_log_item): written at commit, released afterwards. */
    public interface TransItem {
        /** Writes the item's changes in place (inode core and forks into their cluster buffer). */
        void writeBack(Trans tp) throws XfsException;

        /** Unlocks what the transaction held. */
        default void release() {
        }

        /**
         * The item's log regions at commit (iop_format), the first its format struct; null for an item that is
         * not logged (deferred work, busy extents).
         */
        default byte[][] logRegions() {
            return null;
        }

        /** What receives the LSN of the checkpoint that writes the item (its li_lsn), or null. */
        default java.util.function.LongConsumer lsnTarget() {
            return null;
        }

        /** The transaction committed into CIL sequence {@code seq} (iop_committing). */
        default void committed(long seq) {
        }
    }
}
