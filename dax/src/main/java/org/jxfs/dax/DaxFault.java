// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import static org.jxfs.dax.DaxMapping.PAGE_SHIFT;
import static org.jxfs.dax.DaxMapping.PAGE_SIZE;

import org.jxfs.core.XfsException;
import org.jxfs.core.XfsIoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page fault handlers of fs/dax.c (Linux 4.3, with 4.4's clear_pmem + wmb_pmem): a fault asks the filesystem
 * for the block under the page through {@link GetBlock}, allocating on a write to a hole, zeroes the page when the
 * block is new or unwritten, maps it, and lets the filesystem convert an unwritten extent ({@link DaxIoDone}). Read
 * faults on holes map a zero page instead of allocating. Generic: what is written and when is the filesystem's
 * answer; how faults serialise is the mapping's {@link DaxLockMode}. Steps are reported to the mapping's
 * {@link FaultSteps}.
 */
public final class DaxFault {
    private static final Logger LOG = LoggerFactory.getLogger(DaxFault.class);

    public static final int VM_FAULT_OOM = 0x0001;
    public static final int VM_FAULT_SIGBUS = 0x0002;
    public static final int VM_FAULT_MAJOR = 0x0004;
    public static final int VM_FAULT_NOPAGE = 0x0100;
    public static final int VM_FAULT_LOCKED = 0x0200;
    static final int EBUSY = 16;

    private DaxFault() {
    }

    /**
     * Ports __dax_fault (Linux 4.3). Returns VM_FAULT_NOPAGE (or VM_FAULT_LOCKED for a hole page), with
     * VM_FAULT_MAJOR when it allocated, or VM_FAULT_SIGBUS past EOF; errors of get_block, of the pmem access and of
     * the completion are thrown, after the locks are dropped (the kernel turns them into SIGBUS).
     *
     * <p>Nothing here keeps two faults on one page apart in {@link DaxLockMode#NONE} (4.3 final, 4.4): both can find
     * the hole, both can be told the block is new or unwritten, and the later one's zeroing then wipes what the first
     * stored after its fault returned. 4.4 fixed it in the filesystem: get_block(create) returns written, zeroed
     * blocks, so nothing is zeroed here. {@link DaxLockMode#MMAP_LOCK} (after 843172978bb9) instead holds the i_mmap
     * lock for write around the whole fault, so the loser looks up after the winner converted.
     *
     * <p>One deviation: before get_block(create=1) the request size is set back to a page, since the lookup may
     * have grown it to the hole's length and the fault maps one page.
     */
    public static int fault(DaxMmap vma, VmFault vmf, GetBlock getBlock, DaxIoDone completeUnwritten)
            throws XfsException {
        DaxMapping mapping = vma.mapping();
        FaultSteps steps = mapping.steps();
        int blkbits = mapping.blkbits();
        if (vmf.pgoff() >= mapping.sizePages()) {
            return VM_FAULT_SIGBUS;
        }
        BufferHead bh = new BufferHead(PAGE_SIZE);
        long block = vmf.pgoff() << (PAGE_SHIFT - blkbits);
        int major = 0;

        // MMAP_LOCK: every fault on the mapping runs under the i_mmap lock held for write, taken before the page
        // lock. 843172978bb9 took it only for faults that found no hole page and let the others serialise on the
        // hole page's lock; that page lock is dropped once the page leaves the page cache, before the new block is
        // zeroed and inserted, so a fault that comes in then finds no page, takes the i_mmap lock nobody holds, and
        // zeroes the block again over a store (found here on real threads: FaultStressTest). Holding it for all
        // faults, always before any page lock, closes that window and cannot deadlock.
        boolean mmapLocked = false;
        if (mapping.lockMode() == DaxLockMode.MMAP_LOCK) {
            mapping.lockMmapWrite(vmf);
            mmapLocked = true;
        }
        HolePage page = null;
        try {
            for (;;) { // repeat:
                page = mapping.findGetPage(vmf.pgoff());
                if (page == null) {
                    break;
                }
                mapping.lockPage(vmf, page);
                if (page.mapping == mapping) {
                    break;
                }
                page.unlock();
                page = null;
            }
            if (page != null && vmf.pgoff() >= mapping.sizePages()) {
                // A hole page from a read fault, and we raced with a truncate.
                throw new XfsIoException("DAX fault: page " + vmf.pgoff() + " was truncated under the fault");
            }

            steps.before(vmf, FaultStep.LOOKUP);
            getBlock.getBlock(block, bh, false);
            checkSize(bh, vmf);

            if (!bh.mapped() && !bh.unwritten()) {
                if (vmf.write()) {
                    steps.before(vmf, FaultStep.ALLOCATE);
                    bh.size = PAGE_SIZE;
                    getBlock.getBlock(block, bh, true);
                    major = VM_FAULT_MAJOR;
                    checkSize(bh, vmf);
                } else {
                    HolePage locked = page;
                    page = null; // dax_load_hole unlocks it
                    return loadHole(vma, locked, vmf);
                }
            }

            // Check we didn't race with a read fault installing a new page.
            if (page == null && major != 0) {
                page = mapping.findLockPage(vmf);
            }
            if (page != null) {
                mapping.unmapMappingRange(vmf.pgoff(), 1);
                mapping.deleteFromPageCache(page);
                page.unlock();
                page = null;
            }

            /*
             * If the mapping goes in over an unwritten extent, the extent must be converted. If inserting failed,
             * the filesystem must leave it unwritten so stale data stays hidden, but the completion still runs to
             * release what get_block left in the buffer; uptodate says which, as for buffer I/O.
             */
            int error = 0;
            XfsException failure = null;
            try {
                error = insertMapping(vma, bh, vmf);
            } catch (XfsException e) {
                failure = e;
            }
            if (bh.unwritten()) {
                if (completeUnwritten != null) {
                    steps.before(vmf, FaultStep.CONVERT);
                    completeUnwritten.complete(bh, failure == null && error == 0);
                } else if (!vmf.write()) {
                    LOG.warn("DAX read fault mapped unwritten page {} with no complete_unwritten", vmf.pgoff());
                }
            }
            if (failure != null) {
                throw failure;
            }
            // -EBUSY is fine: somebody else faulted on the same entry.
            return VM_FAULT_NOPAGE | major;
        } finally {
            if (page != null) {
                page.unlock();
            }
            if (mmapLocked) {
                mapping.unlockMmapWrite();
            }
        }
    }

    /**
     * Ports dax_fault (Linux 4.3): the .fault handler. The kernel wraps write faults in sb_start_pagefault and
     * file_update_time, which belong to the filesystem's handler around this call here.
     */
    public static int daxFault(DaxMmap vma, VmFault vmf, GetBlock getBlock, DaxIoDone completeUnwritten)
            throws XfsException {
        return fault(vma, vmf, getBlock, completeUnwritten);
    }

    /**
     * Ports dax_mkwrite (Linux 4.3), the .page_mkwrite handler: a store to a read-mapped hole page. The kernel defines
     * it as dax_fault with FAULT_FLAG_WRITE set, which allocates, drops the hole page and maps the block.
     */
    public static int mkwrite(DaxMmap vma, VmFault vmf, GetBlock getBlock, DaxIoDone completeUnwritten)
            throws XfsException {
        return daxFault(vma, new VmFault(vmf.pgoff(), true), getBlock, completeUnwritten);
    }

    /**
     * Ports dax_pfn_mkwrite (Linux 4.3): the first store to a read-mapped pmem page. The block is already allocated
     * and written, so there is nothing to do but let the core mm make the entry writable.
     */
    public static int pfnMkwrite(DaxMmap vma, VmFault vmf) {
        return VM_FAULT_NOPAGE;
    }

    /**
     * Ports dax_insert_mapping (Linux 4.3; the zeroing is 4.4's clear_pmem + wmb_pmem). Under the i_mmap lock for
     * read it re-checks i_size (a truncate may have run while get_block allocated), checks the block is addressable
     * pmem, zeroes the page if the buffer is unwritten or new, and inserts the entry. Returns 0 or -EBUSY. With
     * {@link DaxLockMode#MMAP_LOCK} the caller already holds the i_mmap lock for write or the page lock, and this
     * takes no lock, as in 843172978bb9 (taking it for read under a page lock would wait on a fault that holds it
     * for write and waits on that page).
     */
    static int insertMapping(DaxMmap vma, BufferHead bh, VmFault vmf) throws XfsException {
        DaxMapping mapping = vma.mapping();
        Pmem pmem = mapping.pmem();
        long devOff = bh.blocknr << mapping.blkbits();
        boolean readLocked = mapping.lockMode() == DaxLockMode.NONE;
        if (readLocked) {
            mapping.lockMmapRead(vmf);
        }
        try {
            if (vmf.pgoff() >= mapping.sizePages()) {
                throw new XfsIoException("DAX fault: page " + vmf.pgoff() + " is past EOF after allocation");
            }
            pmem.directAccess(devOff, PAGE_SIZE);
            if (bh.unwritten() || bh.isNew()) {
                mapping.steps().before(vmf, FaultStep.ZERO);
                pmem.clear(devOff, PAGE_SIZE);
                pmem.wmb();
            }
            mapping.steps().before(vmf, FaultStep.INSERT);
            return vma.insertPfn(vmf.pgoff(), devOff, vmf.write());
        } finally {
            if (readLocked) {
                mapping.unlockMmapRead();
            }
        }
    }

    /**
     * Ports dax_load_hole (Linux 4.3), with the core mm's end of the read fault: a load from a hole maps a zeroed
     * page-cache page rather than allocating, so sparse files stay sparse. The page is installed unless a racing
     * fault filled the entry first, in which case it is dropped (do_read_fault's pte_same check); either way the
     * page lock is released.
     */
    static int loadHole(DaxMmap vma, HolePage page, VmFault vmf) {
        DaxMapping mapping = vma.mapping();
        mapping.steps().before(vmf, FaultStep.HOLE);
        if (page == null) {
            page = mapping.findOrCreatePage(vmf);
        }
        try {
            // Recheck i_size under the page lock to avoid a truncate race.
            if (vmf.pgoff() >= mapping.sizePages()) {
                return VM_FAULT_SIGBUS;
            }
            vma.installHolePage(vmf.pgoff(), page);
            return VM_FAULT_LOCKED;
        } finally {
            page.unlock();
        }
    }

    private static void checkSize(BufferHead bh, VmFault vmf) throws XfsIoException {
        if (bh.size < PAGE_SIZE) {
            throw new XfsIoException("DAX fault: get_block mapped " + bh.size + " bytes at page " + vmf.pgoff()
                    + ", less than a page (fs corruption?)");
        }
    }
}
