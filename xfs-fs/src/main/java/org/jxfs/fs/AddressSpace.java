// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jxfs.core.inode.Inode;

/**
 * The page cache of one inode (struct address_space): its cached blocks by file block, which of them are dirty, and
 * the in-core inode flags the buffered paths keep (XFS_ITRUNCATED, XFS_EOFBLOCKS_RELEASED). The blocks are held as
 * the kernel's xarray holds its pages: in nodes of {@link #NODE_SLOTS} slots for consecutive file blocks, the nodes
 * in a tree by their first block's node number, so a block costs an array slot rather than a tree entry with a boxed
 * key, and the node last used is remembered for the runs of neighbouring blocks one write or writeback touches. The
 * folio map is guarded by this object's monitor; {@link #writebackLock} serialises writeback of the inode (one writer of its
 * dirty data at a time, as the folio writeback bit does). Counts are reported to the mount's {@link PageCache}.
 */
final class AddressSpace {
    /** log2 of the blocks one node holds (XA_CHUNK_SHIFT). */
    private static final int NODE_SHIFT = 6;
    /** The blocks one node holds (XA_CHUNK_SIZE). */
    static final int NODE_SLOTS = 1 << NODE_SHIFT;
    private static final int SLOT_MASK = NODE_SLOTS - 1;

    /** The cached blocks of file blocks [number << NODE_SHIFT, (number + 1) << NODE_SHIFT). */
    private static final class Node {
        final long number;
        final Folio[] slots = new Folio[NODE_SLOTS];
        int count;

        Node(long number) {
            this.number = number;
        }
    }

    final Inode ip;
    private final PageCache cache;
    private final TreeMap<Long, Node> nodes = new TreeMap<>();
    /** The node last looked up, or null. */
    private Node last;
    private long cachedCount;
    private long dirtyCount;
    final ReentrantLock writebackLock = new ReentrantLock();
    /** XFS_ITRUNCATED: truncated down since the last release; the release starts writeback of delalloc data. */
    volatile boolean truncated;
    /** XFS_EOFBLOCKS_RELEASED: a release already trimmed the post-EOF blocks once. */
    volatile boolean eofblocksReleased;

    AddressSpace(Inode ip, PageCache cache) {
        this.ip = ip;
        this.cache = cache;
    }

    private Node node(long index) {
        long number = index >>> NODE_SHIFT;
        Node n = last;
        if (n != null && n.number == number) {
            return n;
        }
        n = nodes.get(number);
        if (n != null) {
            last = n;
        }
        return n;
    }

    synchronized Folio get(long index) {
        Node n = node(index);
        return n == null ? null : n.slots[(int) index & SLOT_MASK];
    }

    /** Adds a folio that is not cached yet; returns the one already there if another thread added it first. */
    synchronized Folio add(Folio f) {
        Node n = node(f.index);
        if (n == null) {
            n = new Node(f.index >>> NODE_SHIFT);
            nodes.put(n.number, n);
            last = n;
        }
        int slot = (int) f.index & SLOT_MASK;
        Folio old = n.slots[slot];
        if (old != null) {
            return old;
        }
        n.slots[slot] = f;
        n.count++;
        cachedCount++;
        cache.accountCached(1);
        return f;
    }

    /** A range of at most this many nodes has its nodes looked up one by one rather than walked in the tree. */
    private static final int SHORT_RANGE_NODES = 8;

    /**
     * The nodes that may hold blocks of [first, last], in file order: a snapshot, so the caller may drop nodes from
     * the tree as it goes. The short ranges of writes and punches are looked up node by node, which costs less than
     * a walk of a view of the tree.
     */
    private List<Node> nodesIn(long first, long last) {
        long a = first >>> NODE_SHIFT;
        long z = last >>> NODE_SHIFT;
        if (z - a < SHORT_RANGE_NODES) {
            List<Node> out = new ArrayList<>((int) (z - a + 1));
            for (long k = a; k <= z; k++) {
                Node n = node(k << NODE_SHIFT);
                if (n != null) {
                    out.add(n);
                }
            }
            return out;
        }
        return new ArrayList<>(nodes.subMap(a, true, z, true).values());
    }

    /** Takes an emptied node out of the tree. */
    private void dropNode(Node n) {
        nodes.remove(n.number);
        if (last == n) {
            last = null;
        }
    }

    /** The first slot of {@code n} at or after block {@code first}. */
    private static int fromSlot(Node n, long first) {
        return first >>> NODE_SHIFT == n.number ? (int) first & SLOT_MASK : 0;
    }

    /** One past the last slot of {@code n} at or before block {@code last}. */
    private static int toSlot(Node n, long last) {
        return last >>> NODE_SHIFT == n.number ? ((int) last & SLOT_MASK) + 1 : NODE_SLOTS;
    }

    synchronized void markDirty(Folio f) {
        if (!f.dirty) {
            f.dirty = true;
            dirtyCount++;
            cache.accountDirty(1);
        }
    }

    synchronized long dirtyCount() {
        return dirtyCount;
    }

    synchronized long cachedCount() {
        return cachedCount;
    }

    synchronized boolean hasDirty(long first, long last) {
        if (dirtyCount == 0 || first > last) {
            return false;
        }
        for (Node n : nodesIn(first, last)) {
            for (int i = fromSlot(n, first), end = toSlot(n, last); i < end; i++) {
                Folio f = n.slots[i];
                if (f != null && f.dirty) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A dirty block taken for writeback: its folio, whose bytes the writeback copies to the device under this
     * address space's monitor (as buffered writes copy into them), so no block is written torn and none copied twice.
     */
    record DirtyBlock(Folio folio) {
        long index() {
            return folio.index;
        }
    }

    /**
     * Takes the dirty blocks in [first, last] for writeback: each is marked clean (folio_clear_dirty_for_io), so a
     * write that dirties it again while writeback runs leaves it dirty for the next one (the writeback may already
     * write its new bytes: the next one writes them again).
     */
    synchronized List<DirtyBlock> takeDirty(long first, long last) {
        if (dirtyCount == 0) {
            return new ArrayList<>(0);
        }
        // whole folios: the ones holding the range's first and last blocks may reach past it
        Folio a = get(first);
        if (a != null) {
            first = a.head;
        }
        Folio z = get(last);
        if (z != null && z.head + z.nblocks - 1 > last) {
            last = z.head + z.nblocks - 1;
        }
        if (first > last) {
            return new ArrayList<>(0);
        }
        // sized for every dirty block of the range at most, so the list never regrows (a whole-file writeback
        // takes tens of thousands)
        long span = last - first < Long.MAX_VALUE ? last - first + 1 : Long.MAX_VALUE;
        List<DirtyBlock> out = new ArrayList<>((int) Math.min(dirtyCount, span));
        for (Node n : nodesIn(first, last)) {
            for (int i = fromSlot(n, first), end = toSlot(n, last); i < end; i++) {
                Folio f = n.slots[i];
                if (f != null && f.dirty) {
                    out.add(new DirtyBlock(f));
                    f.dirty = false;
                    dirtyCount--;
                    cache.accountDirty(-1);
                }
            }
        }
        return out;
    }

    /** Writeback could not write {@code b}: it is dirty again (its data may have changed since; keep the newer). */
    synchronized void redirty(DirtyBlock b) {
        if (get(b.index()) == b.folio()) {
            markDirty(b.folio());
        }
    }

    /**
     * Drops the folios of blocks [first, last], dirty or not (truncate_inode_pages_range / invalidate: the caller
     * wrote back what had to survive). Their block arrays go back to the {@link PageCache} for new folios, so every
     * reader or writer of a folio's bytes finds the folio and uses its bytes in one hold of this monitor.
     */
    synchronized void invalidate(long first, long last) {
        if (first > last) {
            return;
        }
        // a large folio cut by the range is split: what stays of it becomes blocks of their own
        splitAround(first, first, last);
        splitAround(last, first, last);
        // A writeback of this inode holds folios it took outside the monitor: theirs are not reused.
        boolean reuse = !writebackLock.isLocked();
        long dropped = 0;
        for (Node n : nodesIn(first, last)) {
            for (int i = fromSlot(n, first), end = toSlot(n, last); i < end; i++) {
                Folio f = n.slots[i];
                if (f != null) {
                    if (f.dirty) {
                        dirtyCount--;
                        cache.accountDirty(-1);
                    }
                    n.slots[i] = null;
                    n.count--;
                    dropped++;
                    if (reuse) {
                        cache.freeBlock(f.data);
                    }
                }
            }
            if (n.count == 0) {
                dropNode(n);
            }
        }
        cachedCount -= dropped;
        cache.accountCached(-dropped);
    }

    private void splitAround(long b, long first, long last) {
        Folio f = get(b);
        if (f == null || f.nblocks == 1 || (f.head >= first && f.head + f.nblocks - 1 <= last)) {
            return;
        }
        for (long i = f.head, end = f.head + f.nblocks; i < end; i++) {
            Folio m = get(i);
            if (m != null) {
                m.head = i;
                m.nblocks = 1;
            }
        }
    }

    /**
     * Whether any block of [first, first + n) is cached (filemap_add_folio of a folio that large would fail with
     * EEXIST).
     */
    synchronized boolean anyCached(long first, long n) {
        if (n <= 0) {
            return false;
        }
        long last = first + n - 1;
        for (Node nd : nodesIn(first, last)) {
            for (int i = fromSlot(nd, first), end = toSlot(nd, last); i < end; i++) {
                if (nd.slots[i] != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Drops up to {@code max} clean folios (memory pressure), in file order; returns how many were dropped. */
    synchronized long evictClean(long max) {
        long dropped = 0;
        Iterator<Node> it = nodes.values().iterator();
        while (it.hasNext() && dropped < max) {
            Node n = it.next();
            for (int i = 0; i < NODE_SLOTS && dropped < max; i++) {
                Folio f = n.slots[i];
                if (f != null && !f.dirty) {
                    n.slots[i] = null;
                    n.count--;
                    dropped++;
                }
            }
            if (n.count == 0) {
                it.remove();
                if (last == n) {
                    last = null;
                }
            }
        }
        cachedCount -= dropped;
        cache.accountCached(-dropped);
        return dropped;
    }

    /** The file blocks of cached folios in [first, last] (for zeroing through the cache). */
    synchronized List<Folio> cachedIn(long first, long last) {
        List<Folio> out = new ArrayList<>();
        if (first > last) {
            return out;
        }
        for (Node n : nodesIn(first, last)) {
            for (int i = fromSlot(n, first), end = toSlot(n, last); i < end; i++) {
                if (n.slots[i] != null) {
                    out.add(n.slots[i]);
                }
            }
        }
        return out;
    }
}
