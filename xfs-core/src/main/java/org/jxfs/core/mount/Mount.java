// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.NoSpaceException;
import org.jxfs.core.ShutdownException;
import org.jxfs.core.UnsupportedFeatureException;
import org.jxfs.core.XfsException;
import org.jxfs.core.XfsIoException;
import org.jxfs.core.buf.BufCache;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.LogRecHeader;
import org.jxfs.core.format.InodeClusterOps;
import org.jxfs.core.format.InodeGeometry;
import org.jxfs.core.format.Sb;
import org.jxfs.core.format.SbOps;
import org.jxfs.core.inode.InodeCache;
import org.jxfs.core.log.CrashPoints;
import org.jxfs.core.log.Xlog;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * struct xfs_mount: an open image. {@link #open} ports the parts of xfs_mountfs that decide whether an image can be
 * used: read and verify the primary superblock, classify its features, recover a dirty log (read-write opens; see
 * {@link MountRecovery}), and verify the AG headers, btree roots and root inode so a damaged image is refused up
 * front. Superblock counters live here as atomics (m_fdblocks, m_icount, m_ifree) and are written at writeback, not
 * logged, as lazy-count filesystems do: recovery recomputes them from the AG headers.
 *
 * <p>Durability: a commit goes to the log's CIL ({@link Xlog}); it is durable once the log is forced (fsync, sync,
 * unmount, a checkpoint the kernel's CIL size would trigger, or an allocation that needs busy space). Metadata is
 * written in place only by {@link #sync} (or the writeback a commit triggers when many buffers are dirty or less
 * than a quarter of the log is free), always after the log force that covers it. A clean close ends with an
 * unmount record; a crash leaves a log the next open replays.
 */
public final class Mount implements AutoCloseable, TransContext, VerifyContext {
    private static final Logger LOG = LoggerFactory.getLogger(Mount.class);
    /** XFS_ALLOCBT_AGFL_RESERVE + 4: blocks per AG held back from users (xfs_alloc_set_aside). */
    static final int SET_ASIDE_PER_AG = 4 + 4;

    private final BlockDevice dev;
    private final BufCache cache;
    private final Sb sb;
    private final Geometry geo;
    private final InodeGeometry igeo;
    private final InodeClusterOps inodeOps;
    private final MountFeatures features;
    private final boolean readOnly;
    private final LogHead logHead;
    /** The write-ahead log's writer (m_log); null on a read-only mount. */
    private Xlog log;
    /** The kernel's checkpoint size model: when it says a checkpoint would complete, busy extents clear. */
    private org.jxfs.core.log.CilSpace cilSpace;
    /** A transaction pushed the modelled checkpoint past its threshold; the next writeback point completes it. */
    private volatile boolean checkpointDue;
    /** Named crash points for tests (system property jxfs.crashpoint), or null. */
    private final CrashPoints crash = CrashPoints.fromSystemProperty();
    /**
     * Test hook: metadata is never written in place, only logged, and close writes no unmount record, so the image
     * left behind is what a crash right after a log force leaves (every commit in the log, nothing in place).
     */
    private volatile boolean inPlaceWritesSuppressed;
    private final byte[] metaUuid;
    /** What the inode verifier reads of this filesystem. */
    private final org.jxfs.core.format.DinodeContext dinodeContext;
    /** m_fdblocks: a per-CPU-style counter, so that transactions on different threads share no line for it. */
    private final PercpuCounter fdblocks = new PercpuCounter();
    /** XFS_FDBLOCKS_BATCH: what one thread's slot of {@link #fdblocks} may hold before it is folded in. */
    static final long FDBLOCKS_BATCH = 1024;
    private final AtomicLong icount = new AtomicLong();
    private final AtomicLong ifree = new AtomicLong();
    /**
     * m_resblks: the reserve pool (xfs_default_resblks: 5% of the data blocks or 8192, whichever is smaller; none on a
     * read-only mount). Ordinary reservations leave it alone, so a filesystem reports ENOSPC with the pool still
     * there; XFS_TRANS_RESERVE transactions (unwritten extent conversion) may dip into it.
     */
    private final long resblks;
    /**
     * m_resblks_avail: what is left of the pool. The kernel takes the pool out of m_fdblocks at mount; here it stays
     * counted in {@link #fdblocks} (which is what the superblock holds after xfs_unreserve_blocks at unmount) and is
     * kept out of reach by {@link #reserveBlocks(long, boolean)}. Freed blocks refill it first, as
     * xfs_add_freecounter does.
     */
    private final AtomicLong resblksAvail = new AtomicLong();
    /** m_delalloc_blks: data and indirect blocks reserved by delayed allocations, already out of fdblocks. */
    private final AtomicLong delallocBlks = new AtomicLong();
    /**
     * Writeback waits for transactions in flight (read side: each transaction; write side: {@link #sync}), so what
     * reaches the disk is always the state after whole transactions.
     */
    private final TransBarrier transBarrier = new TransBarrier();
    /** Dirty buffers that trigger writeback after a commit (the kernel's AIL push target, in buffers). */
    static final int WRITEBACK_DIRTY_BUFFERS = 16384;
    /** How long a push after a commit waits for transactions in flight before leaving the push to a later one. */
    static final long PUSH_BARRIER_WAIT_MILLIS = 100;
    private volatile String shutdownReason;
    private volatile boolean countersDirty;
    /** The blocks each AG's own metadata holds (read-write mounts only; null on a read-only one). */
    private volatile AgMetadataMap metadataMap;
    /** Whether this mount recovered a dirty log (the unlinked inodes it left are then inactivated). */
    private boolean recoveredLog;
    /** Set by the first {@link #close}: a second unmount of the same mount does nothing. */
    private boolean closed;
    /** m_inodes: the mount's inode cache, made on first use. */
    private static final MountSlot<InodeCache> INODE_CACHE = new MountSlot<>(InodeCache::new);
    /** Per-mount state of the layers above, by {@link MountSlot}. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<Object> slots =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(MountSlot.MAX_SLOTS);
    /** What runs when a checkpoint completes (xlog_cil_committed), e.g. clearing busy extents. */
    private final List<java.util.function.Supplier<Runnable>> checkpointCallbacks = new CopyOnWriteArrayList<>();

    private Mount(BlockDevice dev, Sb sb, boolean readOnly, MountFeatures features, byte[] sbSector)
            throws XfsException {
        this.dev = dev;
        this.sb = sb;
        this.geo = sb.toGeometry();
        this.igeo = new InodeGeometry(geo, features.sparseInodes(), (int) sb.spinoAlign());
        this.inodeOps = InodeClusterOps.of(geo);
        this.features = features;
        this.readOnly = readOnly;
        this.metaUuid = sb.effectiveMetaUuid();
        this.dinodeContext = org.jxfs.core.format.DinodeContext.of(sb);
        this.cache = new BufCache(dev, this);
        this.fdblocks.set(sb.fdblocks());
        // xfs_reserve_blocks at mount: the pool gets what is free of what it asks for
        this.resblks = readOnly ? 0 : Math.min(geo.dblocks / 20, 8192);
        this.resblksAvail.set(Math.max(0, Math.min(resblks, sb.fdblocks() - setAside())));
        this.icount.set(sb.icount());
        this.ifree.set(sb.ifree());
        this.logHead = LogHead.find(cache, geo);
    }

    /**
     * Opens an image. {@code readOnly} asks for a read-only mount; an image with a feature jxfs cannot maintain is
     * opened read-only regardless ({@link #readOnlyReason()} says why). A dirty log is recovered by a read-write
     * open. Refused with a one-line message: a missing or unreadable file, a corrupt superblock, V4 or unknown
     * features, a dirty log on a read-only open or one holding items jxfs does not replay, a damaged AG header,
     * btree root or root inode.
     */
    public static Mount open(Path image, boolean readOnly) throws XfsException {
        BlockDevice dev = BlockDevice.open(image, readOnly);
        boolean ok = false;
        try {
            Mount mp = openOn(dev, readOnly);
            ok = true;
            return mp;
        } finally {
            if (!ok) {
                dev.close();
            }
        }
    }

    private static Mount openOn(BlockDevice dev, boolean readOnly) throws XfsException {
        if (dev.size() < Geometry.BBSIZE) {
            throw new FsCorruptedException(dev.path() + ": too small to hold an XFS superblock");
        }
        byte[] probe = new byte[Geometry.BBSIZE];
        dev.read(0, probe, 0, probe.length);
        Sb probeSb = new Sb(probe);
        if (probeSb.magicnum() != Sb.MAGIC) {
            throw new FsCorruptedException(dev.path() + ": not an XFS filesystem (bad superblock magic 0x"
                    + Long.toHexString(probeSb.magicnum()) + " at daddr 0x0)");
        }
        int sectsize = probeSb.sectsize();
        if (sectsize < Geometry.BBSIZE || sectsize > 32768 || Integer.bitCount(sectsize) != 1) {
            throw new FsCorruptedException("Metadata corruption detected: xfs_sb at daddr 0x0: bad sb_sectsize "
                    + sectsize);
        }
        byte[] sector = new byte[sectsize];
        dev.read(0, sector, 0, sectsize);
        Sb sb = new Sb(sector);
        if (!sb.verifyCrc(sectsize)) {
            throw new FsCorruptedException("Metadata corruption detected: xfs_sb at daddr 0x0: CRC mismatch");
        }
        String why = SbOps.verify(sb);
        if (why != null) {
            throw new FsCorruptedException("Metadata corruption detected: xfs_sb at daddr 0x0: " + why);
        }
        MountFeatures features = MountFeatures.of(sb);
        long devBlocks = dev.size() >> sb.blocklog();
        if (sb.dblocks() > devBlocks) {
            throw new FsCorruptedException(dev.path() + ": filesystem size " + sb.dblocks()
                    + " blocks is larger than the image (" + devBlocks + " blocks)");
        }
        boolean ro = readOnly || features.readOnlyReason() != null;
        if (ro && !readOnly) {
            LOG.warn("{}: {}", dev.path(), features.readOnlyReason());
        }
        Mount mp = new Mount(dev, sb, ro, features, sector);
        List<long[]> pendingFrees = List.of();
        if (!mp.logHead.clean()) {
            if (ro) {
                throw new UnsupportedFeatureException(dev.path() + ": the log is dirty (" + mp.logHead.reason()
                        + "): open the image read-write so jxfs recovers it, or mount it with the kernel once");
            }
            pendingFrees = MountRecovery.recover(dev, sb, mp.geo, mp.cache, mp.metaUuid);
            mp = new Mount(dev, sb, ro, features, sector);
            mp.reloadCounters();
            mp.recoveredLog = true;
        }
        MountCheck.verifyAgHeadersAndRoots(mp);
        MountCheck.checkSummaryCounters(mp);
        if (!mp.readOnly) {
            MountCheck.refuseSharedExtents(mp);
            mp.metadataMap = AgMetadataScan.build(mp);
            UnlinkedCheck.verify(mp);
            mp.log = mp.openLog(mp.logHead);
            mp.cilSpace = new org.jxfs.core.log.CilSpace(mp.log.sizeBb() << Geometry.BBSHIFT);
            if (!pendingFrees.isEmpty()) {
                mp.finishExtentFrees(pendingFrees);
            }
        }
        return mp;
    }

    /** Re-reads the superblock counters that recovery rewrote (icount, ifree, fdblocks). */
    private void reloadCounters() throws XfsException {
        byte[] sector = new byte[geo.sectsize];
        dev.read(0, sector, 0, sector.length);
        Sb disk = new Sb(sector);
        fdblocks.set(disk.fdblocks());
        icount.set(disk.icount());
        ifree.set(disk.ifree());
        resblksAvail.set(Math.max(0, Math.min(resblks, disk.fdblocks() - setAside())));
    }

    /**
     * Ports xlog_recover_process_intents for extent-free intents: each EFI whose done item never reached the log is
     * finished by freeing its extents in a transaction of its own (xfs_efi_item_recover).
     */
    private void finishExtentFrees(List<long[]> extents) throws XfsException {
        for (long[] e : extents) {
            try (Trans tp = Trans.alloc(this, org.jxfs.core.trans.TransResv.WRITE, 0)) {
                org.jxfs.core.alloc.Alloc.freeExtent(tp, e[0], e[1]);
                tp.commit();
            }
        }
        sync();
    }

    /**
     * Ports the writer half of xfs_log_mount: the log continues at the head of a clean log, with the last record's
     * cycle, or the next cycle when that record ended at the log's physical end.
     */
    private Xlog openLog(LogHead head) throws XfsException {
        long cycle = head.cycle();
        if (head.lastRecBlk() >= head.headBlk()) {
            cycle++;
        }
        Xlog xlog = Xlog.open(dev, geo, sb.uuid(), cycle, head.headBlk(), head.lastRecBlk() < 0 ? 0xffffffffL
                : head.lastRecBlk(), crash);
        if (head.lastRecBlk() >= 0) {
            byte[] rec = new byte[Geometry.BBSIZE];
            dev.read((geo.logDaddr() + head.lastRecBlk()) * Geometry.BBSIZE, rec, 0, rec.length);
            xlog.clearStaleBeforeFirstRecord(new LogRecHeader(rec, 0).tailLsn());
        }
        return xlog;
    }

    /** The log writer, or null on a read-only mount. */
    public Xlog log() {
        return log;
    }

    /**
     * Test hook: from now on metadata is only logged, never written in place, and {@link #close} forces the log
     * and writes no unmount record. The image is then what a crash right after a log force leaves.
     */
    public void suppressInPlaceWrites() {
        inPlaceWritesSuppressed = true;
    }

    @Override
    public Geometry geometry() {
        return geo;
    }

    public InodeGeometry inodeGeometry() {
        return igeo;
    }

    /** The verifier of this mount's inode cluster buffers. */
    public InodeClusterOps inodeOps() {
        return inodeOps;
    }

    /** Fault injection for this mount (XFS_TEST_ERROR switches). */
    public org.jxfs.core.ErrorInjection errors() {
        return cache.errors();
    }

    /** The state {@code slot} holds for this mount, made by the slot's factory on first use. */
    @SuppressWarnings("unchecked")
    public <T> T slot(MountSlot<T> slot) {
        Object v = slots.get(slot.index);
        if (v == null) {
            synchronized (slots) {
                v = slots.get(slot.index);
                if (v == null) {
                    v = slot.factory.apply(this);
                    slots.set(slot.index, v);
                }
            }
        }
        return (T) v;
    }

    /** The state {@code slot} holds for this mount, or null if nothing asked for it yet. */
    @SuppressWarnings("unchecked")
    public <T> T slotIfMade(MountSlot<T> slot) {
        return (T) slots.get(slot.index);
    }

    /** The mount's inode cache (m_inodes / the per-AG inode radix trees), created on first use. */
    public InodeCache inodeCache() {
        return slot(INODE_CACHE);
    }

    public MountFeatures features() {
        return features;
    }

    /** The in-core superblock (m_sb); counters are tracked separately, see {@link #fdblocks()}. */
    public Sb sb() {
        return sb;
    }

    public BlockDevice device() {
        return dev;
    }

    @Override
    public BufCache bufCache() {
        return cache;
    }

    /**
     * The metadata UUID stamped in and checked against every v5 block header. The array is shared, not copied
     * (every btree cursor and verifier asks for it): callers must only read it.
     */
    @Override
    public byte[] metaUuid() {
        return metaUuid;
    }

    /**
     * The head of the log, which no metadata block read may be ahead of (xfs_log_check_lsn): the writer's head once
     * the log is open, before that the head the mount found (where the next record would go), or -1 when the log
     * holds no record to compare with.
     */
    @Override
    public long lsnBound() {
        Xlog l = log;
        if (l != null) {
            return l.headLsnUnlocked();
        }
        LogHead h = logHead;
        if (h == null || h.lastRecBlk() < 0) {
            return -1;
        }
        return org.jxfs.core.format.LogRecHeader.lsn(h.lastRecBlk() >= h.headBlk() ? h.cycle() + 1 : h.cycle(),
                h.headBlk());
    }

    /**
     * Whether this mount replayed a dirty log: the inodes on the AGI unlinked lists then belong to files the crashed
     * mount had unlinked but not yet freed, which xlog_recover_process_iunlinks inactivates (the layer above, which
     * can truncate files, does that: org.jxfs.fs.UnlinkedInodes).
     */
    public boolean recoveredLog() {
        return recoveredLog;
    }

    @Override
    public boolean dirFtype() {
        return features.ftype();
    }

    /** What xfs_dinode_verify reads of this filesystem (features, AG size, metadata UUID). */
    public org.jxfs.core.format.DinodeContext dinodeContext() {
        return dinodeContext;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** Why the mount was forced read-only, or null. */
    public String readOnlyReason() {
        return features.readOnlyReason();
    }

    /**
     * The in-core map of the blocks each AG's metadata holds, which the allocator keeps current and which refuses a
     * file extent over metadata; null on a read-only mount, which changes nothing.
     */
    public AgMetadataMap metadataMap() {
        return metadataMap;
    }

    /**
     * Replaces the superblock's free-block and inode counters with ones counted from the AG headers, as
     * xfs_initialize_perag_data does when the superblock's counters failed their sanity check.
     */
    void resetCounters(long newFdblocks, long newIcount, long newIfree) {
        fdblocks.set(newFdblocks);
        icount.set(newIcount);
        ifree.set(newIfree);
        resblksAvail.set(Math.max(0, Math.min(resblks, newFdblocks - setAside())));
        markCountersDirty();
    }

    public LogHead logHead() {
        return logHead;
    }

    /** m_fdblocks summed exactly (percpu_counter_sum). */
    public long fdblocks() {
        return fdblocks.sum();
    }

    /** m_delalloc_blks: blocks (data and worst-case bmbt) held by delayed allocations of every inode. */
    public long delallocBlks() {
        return delallocBlks.get();
    }

    /** The per-mount half of xfs_mod_delalloc: delayed allocations reserved ({@code delta} > 0) or released. */
    public void modDelallocBlks(long delta) {
        if (delta != 0) {
            long v = delallocBlks.addAndGet(delta);
            assert v >= 0 : "m_delalloc_blks went negative: " + v;
        }
    }

    public long icount() {
        return icount.get();
    }

    public long ifree() {
        return ifree.get();
    }

    /** xfs_alloc_set_aside: free blocks users can never get, so the AGFLs can always be refilled. */
    public long setAside() {
        return (long) geo.agcount * SET_ASIDE_PER_AG;
    }

    @Override
    public void checkShutdown() throws ShutdownException {
        String r = shutdownReason;
        if (r != null) {
            throw new ShutdownException("filesystem is shut down: " + r);
        }
        if (readOnly) {
            throw new org.jxfs.core.ReadOnlyFilesystemException("filesystem is mounted read-only");
        }
    }

    public boolean isShutdown() {
        return shutdownReason != null;
    }

    @Override
    public void shutdown(String reason) {
        if (shutdownReason == null) {
            shutdownReason = reason;
            LOG.error("xfs_force_shutdown: {}", reason);
        }
    }

    @Override
    public void reserveBlocks(long blocks) throws XfsException {
        reserveBlocks(blocks, false);
    }

    /**
     * Ports xfs_dec_fdblocks (xfs_dec_freecounter): takes {@code blocks} from the free blocks that are neither set
     * aside for the AGFLs nor in the reserve pool; with {@code rsvd} (XFS_TRANS_RESERVE) what is missing may come
     * from the pool. As in the kernel the blocks are taken first and given back when that went below the limit,
     * which the counter then judges exactly; far from it, only this thread's slot of the counter changes.
     */
    @Override
    public void reserveBlocks(long blocks, boolean rsvd) throws XfsException {
        // Close to ENOSPC every change goes to the shared count at once (the kernel's batch of 1 there).
        long batch = fdblocks.compare(2 * FDBLOCKS_BATCH, FDBLOCKS_BATCH) < 0 ? 1 : FDBLOCKS_BATCH;
        fdblocks.add(-blocks, batch);
        if (fdblocks.compare(setAside() + resblksAvail.get(), FDBLOCKS_BATCH) >= 0) {
            markCountersDirty();
            return;
        }
        fdblocks.add(blocks, 1);
        if (rsvd) {
            reserveFromPool(blocks);
            return;
        }
        throw new NoSpaceException("No space left on device");
    }

    /** The slow path of a reserved-pool transaction: the free blocks first, the pool for the rest. */
    private synchronized void reserveFromPool(long blocks) throws XfsException {
        long free = Math.max(0, fdblocks.sum() - setAside() - resblksAvail.get());
        long fromPool = blocks - Math.min(free, blocks);
        if (fromPool > resblksAvail.get()) {
            throw new NoSpaceException("No space left on device (reserve pool exhausted)");
        }
        resblksAvail.addAndGet(-fromPool);
        fdblocks.add(-blocks, 1);
        markCountersDirty();
    }

    /** Ports the reserve-pool refill of xfs_add_freecounter: freed blocks go back to the pool first. */
    private void addFreeBlocks(long delta) {
        fdblocks.add(delta, FDBLOCKS_BATCH);
        if (delta > 0 && resblksAvail.get() < resblks) {
            synchronized (this) {
                long used = resblks - resblksAvail.get();
                resblksAvail.addAndGet(Math.min(used, delta));
            }
        }
    }

    /** m_resblks_avail: blocks of the reserve pool still unused. */
    public long resblksAvail() {
        return resblksAvail.get();
    }

    /** The superblock counters changed since they were last written; a volatile store only when they were clean. */
    private void markCountersDirty() {
        if (!countersDirty) {
            countersDirty = true;
        }
    }

    @Override
    public void unreserveBlocks(long blocks) {
        if (blocks != 0) {
            addFreeBlocks(blocks);
            markCountersDirty();
        }
    }

    @Override
    public void applySbDeltas(long icountDelta, long ifreeDelta, long fdblocksDelta) {
        // Each counter only when it moves: an atomic add is not free, and most transactions move one or none.
        if (icountDelta != 0) {
            icount.addAndGet(icountDelta);
        }
        if (ifreeDelta != 0) {
            ifree.addAndGet(ifreeDelta);
        }
        if (fdblocksDelta != 0) {
            addFreeBlocks(fdblocksDelta);
        }
        if (icountDelta != 0 || ifreeDelta != 0 || fdblocksDelta != 0) {
            markCountersDirty();
        }
    }

    @Override
    public void transBegin() {
        transBarrier.readLock();
    }

    @Override
    public void transEnd() {
        transBarrier.readUnlock();
    }

    /**
     * Writes back once enough buffers are dirty or less than a quarter of the log is free (the AIL push
     * thresholds), and completes a checkpoint when the kernel's would have (xlog_cil_push_background), unless this
     * thread is inside another transaction.
     */
    @Override
    public void transWriteback() throws XfsException {
        if (transBarrier.readHoldCount() != 0) {
            return;
        }
        if (checkpointDue) {
            forceLogChecked(false);
        }
        if (cache.dirtyCount() >= WRITEBACK_DIRTY_BUFFERS || log != null && log.needsPush()) {
            writeBack(false);
        }
    }

    /** Ports xlog_cil_commit: the transaction goes to the log's CIL; its CIL sequence is returned. */
    @Override
    public long logTransaction(Trans tp) throws XfsException {
        if (log == null) {
            return 0;
        }
        java.util.List<org.jxfs.core.log.LogVector> items = tp.logItems();
        if (items.isEmpty()) {
            return 0;
        }
        long seq = log.commit(items);
        if (cilSpace.insert(items)) {
            checkpointDue = true;
        }
        return seq;
    }

    /**
     * Ports the effect of xfs_log_force + xfs_ail_push_all_sync + xfs_sync_sb (what syncfs and freeze do): the log
     * is forced (durable), then every committed change is written in place with the LSN of its last transaction,
     * the superblock counters too, the device is flushed, and only then the log's tail moves to its head. Waits for
     * transactions in flight; must not be called from inside one.
     */
    public void sync() throws XfsException {
        writeBack(true);
    }

    /**
     * {@link #sync}; with {@code checkpoint} false (the AIL push jxfs's own log needs, which the kernel's CIL does
     * not) the log is forced for write-ahead order but the checkpoint callbacks do not run: blocks freed since the
     * kernel's last checkpoint stay busy, as they would in the kernel.
     */
    private void writeBack(boolean checkpoint) throws XfsException {
        // Without checkpoint this is the push after a commit, whose caller may still hold inode locks.
        if (readOnly || shutdownReason != null) {
            return;
        }
        if (transBarrier.readHoldCount() > 0) {
            throw new IllegalStateException("sync called inside a transaction");
        }
        if (checkpoint) {
            transBarrier.writeLock();
        } else if (!awaitBarrier()) {
            return;
        }
        try {
            if (checkpoint) {
                forceLogChecked(false);
            } else if (log != null) {
                log.force();
            }
            if (inPlaceWritesSuppressed) {
                return;
            }
            InodeCache ic = slotIfMade(INODE_CACHE);
            if (ic != null) {
                ic.flushDirty();
            }
            cache.flush(crash == null ? null : () -> {
                if (crash.hit(CrashPoints.Point.MID_INPLACE)) {
                    crash.halt(CrashPoints.Point.MID_INPLACE);
                }
            });
            if (countersDirty) {
                writeSuperblock();
                countersDirty = false;
            }
            dev.flush();
            if (log != null) {
                log.tailToHead();
            }
        } catch (XfsException | RuntimeException e) {
            shutdown("metadata writeback failed: " + e.getMessage());
            throw e;
        } finally {
            transBarrier.writeUnlock();
        }
    }

    /**
     * Takes the barrier for a push after a commit, or gives up after {@link #PUSH_BARRIER_WAIT_MILLIS}: the
     * committing thread may still hold inode locks that a transaction in flight waits for (a create taking the
     * inode this thread just freed), and that transaction must end before the barrier can be had. The next commit
     * pushes instead; new transactions queue behind the waiting push, so it is not starved.
     */
    private boolean awaitBarrier() {
        try {
            return transBarrier.tryWriteLock(PUSH_BARRIER_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void afterCommit(Trans tp) {
        // In-place writes happen in Trans.commit; the superblock counters are written at unmount.
    }

    /**
     * Ports xfs_log_sb + xfs_sync_sb at unmount: writes the primary superblock with the current counters
     * (lazy-count filesystems keep them in memory while mounted). As xfs_log_sb sums the per-cpu counters with
     * percpu_counter_sum_positive and caps sb_ifree at sb_icount, a counter a damaged superblock started too low
     * (sb_ifree 0 with free inodes in the AGs, which the mount's sanity check lets through) is written as 0, never
     * as the wrapped-around 2^64 - 1.
     */
    void writeSuperblock() throws XfsException {
        int sectsize = geo.sectsize;
        XfsBuf bp = cache.read(0, sectsize >> Geometry.BBSHIFT, SbOps.INSTANCE);
        bp.lock();
        try {
            Sb disk = new Sb(bp.data());
            long icountNow = Math.max(0, icount.get());
            disk.setIcount(icountNow);
            disk.setIfree(Math.min(Math.max(0, ifree.get()), icountNow));
            disk.setFdblocks(Math.max(0, fdblocks.sum()));
            cache.markDirty(bp);
            cache.write(bp);
        } finally {
            bp.unlock();
        }
    }

    /**
     * Registers work to run whenever the log completes a checkpoint (the CIL context's committed callbacks, such
     * as xfs_extent_busy_clear). Lower layers hook in here so the mount needs to know none of them. {@code start}
     * runs before the log is forced and takes what the checkpoint covers (what committed before it); the work it
     * returns (null for none) runs once the log is on disk, so nothing committed during the force is let go early.
     */
    public void onCheckpoint(java.util.function.Supplier<Runnable> start) {
        checkpointCallbacks.add(start);
    }

    /**
     * Ports xfs_log_force(mp, XFS_LOG_SYNC): every committed transaction is written to the log and the device is
     * flushed, which completes the checkpoint holding them and runs the checkpoint callbacks (busy extents clear).
     * Without fsync or sync, a kernel forces the log only when it must (an allocation that finds nothing but busy
     * space) and at unmount; callers here do the same. A failure to write the log shuts the filesystem down.
     */
    public void forceLog() {
        try {
            forceLogChecked(false);
        } catch (XfsException e) {
            shutdown("log force failed: " + e.getMessage());
        }
    }

    /**
     * {@link #forceLog} reporting failure; with {@code flushDevice} the device is flushed even when the log had
     * nothing new, so data written directly before it is durable too (fsync).
     */
    public void forceLogChecked(boolean flushDevice) throws XfsException {
        checkpointDue = false;
        if (cilSpace != null) {
            cilSpace.reset();
        }
        List<Runnable> completions = new ArrayList<>(checkpointCallbacks.size());
        for (java.util.function.Supplier<Runnable> start : checkpointCallbacks) {
            Runnable done = start.get();
            if (done != null) {
                completions.add(done);
            }
        }
        if (log != null && shutdownReason == null) {
            log.force();
            if (flushDevice) {
                dev.flush();
            }
        }
        for (Runnable done : completions) {
            done.run();
        }
    }

    /**
     * Ports xfs_log_force_seq as xfs_fsync_flush_log uses it: the log is forced only if the transaction of CIL
     * sequence {@code seq} (an inode's last change, 0 when none since mount) is not durable yet, which completes the
     * checkpoint holding it; otherwise, with {@code flushDevice}, only the device is flushed (blkdev_issue_flush).
     */
    public void forceLogTo(long seq, boolean flushDevice) throws XfsException {
        if (log != null && seq != 0 && !log.durable(seq)) {
            forceLogChecked(flushDevice);
        } else if (flushDevice && shutdownReason == null && !readOnly) {
            dev.flush();
        }
    }

    /**
     * Ports xfs_unmountfs: forces the log, writes back counters and dirty buffers, flushes, then writes the unmount
     * record that marks the log clean (xfs_log_unmount_write) and closes the device. A shut-down mount writes
     * nothing more: its log stays dirty and the next mount recovers it. With in-place writes suppressed (a test
     * hook) only the log is forced. Closing an unmounted mount again does nothing (AutoCloseable's advice), so a
     * try-with-resources around code that already unmounted is harmless.
     */
    @Override
    public synchronized void close() throws XfsException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            forceLog();
            sync();
            // A mount that logged nothing leaves the log as it found it: clean, its unmount record still at the head.
            if (log != null && shutdownReason == null && !inPlaceWritesSuppressed && log.transactions() > 0) {
                log.writeUnmount();
            }
        } finally {
            dev.close();
        }
    }
}
