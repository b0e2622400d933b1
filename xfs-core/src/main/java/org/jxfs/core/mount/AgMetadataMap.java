// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;

/**
 * Which blocks of each AG the AG's own metadata holds: the headers, the free list and the free-space btrees, the
 * inode btrees, the refcount btree, the allocated parts of inode chunks and the internal log. The kernel without
 * rmapbt trusts a file's extent map, so an extent that claims one of these blocks is freed (or written) as if it
 * were the file's and the filesystem is cross-linked; jxfs keeps this map instead, built when the mount opens
 * ({@link AgMetadataScan}) and kept as the structures grow and shrink (the allocator claims what it hands to AG
 * metadata and releases what AG metadata gives back), so such an extent is refused as corruption before anything
 * is freed or written.
 *
 * <p>Each AG is a sorted map of disjoint extents, adjacent extents of one kind merged. The methods synchronise on
 * the AG's map: callers already hold the AGF (or AGI) that serialises changes to the structures themselves.
 */
public final class AgMetadataMap {
    /** What a block of AG metadata holds, as a corruption message names it. */
    public enum Kind {
        HEADERS("the AG headers"),
        /** AGFL blocks and free-space btree blocks: blocks move between the two without the map hearing of it. */
        FREE_SPACE("the free list or a free-space btree"),
        INODE_BTREE("the inode btree"),
        FREE_INODE_BTREE("the free inode btree"),
        REFCOUNT_BTREE("the refcount btree"),
        INODES("an inode chunk"),
        LOG("the internal log");

        private final String what;

        Kind(String what) {
            this.what = what;
        }

        @Override
        public String toString() {
            return what;
        }
    }

    /** One extent of metadata: {@code [start, end)} in AG blocks. */
    private record Extent(long start, long end, Kind kind) {
    }

    private final Geometry geo;
    private final TreeMap<Long, Extent>[] ags;

    /**
     * Builds the map of any mount, read-only ones included (which keep none), by walking every AG's metadata as
     * a read-write mount does when it opens.
     */
    public static AgMetadataMap scan(Mount mp) throws XfsException {
        return AgMetadataScan.build(mp);
    }

    @SuppressWarnings("unchecked")
    AgMetadataMap(Geometry geo) {
        this.geo = geo;
        this.ags = new TreeMap[geo.agcount];
        for (int i = 0; i < ags.length; i++) {
            ags[i] = new AgExtents();
        }
    }

    /**
     * One AG's extents; also the AG's lock. Padded: the AGs' maps sit side by side in memory, and allocators in
     * different AGs lock and change theirs at once, which unpadded bounced one cache line between them.
     */
    @SuppressWarnings("unused")
    private static final class AgExtents extends TreeMap<Long, Extent> {
        private static final long serialVersionUID = 1L;
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    /**
     * Records that {@code [agbno, agbno + len)} of AG {@code agno} now holds metadata of {@code kind}. A block that
     * already holds metadata means two structures claim it: the free-space btrees listed a metadata block as free,
     * or an AG header points at a block that is something else already.
     */
    public void claim(int agno, long agbno, long len, Kind kind) throws FsCorruptedException {
        TreeMap<Long, Extent> m = ags[agno];
        synchronized (m) {
            Extent hit = overlapLocked(m, agbno, len);
            if (hit != null) {
                throw crossLinked(agno, agbno, len, kind.toString(), hit);
            }
            long start = agbno;
            long end = agbno + len;
            Map.Entry<Long, Extent> lo = m.lowerEntry(start);
            if (lo != null && lo.getValue().end == start && lo.getValue().kind == kind) {
                start = lo.getKey();
                m.remove(lo.getKey());
            }
            Extent hi = m.get(end);
            if (hi != null && hi.kind == kind) {
                end = hi.end;
                m.remove(hi.start);
            }
            m.put(start, new Extent(start, end, kind));
        }
    }

    /** Records that {@code [agbno, agbno + len)} of AG {@code agno} no longer holds metadata (freed or handed out). */
    public void release(int agno, long agbno, long len) {
        TreeMap<Long, Extent> m = ags[agno];
        long end = agbno + len;
        synchronized (m) {
            Map.Entry<Long, Extent> e = m.lowerEntry(end);
            while (e != null && e.getValue().end > agbno) {
                Extent x = e.getValue();
                m.remove(x.start);
                if (x.start < agbno) {
                    m.put(x.start, new Extent(x.start, agbno, x.kind));
                }
                if (x.end > end) {
                    m.put(end, new Extent(end, x.end, x.kind));
                }
                e = m.lowerEntry(x.start);
            }
        }
    }

    /**
     * Throws when any block of {@code [agbno, agbno + len)} of AG {@code agno} holds AG metadata: {@code what}
     * claims it (e.g. "inode 131 data fork extent [0, 24, 2]"; made only for the message), and the message names
     * the AG, the blocks, their disk address and what they hold.
     */
    public void checkFree(int agno, long agbno, long len, Supplier<String> what) throws FsCorruptedException {
        TreeMap<Long, Extent> m = ags[agno];
        synchronized (m) {
            Extent hit = overlapLocked(m, agbno, len);
            if (hit != null) {
                throw crossLinked(agno, agbno, len, what.get(), hit);
            }
        }
    }

    /** The kind of metadata at {@code agbno} of AG {@code agno}, or null when it holds none. */
    public Kind kindAt(int agno, long agbno) {
        TreeMap<Long, Extent> m = ags[agno];
        synchronized (m) {
            Map.Entry<Long, Extent> e = m.floorEntry(agbno);
            return e != null && e.getValue().end > agbno ? e.getValue().kind : null;
        }
    }

    /** Blocks of AG {@code agno} recorded as metadata. */
    public long blocks(int agno) {
        TreeMap<Long, Extent> m = ags[agno];
        synchronized (m) {
            long n = 0;
            for (Extent x : m.values()) {
                n += x.end - x.start;
            }
            return n;
        }
    }

    /** Extents recorded over all AGs (what the map's memory grows with). */
    public long extents() {
        long n = 0;
        for (TreeMap<Long, Extent> m : ags) {
            synchronized (m) {
                n += m.size();
            }
        }
        return n;
    }

    /** The AG's extents as {start, end, kind ordinal}, in block order: for tests comparing two maps. */
    public long[][] snapshot(int agno) {
        TreeMap<Long, Extent> m = ags[agno];
        synchronized (m) {
            long[][] out = new long[m.size()][];
            int i = 0;
            for (Extent x : m.values()) {
                out[i++] = new long[] {x.start, x.end, x.kind.ordinal()};
            }
            return out;
        }
    }

    /** The first extent (lowest block) overlapping {@code [agbno, agbno + len)}, or null. */
    private static Extent overlapLocked(TreeMap<Long, Extent> m, long agbno, long len) {
        Map.Entry<Long, Extent> e = m.floorEntry(agbno);
        if (e != null && e.getValue().end > agbno) {
            return e.getValue();
        }
        e = m.higherEntry(agbno);
        return e != null && e.getKey() < agbno + len ? e.getValue() : null;
    }

    private FsCorruptedException crossLinked(int agno, long agbno, long len, String what, Extent hit) {
        long first = Math.max(agbno, hit.start);
        return new FsCorruptedException("Metadata corruption detected: " + what + " claims AG " + agno + " block "
                + first + " (daddr 0x" + Long.toHexString(geo.agbToDaddr(agno, first)) + "), which holds "
                + hit.kind + " (AG blocks [" + hit.start + ", " + hit.end + "))");
    }
}
