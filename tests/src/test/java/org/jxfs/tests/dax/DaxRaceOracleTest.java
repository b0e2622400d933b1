// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.dax;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.iomap.DaxPolicy;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.jxfs.tools.DaxStress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jxfs dax-race}'s stress judged by xfsprogs and the kernel: threads racing DAX write faults on fresh pages
 * of an image, which is then unmounted and must pass {@code xfs_repair -n}; the kernel (a read-only loop mount, no
 * DAX) must read every file exactly as jxfs read it. Under the 4.4 fix no store is lost, so every store is in the
 * file as the kernel reads it and no written page comes back zeroed; under 4.3's behaviour stores may be lost, but
 * the image stays consistent and the kernel agrees with jxfs on what survived.
 */
@RequiresKernel
class DaxRaceOracleTest {
    static final int PAGE = 4096;
    static final int THREADS = 4;
    static final int PAGES = 384;
    static final int ROUNDS = 2;

    Path dir;
    Path img;

    @BeforeEach
    void freshImage() throws Exception {
        dir = TestDirs.unique("dax-race");
        img = dir.resolve("race.img");
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).quiet(true).force(true).build());
    }

    @AfterEach
    void cleanUp() {
        TestDirs.delete(dir);
    }

    @Test
    void fixedLosesNoStoreAndTheKernelReadsEveryOne() throws Exception {
        DaxStress.Result r = DaxStress.run(img, new DaxStress.Options(DaxPolicy.Mode.FIXED, THREADS, PAGES, ROUNDS));
        System.out.println("DaxRaceOracleTest: " + r.summary());
        assertThat(r.stores()).isEqualTo((long) THREADS * PAGES * ROUNDS);
        assertThat(r.lost()).as("stores lost under the 4.4 fix").isZero();
        assertThat(r.fsckProblems()).isEmpty();
        XfsRepair.assertClean(img);
        try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"), "ro")) {
            for (int round = 0; round < ROUNDS; round++) {
                DaxStress.Round rd = r.rounds().get(round);
                byte[] kernel = Files.readAllBytes(m.path(rd.path().substring(1)));
                assertThat(kernel.length).as(rd.path() + " size").isEqualTo(PAGES * PAGE);
                ByteBuffer bb = ByteBuffer.wrap(kernel).order(ByteOrder.nativeOrder());
                for (int p = 0; p < PAGES; p++) {
                    assertThat(isZero(kernel, p)).as("%s page %d reads back zeroed", rd.path(), p).isFalse();
                    for (int t = 0; t < THREADS; t++) {
                        assertThat(bb.getLong((int) DaxStress.offset(p, t)))
                                .as("%s page %d thread %d as the kernel reads it", rd.path(), p, t)
                                .isEqualTo(DaxStress.value(DaxPolicy.Mode.FIXED, round, p, t));
                    }
                }
                assertThat(kernel).as(rd.path() + ": the kernel reads what jxfs read").isEqualTo(rd.content());
            }
        }
    }

    @Test
    void legacyMayLoseStoresButTheImageIsCleanAndTheKernelReadsWhatJxfsReads() throws Exception {
        DaxStress.Result r = DaxStress.run(img, new DaxStress.Options(DaxPolicy.Mode.LEGACY, THREADS, PAGES, ROUNDS));
        System.out.println("DaxRaceOracleTest: " + r.summary());
        assertThat(r.fsckProblems()).isEmpty();
        XfsRepair.assertClean(img);
        try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"), "ro")) {
            for (DaxStress.Round rd : r.rounds()) {
                byte[] kernel = Files.readAllBytes(m.path(rd.path().substring(1)));
                assertThat(kernel).as(rd.path() + ": the kernel reads what jxfs read").isEqualTo(rd.content());
            }
        }
    }

    private static boolean isZero(byte[] b, int page) {
        byte[] zero = new byte[PAGE];
        return Arrays.equals(b, page * PAGE, (page + 1) * PAGE, zero, 0, PAGE);
    }
}
