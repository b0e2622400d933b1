// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.map;

import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.AgMetadataMap;
import org.jxfs.core.mount.Freesp;
import org.jxfs.core.mount.Mount;
import org.jxfs.tools.db.ImageInodes;

/**
 * Counts, for each cell of each AG (a run of {@code blocksPerCell} blocks), how many of its blocks hold each
 * {@link BlockKind}: free space from the bnobt, AG metadata from the metadata map a mount builds, and file blocks
 * from every inode's forks (data written or unwritten, directory, xattr, bmbt), one file's blocks set apart. Blocks
 * no structure claims are left for {@link #count} to report as {@link BlockKind#OTHER}.
 */
final class BlockCensus {
    final Geometry geo;
    final long blocksPerCell;
    final int cellsPerAg;
    /** counts[agno][cell * KINDS + kind] */
    private final long[][] counts;
    private final long[] totals = new long[BlockKind.values().length];
    private static final int KINDS = BlockKind.values().length;

    BlockCensus(Geometry geo, long blocksPerCell) {
        this.geo = geo;
        this.blocksPerCell = blocksPerCell;
        this.cellsPerAg = (int) ((geo.agblocks + blocksPerCell - 1) / blocksPerCell);
        this.counts = new long[geo.agcount][cellsPerAg * KINDS];
    }

    /** Reads the image: free space, AG metadata, then every inode's extents ({@code highlightIno}'s apart). */
    static BlockCensus take(Mount mp, long blocksPerCell, long highlightIno) throws XfsException {
        Geometry geo = mp.geometry();
        BlockCensus c = new BlockCensus(geo, blocksPerCell);
        for (int agno = 0; agno < geo.agcount; agno++) {
            int ag = agno;
            Freesp.bnobtExtents(mp, agno, (agbno, len) -> c.add(ag, agbno, len, BlockKind.FREE));
        }
        AgMetadataMap meta = AgMetadataMap.scan(mp);
        for (int agno = 0; agno < geo.agcount; agno++) {
            for (long[] x : meta.snapshot(agno)) {
                c.add(agno, x[0], x[1] - x[0], kindOf(AgMetadataMap.Kind.values()[(int) x[2]]));
            }
        }
        ImageInodes.forEachExtent(mp, (ino, dip, attr, fsbno, len, unwritten, bmbt) -> {
            BlockKind k;
            if (ino == highlightIno) {
                k = BlockKind.HIGHLIGHT;
            } else if (bmbt) {
                k = BlockKind.BMBT;
            } else if (attr) {
                k = BlockKind.XATTR;
            } else if ((dip.mode() & Dinode.S_IFMT) == Dinode.S_IFDIR) {
                k = BlockKind.DIRECTORY;
            } else {
                k = unwritten ? BlockKind.UNWRITTEN : BlockKind.DATA;
            }
            c.add(geo.fsbToAgno(fsbno), geo.fsbToAgbno(fsbno), len, k);
        });
        return c;
    }

    private static BlockKind kindOf(AgMetadataMap.Kind k) {
        return switch (k) {
            case HEADERS -> BlockKind.HEADERS;
            case FREE_SPACE -> BlockKind.FREE_SPACE_BTREE;
            case INODE_BTREE, FREE_INODE_BTREE -> BlockKind.INODE_BTREE;
            case REFCOUNT_BTREE -> BlockKind.REFCOUNT_BTREE;
            case INODES -> BlockKind.INODES;
            case LOG -> BlockKind.LOG;
        };
    }

    /** Adds {@code len} blocks from {@code agbno} of AG {@code agno}, cell by cell. */
    void add(int agno, long agbno, long len, BlockKind kind) {
        long end = Math.min(agbno + len, geo.agBlockCount(agno));
        totals[kind.ordinal()] += Math.max(0, end - agbno);
        long[] ag = counts[agno];
        for (long b = agbno; b < end; ) {
            long cell = b / blocksPerCell;
            long cellEnd = Math.min(end, (cell + 1) * blocksPerCell);
            ag[(int) cell * KINDS + kind.ordinal()] += cellEnd - b;
            b = cellEnd;
        }
    }

    /** Blocks of {@code kind} in a cell; OTHER is what no structure claimed. */
    long count(int agno, int cell, BlockKind kind) {
        if (kind != BlockKind.OTHER) {
            return counts[agno][cell * KINDS + kind.ordinal()];
        }
        long start = (long) cell * blocksPerCell;
        long size = Math.max(0, Math.min(geo.agBlockCount(agno), start + blocksPerCell) - start);
        long claimed = 0;
        for (int k = 0; k < KINDS; k++) {
            claimed += counts[agno][cell * KINDS + k];
        }
        return Math.max(0, size - claimed);
    }

    /** The cell's colour: the chosen file wherever it has a block, else the kind holding most of the cell. */
    BlockKind dominant(int agno, int cell) {
        if (count(agno, cell, BlockKind.HIGHLIGHT) > 0) {
            return BlockKind.HIGHLIGHT;
        }
        BlockKind best = BlockKind.FREE;
        long bestCount = -1;
        for (BlockKind k : BlockKind.values()) {
            long n = count(agno, cell, k);
            if (n > bestCount) {
                best = k;
                bestCount = n;
            }
        }
        return best;
    }

    /** Blocks of each kind in the whole image (OTHER: the rest of dblocks). */
    long total(BlockKind kind) {
        if (kind != BlockKind.OTHER) {
            return totals[kind.ordinal()];
        }
        long claimed = 0;
        for (long t : totals) {
            claimed += t;
        }
        return Math.max(0, geo.dblocks - claimed);
    }
}
