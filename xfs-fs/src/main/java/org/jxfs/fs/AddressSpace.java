// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jxfs.core.inode.Inode;

/**
 * The page cache of one inode (struct address_space): its cached blocks by file block, which of them are dirty, and
 * the in-core inode flags the buffered paths keep (XFS_ITRUNCATED, XFS_EOFBLOCKS_RELEASED). The folio map is
 * guarded by this object's monitor; {@link #writebackLock} serialises writeback of the inode (one writer of its
 * dirty data at a time, as the folio writeback bit does). Counts are reported to the mount's {@link PageCache}.
 */
final class AddressSpace {
    final Inode ip;
    private final PageCache cache;
    private final TreeMap<Long, Folio> folios = new TreeMap<>();
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

    synchronized Folio get(long index) {
        return folios.get(index);
    }

    /** Adds a folio that is not cached yet; returns the one already there if another thread added it first. */
    synchronized Folio add(Folio f) {
        Folio old = folios.putIfAbsent(f.index, f);
        if (old != null) {
            return old;
        }
        cache.accountCached(1);
        return f;
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
        return folios.size();
    }

    synchronized boolean hasDirty(long first, long last) {
        if (dirtyCount == 0) {
            return false;
        }
        for (Folio f : folios.subMap(first, true, last, true).values()) {
            if (f.dirty) {
                return true;
            }
        }
        return false;
    }

    /** A dirty block's index and a copy of its bytes, taken for writeback. */
    record DirtyBlock(long index, byte[] data) {
    }

    /**
     * Takes the dirty blocks in [first, last] for writeback: each is copied and marked clean (folio_clear_dirty_for_io),
     * so a write that dirties it again while writeback runs leaves it dirty for the next one.
     */
    synchronized List<DirtyBlock> takeDirty(long first, long last) {
        List<DirtyBlock> out = new ArrayList<>();
        if (dirtyCount == 0) {
            return out;
        }
        // whole folios: the ones holding the range's first and last blocks may reach past it
        Folio a = folios.get(first);
        if (a != null) {
            first = a.head;
        }
        Folio z = folios.get(last);
        if (z != null && z.head + z.nblocks - 1 > last) {
            last = z.head + z.nblocks - 1;
        }
        for (Folio f : folios.subMap(first, true, last, true).values()) {
            if (f.dirty) {
                out.add(new DirtyBlock(f.index, f.data.clone()));
                f.dirty = false;
                dirtyCount--;
                cache.accountDirty(-1);
            }
        }
        return out;
    }

    /** Writeback could not write {@code b}: it is dirty again (its data may have changed since; keep the newer). */
    synchronized void redirty(DirtyBlock b) {
        Folio f = folios.get(b.index());
        if (f != null) {
            markDirty(f);
        }
    }

    /**
     * Drops the folios of blocks [first, last], dirty or not (truncate_inode_pages_range / invalidate: the caller
     * wrote back what had to survive).
     */
    synchronized void invalidate(long first, long last) {
        if (first > last) {
            return;
        }
        // a large folio cut by the range is split: what stays of it becomes blocks of their own
        splitAround(first, first, last);
        splitAround(last, first, last);
        Iterator<Map.Entry<Long, Folio>> it = folios.subMap(first, true, last, true).entrySet().iterator();
        while (it.hasNext()) {
            Folio f = it.next().getValue();
            if (f.dirty) {
                dirtyCount--;
                cache.accountDirty(-1);
            }
            it.remove();
            cache.accountCached(-1);
        }
    }

    private void splitAround(long b, long first, long last) {
        Folio f = folios.get(b);
        if (f == null || f.nblocks == 1 || (f.head >= first && f.head + f.nblocks - 1 <= last)) {
            return;
        }
        for (long i = f.head, end = f.head + f.nblocks; i < end; i++) {
            Folio m = folios.get(i);
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
        Long k = folios.ceilingKey(first);
        return k != null && k < first + n;
    }

    /** Drops up to {@code max} clean folios (memory pressure); returns how many were dropped. */
    synchronized long evictClean(long max) {
        long n = 0;
        Iterator<Folio> it = folios.values().iterator();
        while (it.hasNext() && n < max) {
            if (!it.next().dirty) {
                it.remove();
                n++;
            }
        }
        cache.accountCached(-n);
        return n;
    }

    /** The file blocks of cached folios in [first, last] (for zeroing through the cache). */
    synchronized List<Folio> cachedIn(long first, long last) {
        return new ArrayList<>(folios.subMap(first, true, last, true).values());
    }
}
