// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * xfs_io's table of memory mapped regions (io/mmap.c: maptable, mapcount, mapping) and the process address space
 * the regions live in. jxfs maps nothing into the JVM's memory, so each region gets a made-up address, placed the
 * way the kernel's top-down allocator places mmaps (the highest gap below the mmap base that fits), and an access
 * to an address goes to whichever region covers it, as the CPU's would: an access past the current region's length
 * can land in a neighbour, as it does under xfs_io.
 */
final class MapTable {
    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int PROT_EXEC = 0x4;
    static final int MAP_SHARED = 0x01;
    static final int MAP_SHARED_VALIDATE = 0x03;
    static final int MAP_SYNC = 0x80000;
    static final long PAGE_SIZE = 4096;
    /** Where the made-up mappings start, below a typical x86-64 mmap_base. */
    static final long MMAP_BASE = 0x7f0000000000L;
    /** x86-64's TASK_SIZE: the end of the user address space. */
    static final long TASK_SIZE = 0x7ffffffff000L;
    /** vm.mmap_min_addr: no mapping below it (4096, as on the machine the oracle tests ran on). */
    static final long MMAP_MIN_ADDR = 4096;
    static final int MREMAP_MAYMOVE = 1;
    static final int MREMAP_FIXED = 2;

    /** mmap_region_t: the mapping's address, length, file offset, protection, MAP_* flags and file name. */
    record Region(long addr, long length, long offset, int prot, int flags, String name, IoMapping handle) {
        /** The end of the vma: the length rounded up to whole pages. */
        long end() {
            return addr + pageAlign(length);
        }
    }

    private final List<Region> table = new ArrayList<>();
    private int current = -1;

    static long pageAlign(long len) {
        return (len + PAGE_SIZE - 1) & -PAGE_SIZE;
    }

    int count() {
        return table.size();
    }

    Region get(int i) {
        return table.get(i);
    }

    /** The current mapping (xfs_io's {@code mapping}), or null. */
    Region current() {
        return current < 0 ? null : table.get(current);
    }

    int currentIndex() {
        return current;
    }

    void setCurrent(int i) {
        current = i;
    }

    /** Appends a region and makes it the current one. */
    void add(Region r) {
        table.add(r);
        current = table.size() - 1;
    }

    /**
     * Ports mremap(2) (mm/mremap.c) for the current region: shrinking in place, growing in place when the pages
     * after it are free, else moving to a free range with MREMAP_MAYMOVE (ENOMEM without), or to {@code newAddr}
     * with MREMAP_FIXED (EINVAL when it overlaps the old range or is not page-aligned). The region keeps its file
     * offset and handle: a jxfs mapping covers the whole file. A fixed move over another region of the table is not
     * modelled as unmapping that region's pages: the moved region only shadows them.
     */
    void mremap(long newLength, int flags, long newAddr) throws IoException {
        Region r = current();
        long oldLen = pageAlign(r.length());
        long newLen = pageAlign(newLength);
        if ((flags & MREMAP_FIXED) != 0 && (flags & MREMAP_MAYMOVE) == 0) {
            throw new IoException(Errno.EINVAL);
        }
        if (newLen == 0) {
            throw new IoException(Errno.EINVAL);
        }
        long addr = r.addr();
        if ((flags & MREMAP_FIXED) != 0) {
            if ((newAddr & (PAGE_SIZE - 1)) != 0 || newLen > TASK_SIZE || newAddr > TASK_SIZE - newLen
                    || (addr < newAddr + newLen && newAddr < addr + oldLen)) {
                throw new IoException(Errno.EINVAL);
            }
            if (newAddr < MMAP_MIN_ADDR) {
                throw new IoException(Errno.EPERM);
            }
            addr = newAddr;
        } else if (newLen > oldLen) {
            if (!free(addr + oldLen, newLen - oldLen)) {
                if ((flags & MREMAP_MAYMOVE) == 0) {
                    throw new IoException(Errno.ENOMEM);
                }
                addr = place(newLen, 0);
            }
        }
        table.set(current, new Region(addr, newLength, r.offset(), r.prot(), r.flags(), r.name(), r.handle()));
    }

    /** Ports munmap_f's table shuffle: removes the current entry; the next one (or the new last) becomes current. */
    void removeCurrent() {
        int offset = current;
        table.remove(offset);
        if (!table.isEmpty()) {
            if (offset == table.size()) {
                offset--;
            }
            current = offset;
        } else {
            current = -1;
        }
    }

    /** The regions, for closing them all. */
    List<Region> all() {
        return List.copyOf(table);
    }

    void clear() {
        table.clear();
        current = -1;
    }

    /**
     * get_unmapped_area for a mapping of {@code length} bytes: {@code hint} when the range there is free (mmap's
     * address hint without MAP_FIXED), else the top of the highest free gap below {@link #MMAP_BASE} that fits.
     */
    long place(long length, long hint) {
        long len = pageAlign(length);
        if (hint != 0 && free(hint, len)) {
            return hint;
        }
        List<Region> byAddr = new ArrayList<>(table);
        byAddr.sort(Comparator.comparingLong(Region::addr).reversed());
        long top = MMAP_BASE;
        for (Region r : byAddr) {
            if (r.end() <= top && top - r.end() >= len) {
                return top - len;
            }
            top = Math.min(top, r.addr());
        }
        return top - len;
    }

    private boolean free(long addr, long len) {
        if (addr + len > MMAP_BASE || addr < MMAP_MIN_ADDR) {
            return false;
        }
        for (Region r : table) {
            if (addr < r.end() && r.addr() < addr + len) {
                return false;
            }
        }
        return true;
    }

    /** find_vma: the lowest region that ends above {@code addr}, or null. */
    Region findVma(long addr) {
        Region best = null;
        for (Region r : table) {
            if (r.end() > addr && (best == null || r.addr() < best.addr())) {
                best = r;
            }
        }
        return best;
    }

    /** The region whose vma covers {@code addr}, or null (an access there is SIGSEGV). */
    Region at(long addr) {
        Region cur = current();
        if (cur != null && addr >= cur.addr() && addr < cur.end()) {
            return cur;
        }
        Region r = findVma(addr);
        return r != null && addr >= r.addr() ? r : null;
    }

    /** A one-byte load at {@code addr}, as the CPU makes it (every protection but PROT_NONE can be read on x86). */
    byte load(long addr) throws IoException {
        Region r = at(addr);
        if (r == null || r.prot() == 0) {
            throw new IoSignal(IoSignal.SIGSEGV, "load at 0x" + Long.toHexString(addr));
        }
        return r.handle().load(r.offset() + (addr - r.addr()));
    }

    /** A one-byte store at {@code addr}: SIGSEGV unless a region with PROT_WRITE covers it. */
    void store(long addr, byte value) throws IoException {
        Region r = at(addr);
        if (r == null || (r.prot() & PROT_WRITE) == 0) {
            throw new IoSignal(IoSignal.SIGSEGV, "store at 0x" + Long.toHexString(addr));
        }
        r.handle().store(r.offset() + (addr - r.addr()), value);
    }

    /**
     * {@code len} one-byte stores of {@code value} from {@code addr}, inside one page: SIGSEGV unless a region with
     * PROT_WRITE covers them, each page faulting once ({@link IoMapping#fill}).
     */
    void fill(long addr, int len, byte value) throws IoException {
        Region r = at(addr);
        if (r == null || (r.prot() & PROT_WRITE) == 0) {
            throw new IoSignal(IoSignal.SIGSEGV, "store at 0x" + Long.toHexString(addr));
        }
        assert (addr & -PAGE_SIZE) == ((addr + len - 1) & -PAGE_SIZE) && addr + len <= r.end();
        r.handle().fill(r.offset() + (addr - r.addr()), len, value);
    }

    /**
     * Ports msync(2) (mm/msync.c): {@code start} page-aligned, MS_ASYNC and MS_SYNC exclusive, the length rounded
     * up to pages; each vma over the range is synced (with MS_SYNC), and ENOMEM reports a part no vma covers.
     */
    void msync(long start, long len, int flags) throws IoException {
        if ((flags & ~(MmapCommands.MS_ASYNC | MmapCommands.MS_INVALIDATE | MmapCommands.MS_SYNC)) != 0
                || (start & (PAGE_SIZE - 1)) != 0
                || ((flags & MmapCommands.MS_ASYNC) != 0 && (flags & MmapCommands.MS_SYNC) != 0)) {
            throw new IoException(Errno.EINVAL);
        }
        long end = start + pageAlign(len);
        if (end < start) {
            throw new IoException(Errno.ENOMEM);
        }
        if (end == start) {
            return;
        }
        boolean unmapped = false;
        for (;;) {
            Region v = findVma(start);
            if (v == null) {
                throw new IoException(Errno.ENOMEM);
            }
            if (start < v.addr()) {
                unmapped = true;
                start = v.addr();
                if (start >= end) {
                    throw new IoException(Errno.ENOMEM);
                }
            }
            long stop = Math.min(end, v.end());
            v.handle().msync(v.offset() + (start - v.addr()), stop - start,
                    (flags & MmapCommands.MS_SYNC) != 0);
            start = v.end();
            if (start >= end) {
                if (unmapped) {
                    throw new IoException(Errno.ENOMEM);
                }
                return;
            }
        }
    }
}
