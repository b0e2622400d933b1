// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxfs.dax.FaultStep.ALLOCATE;
import static org.jxfs.dax.FaultStep.CONVERT;
import static org.jxfs.dax.FaultStep.HOLE;
import static org.jxfs.dax.FaultStep.INSERT;
import static org.jxfs.dax.FaultStep.LOAD;
import static org.jxfs.dax.FaultStep.LOOKUP;
import static org.jxfs.dax.FaultStep.STORE;
import static org.jxfs.dax.FaultStep.ZERO;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jxfs.core.XfsIoException;
import org.jxfs.core.dev.BlockDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaxFaultTest {
    static final int PAGE = DaxMapping.PAGE_SIZE;

    @TempDir
    Path dir;
    DaxTestImage img;
    final List<FaultStep> steps = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void open() throws Exception {
        img = new DaxTestImage(dir);
    }

    @AfterEach
    void close() throws Exception {
        img.close();
    }

    private DaxMapping recorded(DaxMapping m) {
        m.setFaultSteps((f, s) -> steps.add(s));
        return m;
    }

    @Test
    void aReadOfAHoleMapsZerosWithoutAllocating() throws Exception {
        BlockMapFs fs = img.fs(BlockMapFs.Style.XFS_43, 4096, 8 * PAGE);
        DaxMapping m = recorded(fs.mapping(DaxLockMode.NONE));
        try (DaxMmap vma = m.mmap()) {
            assertThat(vma.readLong(3 * PAGE + 16)).isZero();
            assertThat(vma.readByte(3 * PAGE + 4095)).isZero();
            assertThat(vma.mappedHole(3)).isTrue();
            assertThat(fs.allocated(3)).isFalse();
            assertThat(fs.allocations).isZero();
            assertThat(m.cachedPages()).isEqualTo(1);
            assertThat(steps).containsExactly(LOOKUP, HOLE, LOAD); // the second read does not fault
        }
    }

    @Test
    void legacyWriteFaultAllocatesUnwrittenZeroesAndConverts() throws Exception {
        BlockMapFs fs = img.fs(BlockMapFs.Style.XFS_43, 4096, 8 * PAGE);
        DaxMapping m = recorded(fs.mapping(DaxLockMode.NONE));
        try (DaxMmap vma = m.mmap()) {
            vma.writeLong(2 * PAGE + 8, 0xabcdL);
            assertThat(steps).containsExactly(LOOKUP, ALLOCATE, FaultStep.ZERO, INSERT, CONVERT, STORE);
            vma.writeLong(2 * PAGE + 16, 0xef01L);
            assertThat(steps).hasSize(6); // mapped writable: no more faults
            assertThat(vma.mappedWritable(2)).isTrue();
            assertThat(fs.unwritten(2)).isFalse();
            assertThat(fs.conversions).isEqualTo(1);
        }
        long devOff = fs.devOff(2);
        assertThat(img.pmem.readLong(devOff + 8)).isEqualTo(0xabcdL);
        assertThat(img.pmem.readLong(devOff)).isZero(); // zeroed, not stale
        assertThat(img.pmem.readLong(devOff + PAGE - 8)).isZero();
        assertThat(fs.readLong(2 * PAGE + 16)).isEqualTo(0xef01L);
    }

    @Test
    void fixedWriteFaultGetsWrittenZeroedBlocksAndNeitherZeroesNorConverts() throws Exception {
        BlockMapFs fs = img.fs(BlockMapFs.Style.XFS_44, 4096, 8 * PAGE);
        DaxMapping m = recorded(fs.mapping(DaxLockMode.NONE));
        try (DaxMmap vma = m.mmap()) {
            vma.writeLong(PAGE, 7);
            assertThat(steps).containsExactly(LOOKUP, ALLOCATE, INSERT, STORE);
            assertThat(img.pmem.readLong(fs.devOff(1) + 8)).isZero();
            assertThat(fs.readLong(PAGE)).isEqualTo(7);
            // a fallocated page: the lookup answers unwritten, and 4.3's dax zeroes and converts it
            fs.preallocate(4);
            steps.clear();
            vma.writeLong(4 * PAGE, 9);
            assertThat(steps).containsExactly(LOOKUP, ZERO, INSERT, CONVERT, STORE);
            assertThat(fs.readLong(4 * PAGE)).isEqualTo(9);
        }
    }

    @Test
    void aStoreToAReadMappedHoleTakesMkwriteAndDropsTheHolePage() throws Exception {
        BlockMapFs fs = img.fs(BlockMapFs.Style.XFS_43, 4096, 8 * PAGE);
        DaxMapping m = recorded(fs.mapping(DaxLockMode.NONE));
        try (DaxMmap vma = m.mmap(); DaxMmap other = m.mmap()) {
            assertThat(vma.readLong(0)).isZero();
            assertThat(other.readLong(8)).isZero();
            assertThat(m.cachedPages()).isEqualTo(1);
            steps.clear();
            vma.writeLong(0, 42);
            assertThat(steps).containsExactly(LOOKUP, ALLOCATE, ZERO, INSERT, CONVERT, STORE);
            assertThat(m.cachedPages()).isZero();
            assertThat(other.mapped(0)).isFalse(); // unmap_mapping_range reached the other vma
            assertThat(other.readLong(0)).isEqualTo(42);
            assertThat(other.mappedWritable(0)).isFalse();
        }
    }

    @Test
    void aStoreToAReadMappedPmemPageTakesPfnMkwrite() throws Exception {
        BlockMapFs fs = img.fs(BlockMapFs.Style.XFS_44, 4096, 8 * PAGE);
        DaxMapping m = fs.mapping(DaxLockMode.NONE);
        try (DaxMmap w = m.mmap()) {
            w.writeLong(5 * PAGE, 1);
        }
        recorded(m);
        try (DaxMmap vma = m.mmap()) {
            assertThat(vma.readLong(5 * PAGE)).isEqualTo(1);
            assertThat(steps).containsExactly(LOOKUP, INSERT, LOAD);
            assertThat(vma.mappedWritable(5)).isFalse();
            vma.writeLong(5 * PAGE, 2);
            assertThat(steps).containsExactly(LOOKUP, INSERT, LOAD, STORE);
            assertThat(vma.mappedWritable(5)).isTrue();
            assertThat(vma.readLong(5 * PAGE)).isEqualTo(2);
        }
    }

    @Test
    void pastEofIsSigbusAndMunmapEndsTheMapping() throws Exception {
        BlockMapFs fs = img.fs(BlockMapFs.Style.XFS_44, 4096, 2 * PAGE + 1);
        DaxMapping m = fs.mapping(DaxLockMode.NONE);
        DaxMmap vma = m.mmap();
        vma.writeLong(2 * PAGE, 5); // the partial last page is inside i_size
        assertThatThrownBy(() -> vma.readLong(3 * PAGE)).isInstanceOf(SigbusException.class)
                .hasMessageContaining("past EOF");
        assertThatThrownBy(() -> vma.writeLong(3 * PAGE, 1)).isInstanceOf(SigbusException.class);
        vma.writeLong(PAGE - 4, 0x1122334455667788L); // straddles pages 0 and 1
        assertThat(vma.readLong(PAGE - 4)).isEqualTo(0x1122334455667788L);
        vma.msync(0, 3 * PAGE);
        vma.munmap();
        assertThat(vma.mapped(2)).isFalse();
        assertThatThrownBy(() -> vma.readLong(0)).isInstanceOf(SigbusException.class)
                .hasMessageContaining("munmap");
        try (DaxMmap again = m.mmap()) {
            assertThat(again.readLong(2 * PAGE)).isEqualTo(5);
            assertThat(again.readLong(PAGE - 4)).isEqualTo(0x1122334455667788L);
        }
    }

    @Test
    void blocksInTheUnmappedTailAreRefusedAndStayUnwritten() throws Exception {
        BlockMapFs fs = img.fs(BlockMapFs.Style.XFS_43, 4096, 8 * PAGE);
        fs.allocateNextAt(BlockDevice.CHUNK >> 12); // the first block of the tail
        DaxMapping m = fs.mapping(DaxLockMode.NONE);
        try (DaxMmap vma = m.mmap()) {
            assertThatThrownBy(() -> vma.writeLong(0, 1)).isInstanceOf(XfsIoException.class)
                    .hasMessageContaining("cannot be used for DAX");
            assertThat(vma.mapped(0)).isFalse();
            assertThat(fs.unwritten(0)).isTrue();
            assertThat(fs.failedCompletions).isEqualTo(1);
        }
    }

    @Test
    void smallBlocksMapAPageOfFourBlocks() throws Exception {
        BlockMapFs fs = img.fs(BlockMapFs.Style.XFS_43, 1024, 4 * PAGE);
        DaxMapping m = fs.mapping(DaxLockMode.MMAP_LOCK);
        assertThat(m.blkbits()).isEqualTo(10);
        try (DaxMmap vma = m.mmap()) {
            for (int pg = 0; pg < 4; pg++) {
                vma.writeLong(pg * PAGE + 3000, pg + 100);
            }
            for (int pg = 0; pg < 4; pg++) {
                assertThat(fs.readLong(pg * PAGE + 3000)).isEqualTo(pg + 100);
                assertThat(fs.readLong(pg * PAGE)).isZero();
            }
        }
        m.clearBlocks(fs.devOff(1) >> 10, PAGE);
        assertThat(fs.readLong(PAGE + 3000)).isZero();
        assertThatThrownBy(() -> new DaxMapping(img.pmem, 8192, () -> 0, fs, fs, DaxLockMode.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidateRangeUnmapsAndDropsHolePages() throws Exception {
        BlockMapFs fs = img.fs(BlockMapFs.Style.XFS_44, 4096, 8 * PAGE);
        DaxMapping m = fs.mapping(DaxLockMode.NONE);
        try (DaxMmap vma = m.mmap()) {
            vma.readLong(0);
            vma.writeLong(PAGE, 3);
            m.invalidateRange(0, 2 * PAGE);
            assertThat(vma.mapped(0)).isFalse();
            assertThat(vma.mapped(1)).isFalse();
            assertThat(m.cachedPages()).isZero();
            assertThat(vma.readLong(PAGE)).isEqualTo(3);
        }
    }

    @Test
    void aReadFaultThatLosesTheRaceToAWriteFaultIsDropped() throws Exception {
        BlockMapFs fs = img.fs(BlockMapFs.Style.XFS_44, 4096, 4 * PAGE);
        DaxMapping m = fs.mapping(DaxLockMode.NONE);
        DaxMmap vma = m.mmap();
        Thread reader = Thread.currentThread();
        Throwable[] writerFailed = new Throwable[1];
        // when the read fault is about to map its hole page, a write fault runs whole on another thread
        m.setFaultSteps((f, step) -> {
            steps.add(step);
            if (Thread.currentThread() == reader && step == HOLE) {
                Thread w = new Thread(() -> {
                    try {
                        vma.writeLong(8, 77);
                    } catch (Throwable t) {
                        writerFailed[0] = t;
                    }
                });
                w.start();
                try {
                    w.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        assertThat(vma.readLong(8)).isEqualTo(77); // the hole page was not installed over the writer's entry
        assertThat(writerFailed[0]).isNull();
        assertThat(steps).containsExactly(LOOKUP, HOLE, LOOKUP, ALLOCATE, INSERT, STORE, LOAD);
        assertThat(vma.mappedWritable(0)).isTrue();
        assertThat(m.cachedPages()).isEqualTo(1); // it stays in the page cache until a fault drops it
        vma.munmap();
    }
}
