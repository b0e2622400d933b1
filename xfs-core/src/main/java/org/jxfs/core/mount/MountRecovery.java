// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import java.util.List;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.BufCache;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.Agi;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.InodeGeometry;
import org.jxfs.core.format.LogRecHeader;
import org.jxfs.core.format.Sb;
import org.jxfs.core.log.LogParser;
import org.jxfs.core.log.LogRecover;
import org.jxfs.core.log.LogScan;
import org.jxfs.core.log.Xlog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ports xlog_recover and the parts of xfs_log_mount_finish a dirty log needs before the mount can be used: scan the
 * log (head, tail, torn records), replay its committed transactions ({@link LogRecover}), recompute the superblock
 * counters from the AG headers (xfs_initialize_perag_data), clear the sectors ahead of the head that a torn write
 * may have stamped with the current cycle (xlog_clear_stale_blocks) and write an unmount record, so the log is clean
 * and the mount that follows continues at its head.
 */
final class MountRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(MountRecovery.class);
    /** XLOG_TOTAL_REC_SHIFT's window: sectors ahead of the head cleared after recovery (8 x 256 KiB iclogs). */
    static final long STALE_WINDOW_BB = 4096;

    private MountRecovery() {
    }

    /**
     * Recovers the dirty log of the image on {@code dev}. Returns the extent-free intents left unfinished, which
     * the caller frees on the recovered mount.
     */
    static List<long[]> recover(BlockDevice dev, Sb sb, Geometry geo, BufCache cache, byte[] metaUuid)
            throws XfsException {
        LogScan scan = LogScan.scan(dev, geo);
        if (scan.discarded != null) {
            LOG.warn("{}: {}", dev.path(), scan.discarded);
        }
        LOG.warn("{}: Starting recovery (logdev: internal): tail {} head {}", dev.path(), scan.tailBlk,
                scan.headBlk);
        List<long[]> pending = List.of();
        if (!scan.clean) {
            LogParser parsed = LogParser.parse(scan.records);
            InodeGeometry igeo = new InodeGeometry(geo, false, 0);
            int clusterBb = (int) geo.fsbToBb(igeo.inoalignMask == 0 ? 1 : igeo.blocksPerCluster);
            LogRecover r = LogRecover.replay(dev, geo, metaUuid, clusterBb, parsed.committed());
            LOG.warn("{}: replayed {} transactions ({} dropped uncommitted): {} buffers ({} skipped), {} inodes"
                    + " ({} skipped), {} inode chunks, {} cancelled", dev.path(), parsed.committed().size(),
                    parsed.uncommitted(), r.buffersReplayed, r.buffersSkipped, r.inodesReplayed, r.inodesSkipped,
                    r.icreates, r.cancelled);
            pending = r.pendingExtentFrees();
        }
        recomputeCounters(dev, geo);
        long nextCycle = scan.lastCycle + (scan.headBlk <= scan.lastRecBlk ? 1 : 0);
        clearStaleBlocks(dev, geo, scan, nextCycle);
        Xlog log = Xlog.open(dev, geo, sb.uuid(), nextCycle, scan.headBlk, scan.lastRecBlk, null);
        log.writeUnmount();
        LOG.warn("{}: Ending recovery (logdev: internal)", dev.path());
        return pending;
    }

    /**
     * Ports xfs_initialize_perag_data's summary: icount and ifree from the AGIs, fdblocks as free space plus AGFL
     * plus free-space btree blocks from the AGFs, written into the primary superblock with a new CRC.
     */
    static void recomputeCounters(BlockDevice dev, Geometry geo) throws XfsException {
        long icount = 0;
        long ifree = 0;
        long fdblocks = 0;
        byte[] sector = new byte[geo.sectsize];
        for (int agno = 0; agno < geo.agcount; agno++) {
            dev.read(geo.agHeaderDaddr(agno, Agf.SECTOR) << Geometry.BBSHIFT, sector, 0, sector.length);
            Agf agf = new Agf(sector);
            fdblocks += agf.freeblks() + agf.flcount() + agf.btreeblks();
            dev.read(geo.agHeaderDaddr(agno, Agi.SECTOR) << Geometry.BBSHIFT, sector, 0, sector.length);
            Agi agi = new Agi(sector);
            icount += agi.count();
            ifree += agi.freecount();
        }
        dev.read(0, sector, 0, sector.length);
        Sb disk = new Sb(sector);
        disk.setIcount(icount);
        disk.setIfree(ifree);
        disk.setFdblocks(fdblocks);
        disk.updateCrc(geo.sectsize);
        dev.write(0, sector, 0, sector.length);
        dev.flush();
    }

    /**
     * Ports xlog_clear_stale_blocks: the sectors after the head (up to the tail when it lies ahead, the end of the
     * log, or the window the kernel clears) get the previous cycle, so a torn record's sectors cannot pass for
     * the head later.
     */
    private static void clearStaleBlocks(BlockDevice dev, Geometry geo, LogScan scan, long nextCycle)
            throws XfsException {
        long n = geo.logBb();
        long limit = scan.tailBlk > scan.headBlk ? scan.tailBlk : n;
        limit = Math.min(limit, scan.headBlk + STALE_WINDOW_BB);
        byte[] bb = new byte[Geometry.BBSIZE];
        BigEndian.putU32(bb, 0, nextCycle - 1);
        for (long blk = scan.headBlk; blk < limit; blk++) {
            byte[] cur = new byte[4];
            dev.read((geo.logDaddr() + blk) << Geometry.BBSHIFT, cur, 0, 4);
            long word = BigEndian.u32(cur, 0);
            long cycle = word == (LogRecHeader.HEADER_MAGIC & 0xffffffffL) ? -1 : word;
            if (cycle == nextCycle - 1 || cycle == 0 && nextCycle == 1) {
                continue;
            }
            dev.write((geo.logDaddr() + blk) << Geometry.BBSHIFT, bb, 0, bb.length);
        }
        dev.flush();
    }
}
