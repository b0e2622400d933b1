// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import static org.jetbrains.kotlinx.lincheck.strategy.managed.ManagedStrategyGuaranteeKt.forClasses;

import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jxfs.core.XfsException;
import org.jxfs.core.dev.BlockDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The 2015 race checked a second way: Lincheck's model checker runs two write faults on one page on its own threads,
 * choosing the switch points itself among the fault code's shared-memory accesses and locks (no {@link FaultSteps}
 * involved), and a validation reads every completed store back. It must find the legacy loss and none in fixed.
 */
class LincheckRaceTest {
    /** The shared image; each Lincheck invocation builds a fresh file over it. */
    static final class Image {
        static final Pmem PMEM = open();

        private static Pmem open() {
            try {
                Path p = Files.createTempFile("jxfs-lincheck", ".img");
                p.toFile().deleteOnExit();
                try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
                    raf.setLength(BlockDevice.CHUNK);
                }
                Pmem pmem = new Pmem(BlockDevice.open(p, false));
                DaxClearBlocks.install(pmem);
                pmem.readLong(DaxTestImage.AREA_OFF); // map the chunk before the checker runs
                return pmem;
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** Two threads each store once into page 0 of a fresh file; every completed store must read back. */
    public abstract static class Race {
        private static final long[] VALUES = {0x1111111111111111L, 0x2222222222222222L};
        private final DaxMapping mapping;
        private final DaxMmap vma;
        private final AtomicInteger next = new AtomicInteger();
        private final List<Integer> done = new CopyOnWriteArrayList<>();

        Race(DaxRaceMode mode) {
            try {
                BlockMapFs fs = new BlockMapFs(Image.PMEM, mode.unwrittenAllocation() ? BlockMapFs.Style.XFS_43
                        : BlockMapFs.Style.XFS_44, 4096, DaxTestImage.AREA_OFF, 4 * DaxMapping.PAGE_SIZE);
                fs.reset(DaxMapping.PAGE_SIZE);
                mapping = fs.mapping(mode.lockMode());
                vma = mapping.mmap();
            } catch (XfsException e) {
                throw new IllegalStateException(e);
            }
        }

        @Operation
        public void store() {
            int i = next.getAndIncrement();
            try {
                vma.writeLong(8L * i, VALUES[i]);
            } catch (XfsException e) {
                throw new IllegalStateException(e);
            }
            done.add(i);
        }

        @Validate
        public void everyCompletedStoreReadsBack() throws XfsException {
            for (int i : done) {
                long back = RaceCheck.readBack(mapping, 8L * i);
                if (back != VALUES[i]) {
                    // no String.format: its locale providers do not initialise under the checker
                    throw new IllegalStateException("store " + i + " of 0x" + Long.toHexString(VALUES[i]) + " at "
                            + 8L * i + " reads back 0x" + Long.toHexString(back));
                }
            }
        }
    }

    public static class Legacy extends Race {
        public Legacy() {
            super(DaxRaceMode.LEGACY);
        }
    }

    public static class Fixed extends Race {
        public Fixed() {
            super(DaxRaceMode.FIXED);
        }
    }

    public static class MmapLock extends Race {
        public MmapLock() {
            super(DaxRaceMode.MMAP_LOCK);
        }
    }

    /** Interleavings Lincheck tries per test (more with -Pstress): the checker stops at the first loss. */
    static final int INVOCATIONS = Boolean.getBoolean("jxfs.stress") ? 2000
            : Integer.getInteger("jxfs.lincheck.invocations", 30);

    static ModelCheckingOptions options() {
        // Pmem's loads, stores and memsets are single memory operations to the checker: it switches threads between
        // them, not inside the Unsafe calls (which its 2.39 interception of absolute-address Unsafe does not handle).
        return new ModelCheckingOptions().iterations(1).invocationsPerIteration(INVOCATIONS).threads(2)
                .actorsPerThread(1)
                .actorsBefore(0).actorsAfter(0).minimizeFailedScenario(false)
                .addGuarantee(forClasses(Pmem.class.getName()).allMethods().treatAsAtomic());
    }

    @Test
    void lincheckFindsTheLegacyLoss() {
        Throwable t = catchThrowable(() -> LinChecker.check(Legacy.class, options()));
        System.out.println("Lincheck on legacy:" + (t == null ? " no failure" : t.getMessage()));
        assertThat(t).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Validation function everyCompletedStoreReadsBack has failed")
                .hasMessageContaining("reads back 0x0");
    }

    @Test
    void lincheckFindsNoLossInFixed() {
        LinChecker.check(Fixed.class, options());
        assertThat(Image.PMEM).isNotNull();
    }

    @Test
    @EnabledIfSystemProperty(named = "jxfs.stress", matches = "true") // ~40 s more; the explorer covers it exhaustively
    void lincheckFindsNoLossWithTheMmapLock() {
        LinChecker.check(MmapLock.class, options());
        assertThat(Image.PMEM).isNotNull();
    }
}
