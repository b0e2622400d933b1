// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import java.nio.file.Path;
import java.util.List;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.dax.DaxMapping;
import org.jxfs.dax.FaultExplorer;
import org.jxfs.dax.RaceAccess;
import org.jxfs.dax.RaceResult;
import org.jxfs.dax.RaceWorld;
import org.jxfs.fs.DaxFiles;
import org.jxfs.fs.FallocMode;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.fs.XfsMountOptions;
import org.jxfs.iomap.DaxPolicy;

/**
 * The exhaustive side of {@code jxfs dax-race}: {@link FaultExplorer} over XFS itself. The race world is a DAX file
 * of four pages in an image mounted in the mode under test, whose page 0 is an unwritten extent freshly fallocated
 * over blocks filled with stale bytes; before each run the file is truncated to nothing (its blocks freed), its
 * address_space emptied (what truncate_pagecache does), and page 0 fallocated again. Every interleaving of the
 * accesses' fault steps then runs through the real get_block, allocation, zeroing and conversion.
 */
public final class DaxExplore {
    static final int PAGE = DaxMapping.PAGE_SIZE;
    static final byte STALE = 0x5a;

    /**
     * A scenario: its label, its accesses (each thread's first touch of page 0), and whether it is explored whole or
     * within the preemption bound (three faults have about 10^6 interleavings).
     */
    public record Scenario(String label, List<RaceAccess> accesses, boolean bounded) {
    }

    /** Two write faults on one unwritten page, and three faults with a read among them. */
    public static final List<Scenario> SCENARIOS = List.of(
            new Scenario("2 write faults", RaceAccess.twoStores(), false),
            new Scenario("read + 2 write faults", RaceAccess.loadAndTwoStores(), true));

    private DaxExplore() {
    }

    /**
     * Mounts {@code image} in {@code mode} and explores every scenario on file {@code path}, the bounded ones with
     * at most {@code preemptions} preemptions; unmounts.
     */
    public static List<RaceResult> explore(Path image, DaxPolicy.Mode mode, String path, int preemptions)
            throws XfsException {
        try (Xfs fs = Xfs.open(image, new XfsMountOptions(false, mode)); XfsFile f = fs.openFile(path, true, false)) {
            f.fssetxflags(DaxStress.FS_XFLAG_DAX);
            DaxMapping mapping = DaxFiles.of(fs.mount()).mapping(f.inode());
            RaceWorld world = () -> fresh(fs, f, mapping);
            List<RaceResult> out = new java.util.ArrayList<>();
            for (Scenario s : SCENARIOS) {
                out.add(new FaultExplorer(world, s.accesses()).keepExamples(1)
                        .preemptionBound(s.bounded() ? preemptions : Integer.MAX_VALUE).explore());
            }
            f.truncate(0);
            mapping.invalidateRange(0, Long.MAX_VALUE);
            return out;
        }
    }

    private static DaxMapping fresh(Xfs fs, XfsFile f, DaxMapping mapping) throws XfsException {
        f.truncate(0);
        mapping.invalidateRange(0, Long.MAX_VALUE);
        f.truncate(4L * PAGE);
        f.fallocate(FallocMode.KEEP_SIZE, 0, PAGE);
        List<BmbtIrec> ext = f.extents();
        if (ext.size() != 1 || !ext.get(0).isUnwritten()) {
            throw new XfsException(XfsException.EIO, "race world: page 0 should be one unwritten extent: " + ext);
        }
        Geometry geo = fs.mount().geometry();
        long dev = geo.fsbToDaddr(ext.get(0).startblock()) << Geometry.BBSHIFT;
        mapping.pmem().fill(dev, PAGE, STALE);   // what the freed blocks held: a leak shows as 0x5a5a...
        mapping.pmem().wmb();
        return mapping;
    }
}
