// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import java.util.Map;
import java.util.TreeMap;

/**
 * struct xfs_extent_busy_tree: one AG's busy extents by start block, with the generation that moves whenever some
 * are cleared, so an allocator that found only busy space can tell whether waiting helped. The monitor of this
 * object is eb_lock. Busy extents never overlap, so the start block orders them.
 */
final class ExtentBusyTree {
    private final TreeMap<Long, BusyExtent> tree = new TreeMap<>();
    /** eb_gen. */
    private int gen;

    synchronized int gen() {
        return gen;
    }

    synchronized boolean isEmpty() {
        return tree.isEmpty();
    }

    /** Ports xfs_extent_busy_insert_list (the tree half). */
    synchronized void insert(BusyExtent b) {
        Map.Entry<Long, BusyExtent> lo = tree.floorEntry(b.bno);
        assert lo == null || lo.getValue().end() <= b.bno : "busy " + b + " overlaps " + lo.getValue();
        Map.Entry<Long, BusyExtent> hi = tree.ceilingEntry(b.bno);
        assert hi == null || b.end() <= hi.getKey() : "busy " + b + " overlaps " + hi.getValue();
        tree.put(b.bno, b);
    }

    /**
     * Ports xfs_extent_busy_search: 0 when nothing in [bno, bno + len) is busy, 1 when exactly that extent is, -1
     * for a partial overlap.
     */
    synchronized int search(long bno, long len) {
        int match = 0;
        Map.Entry<Long, BusyExtent> lo = tree.floorEntry(bno);
        if (lo != null && lo.getValue().end() > bno) {
            if (lo.getKey() == bno) {
                return lo.getValue().length == len ? 1 : -1;
            }
            match = -1;
        }
        Map.Entry<Long, BusyExtent> hi = tree.higherEntry(bno);
        if (hi != null && hi.getKey() < bno + len) {
            match = -1;
        }
        return match;
    }

    /**
     * Ports the loop of xfs_extent_busy_trim: the part of the free extent {@code [bno, bno + len)} that no busy extent
     * touches, as {bno, len, busy, gen}; len 0 when no part is at least minlen. busy is 1 when the extent was
     * trimmed. The kernel meets the overlapping busy extents in rbtree order; going through them from the lowest
     * gives the same answer except when several lie inside one free extent and the middle-overlap rule picks
     * differently.
     */
    synchronized long[] trim(long minlen, long maxlen, long bno, long len) {
        assert len > 0;
        long fbno = bno;
        long flen = len;
        boolean failed = false;
        Map.Entry<Long, BusyExtent> first = tree.floorEntry(fbno);
        Long key = first != null && first.getValue().end() > fbno ? first.getKey() : tree.higherKey(fbno);
        while (key != null && flen >= minlen) {
            BusyExtent b = tree.get(key);
            long fend = fbno + flen;
            long bbno = b.bno;
            long bend = b.end();
            if (fend <= bbno) {
                break;
            }
            if (fbno >= bend) {
                key = tree.higherKey(key);
                continue;
            }
            if (bbno <= fbno) {
                // Start overlap: no unbusy region if the busy extent reaches the free extent's end.
                if (fend <= bend) {
                    failed = true;
                    break;
                }
                fbno = bend;
            } else if (bend >= fend) {
                // End overlap.
                fend = bbno;
            } else if (bbno - fbno >= maxlen) {
                // Middle overlap: the left piece fits the whole request; forward allocation is preferred.
                fend = bbno;
            } else if (fend - bend >= maxlen * TRIM_RIGHT_FACTOR) {
                // The right piece is so much larger that later allocations will still be contiguous.
                fbno = bend;
            } else if (bbno - fbno >= minlen) {
                fend = bbno;
            } else {
                failed = true;
                break;
            }
            flen = fend - fbno;
            key = tree.higherKey(key);
        }
        if (failed) {
            flen = 0;
        }
        boolean trimmed = fbno != bno || flen != len;
        return new long[] {fbno, flen, trimmed ? 1 : 0, gen};
    }

    /** The right piece of a middle overlap wins when it is this many times maxlen (xfs_extent_busy_trim). */
    static final long TRIM_RIGHT_FACTOR = 4;

    /**
     * Ports xfs_extent_busy_update_extent for one pass of xfs_extent_busy_reuse: makes the busy extents
     * overlapping {@code [fbno, fbno + flen)} give that range up. Returns the busy extent that cannot be shrunk
     * without splitting it (or any, for user data), for which the caller must force the log; null when done.
     */
    synchronized BusyExtent reuse(long fbno, long flen, boolean userdata) {
        long fend = fbno + flen;
        for (;;) {
            Map.Entry<Long, BusyExtent> lo = tree.floorEntry(fbno);
            BusyExtent b = lo != null && lo.getValue().end() > fbno ? lo.getValue() : null;
            if (b == null) {
                Map.Entry<Long, BusyExtent> hi = tree.higherEntry(fbno);
                b = hi != null && hi.getKey() < fend ? hi.getValue() : null;
            }
            if (b == null) {
                return null;
            }
            long bbno = b.bno;
            long bend = b.end();
            if (userdata || (bbno < fbno && bend > fend)) {
                // A split would change a transaction's or checkpoint's list, which is immutable.
                return b;
            }
            tree.remove(bbno);
            if (bbno >= fbno && bend <= fend) {
                // Fully covered: out of the tree, and length 0 marks it dead on its list.
                b.length = 0;
            } else if (fend < bend) {
                b.bno = fend;
                b.length = bend - fend;
                tree.put(b.bno, b);
            } else {
                assert bbno < fbno;
                b.length = fbno - bbno;
                tree.put(b.bno, b);
            }
        }
    }

    /**
     * Ports xfs_extent_busy_clear_one for every extent of {@code list} in this AG. Bumps the generation (and wakes
     * waiters) when one was cleared.
     */
    synchronized void clear(Iterable<BusyExtent> list, int agno) {
        boolean wakeup = false;
        for (BusyExtent b : list) {
            if (b.agno != agno) {
                continue;
            }
            if (b.length != 0) {
                BusyExtent removed = tree.remove(b.bno);
                assert removed == b : b + " not in its tree";
                b.length = 0;
            }
            wakeup = true;
        }
        if (wakeup) {
            gen++;
            notifyAll();
        }
    }

    /** Waits up to {@code millis} for the generation to move past {@code busyGen}. */
    synchronized boolean awaitGen(int busyGen, long millis) throws InterruptedException {
        if (gen == busyGen) {
            wait(millis);
        }
        return gen != busyGen;
    }
}
