// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import java.util.concurrent.ConcurrentHashMap;
import org.jxfs.core.XfsException;
import org.jxfs.core.XfsIoException;

/**
 * A shared mapping of a whole DAX file (a vma with its own page table): loads and stores at file offsets go straight
 * to pmem through the page table; the first touch of a page faults ({@link DaxFault#daxFault}, read or write as the
 * access is), a store to a read-only entry takes dax_mkwrite (hole page) or dax_pfn_mkwrite (pmem page), and the
 * access then retries, as the CPU does. A store that faulted reports {@link FaultStep#STORE} before it lands, a load
 * that faulted {@link FaultStep#LOAD}. Threads of one process share one DaxMmap; separate DaxMmaps of a file are
 * separate processes' mappings.
 */
public final class DaxMmap implements AutoCloseable {
    private final DaxMapping mapping;
    private final Pmem pmem;
    private final ConcurrentHashMap<Long, Pte> ptes = new ConcurrentHashMap<>();
    private volatile boolean unmapped;

    DaxMmap(DaxMapping mapping) {
        this.mapping = mapping;
        this.pmem = mapping.pmem();
    }

    public DaxMapping mapping() {
        return mapping;
    }

    public long readLong(long pos) throws XfsException {
        if (crossesPage(pos, 8)) {
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = v << 8 | (readByte(pos + i) & 0xff);
            }
            return v;
        }
        Pte pte = readablePte(pos);
        return pte.hole() != null ? 0 : pmem.readLong(pte.devOff() + inPage(pos));
    }

    public byte readByte(long pos) throws XfsException {
        Pte pte = readablePte(pos);
        return pte.hole() != null ? 0 : pmem.readByte(pte.devOff() + inPage(pos));
    }

    /** A native-endian 8-byte store (little-endian byte by byte when it straddles two pages). */
    public void writeLong(long pos, long v) throws XfsException {
        if (crossesPage(pos, 8)) {
            for (int i = 0; i < 8; i++) {
                writeByte(pos + i, (byte) (v >>> (8 * i)));
            }
            return;
        }
        Pte pte = writablePte(pos);
        pmem.writeLong(pte.devOff() + inPage(pos), v);
    }

    public void writeByte(long pos, byte v) throws XfsException {
        Pte pte = writablePte(pos);
        pmem.writeByte(pte.devOff() + inPage(pos), v);
    }

    /** msync(MS_SYNC) of {@code [pos, pos+len)}: the pmem pages mapped there are made durable. */
    public void msync(long pos, long len) throws XfsException {
        long first = pos >> DaxMapping.PAGE_SHIFT;
        long last = (pos + len + DaxMapping.PAGE_SIZE - 1) >> DaxMapping.PAGE_SHIFT;
        pmem.wmb();
        for (var e : ptes.entrySet()) {
            Pte pte = e.getValue();
            if (e.getKey() >= first && e.getKey() < last && pte.hole() == null) {
                pmem.persist(pte.devOff(), DaxMapping.PAGE_SIZE);
            }
        }
    }

    /** munmap: drops the page table and leaves i_mmap; later accesses fail. */
    public void munmap() {
        unmapped = true;
        mapping.unlink(this);
        ptes.clear();
    }

    @Override
    public void close() {
        munmap();
    }

    /** Whether page {@code pgoff} has a page table entry. */
    public boolean mapped(long pgoff) {
        return ptes.containsKey(pgoff);
    }

    /** Whether page {@code pgoff} is mapped writable. */
    public boolean mappedWritable(long pgoff) {
        Pte pte = ptes.get(pgoff);
        return pte != null && pte.writable();
    }

    /** Whether page {@code pgoff} maps a hole page (zeros, read-only). */
    public boolean mappedHole(long pgoff) {
        Pte pte = ptes.get(pgoff);
        return pte != null && pte.hole() != null;
    }

    // --- the access paths: what the MMU and the core mm's fault handling do

    private Pte readablePte(long pos) throws XfsException {
        long pgoff = pgoff(pos);
        Pte pte = ptes.get(pgoff);
        if (pte != null) {
            return pte;
        }
        VmFault vmf = new VmFault(pgoff, false);
        for (;;) {
            checkMapped(pos);
            if (ptes.get(pgoff) == null) {
                result(DaxFault.daxFault(this, vmf, mapping.getBlock(), mapping.completeUnwritten()), pos);
            }
            mapping.steps().before(vmf, FaultStep.LOAD);
            pte = ptes.get(pgoff);
            if (pte != null) {
                return pte;
            }
        }
    }

    private Pte writablePte(long pos) throws XfsException {
        long pgoff = pgoff(pos);
        Pte pte = ptes.get(pgoff);
        if (pte != null && pte.writable()) {
            return pte;
        }
        VmFault vmf = new VmFault(pgoff, true);
        for (;;) {
            checkMapped(pos);
            pte = ptes.get(pgoff);
            if (pte == null) {
                result(DaxFault.daxFault(this, vmf, mapping.getBlock(), mapping.completeUnwritten()), pos);
            } else if (pte.hole() != null) {
                result(DaxFault.mkwrite(this, vmf, mapping.getBlock(), mapping.completeUnwritten()), pos);
            } else if (!pte.writable()) {
                result(DaxFault.pfnMkwrite(this, vmf), pos);
                ptes.replace(pgoff, pte, Pte.pfn(pte.devOff(), true)); // wp_pfn_shared: the entry becomes writable
            }
            mapping.steps().before(vmf, FaultStep.STORE);
            pte = ptes.get(pgoff);
            if (pte != null && pte.writable()) {
                return pte;
            }
        }
    }

    private void result(int ret, long pos) throws XfsException {
        if ((ret & DaxFault.VM_FAULT_SIGBUS) != 0) {
            throw new SigbusException("SIGBUS: DAX fault at file offset " + pos + " (past EOF)");
        }
        if ((ret & DaxFault.VM_FAULT_OOM) != 0) {
            throw new XfsException(XfsException.ENOMEM, "DAX fault at file offset " + pos + ": out of memory");
        }
    }

    private void checkMapped(long pos) throws XfsException {
        if (unmapped) {
            throw new SigbusException("SIGSEGV: access at file offset " + pos + " after munmap");
        }
        if (pos < 0) {
            throw new XfsIoException("negative file offset " + pos);
        }
    }

    // --- page table updates, called by the fault code

    /** vm_insert_mixed: 0, or -EBUSY if a racing fault filled the entry first. */
    int insertPfn(long pgoff, long devOff, boolean writable) {
        return ptes.putIfAbsent(pgoff, Pte.pfn(devOff, writable)) == null ? 0 : -DaxFault.EBUSY;
    }

    /** The core mm installing a hole page: false when a racing fault filled the entry first (the page is dropped). */
    boolean installHolePage(long pgoff, HolePage page) {
        return ptes.putIfAbsent(pgoff, Pte.hole(page)) == null;
    }

    void zap(long pgoff, long nr) {
        if (nr == 1) {
            ptes.remove(pgoff);
        } else {
            ptes.keySet().removeIf(k -> k >= pgoff && k - pgoff < nr);
        }
    }

    private static long pgoff(long pos) {
        return pos >> DaxMapping.PAGE_SHIFT;
    }

    private static int inPage(long pos) {
        return (int) (pos & (DaxMapping.PAGE_SIZE - 1));
    }

    private static boolean crossesPage(long pos, int len) {
        return inPage(pos) + len > DaxMapping.PAGE_SIZE;
    }
}
