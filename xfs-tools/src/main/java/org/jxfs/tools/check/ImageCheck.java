// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jxfs.core.XfsException;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.LogHead;

/**
 * {@code jxfs check}: the checks of xfs_repair -n's phases 1 to 7 for the features jxfs supports, read-only, on
 * the image file. Phase 1 finds the superblock ({@link SuperblockCheck}); phase 2 the log, the AG headers and the
 * free-space and inode btrees ({@link AgCheck}); phase 3 every inode ({@link InodeScan}); phase 4 the block map
 * built by all of them, every block owned once ({@link BlockMap}); phase 6 the directories ({@link DirCheck});
 * phase 7 the link counts ({@link LinkCountCheck}); then the superblock counters ({@link CounterCheck}).
 */
public final class ImageCheck {
    private ImageCheck() {
    }

    /**
     * Checks an image. Throws NotXfsException when the file holds no XFS filesystem, XfsException when it cannot be
     * opened or read at all; everything wrong inside the filesystem is a finding in the report.
     */
    public static Report run(Path image) throws NotXfsException, XfsException {
        try (BlockDevice dev = BlockDevice.open(image, true)) {
            Findings findings = new Findings();
            SuperblockCheck.Found found = SuperblockCheck.findSuperblock(dev, findings);
            if (found == null) {
                return report(findings, null, Map.of());
            }
            CheckContext c = new CheckContext(dev, found.sb(), findings);
            SuperblockCheck.checkSecondaries(c);
            checkLog(c);
            Map<Long, InodeInfo> table = new HashMap<>();
            InodeScan inodes = new InodeScan(c, table);
            long icount = 0;
            long ifree = 0;
            long fdblocks = 0;
            for (int agno = 0; agno < c.geo.agcount; agno++) {
                AgCheck.Result ag;
                try {
                    ag = AgCheck.check(c, agno);
                } catch (RuntimeException e) {
                    cannotFollow(c, agno, e);
                    continue;
                }
                icount += ag.icount();
                ifree += ag.ifree();
                fdblocks += ag.fdblocks();
                inodes.scanAg(agno, ag.chunks());
                c.dropCache();
            }
            checkUnclaimed(c);
            DirCheck dirs = new DirCheck(c, table);
            dirs.run();
            LinkCountCheck.check(c, table, dirs);
            if (!found.secondary()) {
                // only the primary's counters are kept up to date
                CounterCheck.check(c, icount, ifree, fdblocks);
            }
            return report(findings, c, table);
        }
    }

    /**
     * A structure that sent the walk somewhere no check foresaw (an index past a buffer's end): the AG is reported
     * as one that cannot be followed, with the exception's words, never a stack trace.
     */
    private static void cannotFollow(CheckContext c, int agno, RuntimeException e) {
        c.findings.add("xfs_agf", c.agHeaderWhere(agno, org.jxfs.core.format.Agf.SECTOR),
                "AG " + agno + " cannot be followed (" + e + ")");
        c.blocks.markIncomplete(agno);
    }

    /** The internal log's blocks are claimed, and the log must be clean (xfs_repair's zero_log in -n mode). */
    private static void checkLog(CheckContext c) {
        Geometry g = c.geo;
        String where = "agno " + g.fsbToAgno(g.logstart) + " agbno " + g.fsbToAgbno(g.logstart) + " ("
                + Finding.daddr(g.logDaddr()) + ")";
        if (g.logstart == 0) {
            c.findings.note("external log: not checked");
            return;
        }
        c.blocks.claimFsb(g.logstart, g.logblocks, Owner.LOG, "xfs_log", where);
        try {
            LogHead head = LogHead.find(c.cache, g);
            if (!head.clean()) {
                c.findings.add("xfs_log", where, "the log is dirty (" + head.reason() + "); mount the filesystem"
                        + " to replay it");
            }
        } catch (XfsException e) {
            c.findings.add("xfs_log", where, "cannot find the log head: " + e.getMessage());
        }
    }

    /**
     * Phase 4's other half: a block nobody claimed is neither free nor in use (a leaked block). xfs_repair finds
     * these only when its phase 5 rebuilds the free-space btrees, which -n skips, so they are warnings: one line per
     * AG, and none for an AG some of whose structures could not be followed.
     */
    private static void checkUnclaimed(CheckContext c) {
        for (int agno = 0; agno < c.geo.agcount; agno++) {
            if (c.blocks.incomplete(agno)) {
                continue;
            }
            long first = -1;
            long blocks = 0;
            long runs = 0;
            boolean inRun = false;
            for (long agbno = 0; agbno < c.blocks.blocks(agno); agbno++) {
                boolean unclaimed = c.blocks.owner(agno, agbno) == null;
                if (unclaimed) {
                    blocks++;
                    first = first < 0 ? agbno : first;
                    runs += inRun ? 0 : 1;
                }
                inRun = unclaimed;
            }
            if (blocks > 0) {
                c.findings.warn("xfs_agf", c.agHeaderWhere(agno, org.jxfs.core.format.Agf.SECTOR), blocks
                        + " blocks in " + runs + " extents are neither free nor in use (the first at agbno " + first
                        + ")");
            }
        }
    }

    private static Report report(Findings f, CheckContext c, Map<Long, InodeInfo> table) {
        if (c == null) {
            return new Report(f.list(), f.dropped(), f.warnings(), f.notes(), 0, 0, 0, 0, 0);
        }
        long free = 0;
        long used = 0;
        for (int agno = 0; agno < c.geo.agcount; agno++) {
            for (long b = 0; b < c.blocks.blocks(agno); b++) {
                Owner o = c.blocks.owner(agno, b);
                if (o == Owner.FREE) {
                    free++;
                } else if (o != null) {
                    used++;
                }
            }
        }
        long dirs = table.values().stream().filter(InodeInfo::isDir).count();
        return new Report(List.copyOf(f.list()), f.dropped(), f.warnings(), f.notes(), c.geo.agcount, table.size(),
                dirs, used, free);
    }
}
