// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import static org.jxfs.core.format.BigEndian.putU32;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.ShutdownException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.BufCache;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.Cksum;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransContext;

/**
 * One AG on a sparse temp image under target/, for btree tests against the real device, buffer cache and
 * transactions. Stands in for the mount (TransContext, VerifyContext) and for the allocator: btree blocks come from
 * a counter, and freed blocks are reused only after the transaction that freed them commits, as busy extents are.
 * AG block 0..3 hold the header sectors' blocks; the AGF sits in sector 1 with roots/levels at offsets 16/28.
 */
public final class TestAg implements TransContext, VerifyContext, BtreeBlockAllocator, AutoCloseable {
    public static final int AGNO = 0;
    public static final int AGF_MAGIC = 0x58414746;
    public static final int AGF_OFF_ROOTS = 16;
    public static final int AGF_OFF_LEVELS = 28;
    public static final int AGF_OFF_LONGEST = 56;
    private static final int AGF_SECTOR = 1;
    /** First AG block free for btree blocks: blocks 0..3 hold the AG headers. */
    private static final long FIRST_FREE_AGBNO = 4;

    public final Geometry geo;
    public final byte[] uuid = new byte[16];
    private final Path path;
    private final BlockDevice dev;
    private final BufCache cache;
    private String shutdown;
    private long next = FIRST_FREE_AGBNO;
    private final ArrayDeque<Long> free = new ArrayDeque<>();
    private final List<Long> freedPending = new ArrayList<>();
    private long inUse;

    private TestAg(String name, int blocksize, long agblocks) throws IOException, XfsException {
        this.geo = new Geometry(blocksize, 512, 256, agblocks, 1, agblocks, 0, 0, 0, 0);
        for (int i = 0; i < uuid.length; i++) {
            uuid[i] = (byte) (0x11 * (i + 1));
        }
        Path dir = Path.of("target", "btree-tests");
        Files.createDirectories(dir);
        this.path = dir.resolve(name + ".img");
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            raf.setLength(0);
            raf.setLength(geo.fsbToB(agblocks));
        }
        this.dev = BlockDevice.open(path, false);
        this.cache = new BufCache(dev, this);
    }

    public static TestAg create(String name, int blocksize, long agblocks) throws IOException, XfsException {
        return new TestAg(name, blocksize, agblocks);
    }

    public Trans trans() throws XfsException {
        return Trans.alloc(this, org.jxfs.core.trans.TransResv.ALLOCFREE, 0);
    }

    public long agfDaddr() {
        return geo.agHeaderDaddr(AGNO, AGF_SECTOR);
    }

    /** The AGF buffer, joined to {@code tp}. */
    public XfsBuf agf(Trans tp) throws XfsException {
        return tp.readBuf(agfDaddr(), geo.sectorBb(), null);
    }

    /** A cursor on the {@link KvOps} tree of this AG for {@code tp}, its height from the AGF. */
    public BtreeCursor kvCursor(Trans tp, KvOps ops) throws XfsException {
        XfsBuf agbp = agf(tp);
        return BtreeCursor.forAg(tp, geo, uuid, ops, AGNO, agbp, this, KvOps.levels(agbp.data()));
    }

    /**
     * Writes a minimal AGF and one empty root leaf for each {@code magics[btnum]}: what mkfs does for an AG whose
     * free-space trees start empty.
     */
    public void format(int... magics) throws XfsException {
        try (Trans tp = trans()) {
            XfsBuf agbp = tp.getBuf(agfDaddr(), geo.sectorBb(), null);
            putU32(agbp.data(), 0, AGF_MAGIC);
            putU32(agbp.data(), 4, 1);
            putU32(agbp.data(), 8, AGNO);
            putU32(agbp.data(), 12, geo.agblocks);
            for (int btnum = 0; btnum < magics.length; btnum++) {
                long agbno = allocBlock(null, 0);
                XfsBuf bp = tp.getBuf(geo.agbToDaddr(AGNO, agbno), geo.blockBb(), null);
                BtreeBlock.initShort(bp.data(), magics[btnum], 0, 0, bp.daddr(), uuid, AGNO);
                // No verifier is attached yet (each tree attaches its own on first read): checksum it here.
                Cksum.update(bp.data(), 0, bp.length(), BtreeBlock.OFF_S_CRC);
                tp.logBuf(bp, 0, BtreeBlock.SHORT_HDR_LEN - 1);
                putU32(agbp.data(), AGF_OFF_ROOTS + 4 * btnum, agbno);
                putU32(agbp.data(), AGF_OFF_LEVELS + 4 * btnum, 1);
            }
            tp.logBuf(agbp, 0, agbp.length() - 1);
            tp.commit();
        }
    }

    /** Blocks handed out and not freed. */
    public long blocksInUse() {
        return inUse;
    }

    /** Drops every clean buffer, so the next reads come from the image through the verifiers. */
    /**
     * Writes back what committed transactions changed (buffers are delayed writes), then forgets the cached
     * copies, so the next reads come from the image through the verifiers.
     */
    public void dropCache() throws org.jxfs.core.XfsException {
        cache.flush();
        cache.purgeClean();
    }

    /** Writes back what committed transactions changed. */
    public void flush() throws org.jxfs.core.XfsException {
        cache.flush();
    }

    public String shutdownReason() {
        return shutdown;
    }

    // ---- BtreeBlockAllocator ----

    @Override
    public long allocBlock(BtreeCursor cur, long hintPtr) {
        inUse++;
        if (!free.isEmpty()) {
            return free.poll();
        }
        assert next < geo.agblocks : "test AG full";
        return next++;
    }

    @Override
    public void freeBlock(BtreeCursor cur, long ptr) {
        inUse--;
        freedPending.add(ptr);
    }

    // ---- TransContext ----

    @Override
    public BufCache bufCache() {
        return cache;
    }

    @Override
    public void checkShutdown() throws ShutdownException {
        if (shutdown != null) {
            throw new ShutdownException("test AG shut down: " + shutdown);
        }
    }

    @Override
    public void shutdown(String reason) {
        if (shutdown == null) {
            shutdown = reason;
        }
    }

    @Override
    public void reserveBlocks(long blocks) {
    }

    @Override
    public void unreserveBlocks(long blocks) {
    }

    @Override
    public void applySbDeltas(long icount, long ifree, long fdblocks) {
    }

    @Override
    public void afterCommit(Trans tp) {
        free.addAll(freedPending);
        freedPending.clear();
    }

    // ---- VerifyContext ----

    @Override
    public byte[] metaUuid() {
        return uuid;
    }

    @Override
    public Geometry geometry() {
        return geo;
    }

    @Override
    public void close() throws XfsException {
        dev.close();
    }
}
