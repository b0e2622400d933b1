// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Free-running threads: the correct modes never lose (a racy mode may or may not show it; no assert on that). */
class FaultStressTest {
    @TempDir
    static Path dir;
    static DaxTestImage img;

    @BeforeAll
    static void open() throws Exception {
        img = new DaxTestImage(dir);
    }

    @AfterAll
    static void close() throws Exception {
        img.close();
    }

    @Test
    void fixedAndMmapLockNeverLoseOnRealThreads() throws Exception {
        for (DaxRaceMode mode : new DaxRaceMode[] {DaxRaceMode.FIXED, DaxRaceMode.MMAP_LOCK}) {
            RaceResult r = new FaultStress(FaultExplorerTest.world(img, mode, false), RaceAccess.twoStoresAndLoad())
                    .run(300);
            System.out.println(mode.cliName() + " stress: " + r);
            assertThat(r.runs()).isEqualTo(300);
            assertThat(r.losing()).isZero();
        }
    }

    @Test
    void legacyStressRunsAndReportsWhatItSaw() throws Exception {
        RaceResult r = new FaultStress(FaultExplorerTest.world(img, DaxRaceMode.LEGACY, false), RaceAccess.twoStores())
                .keepExamples(1).run(300);
        System.out.println("legacy stress: " + r);
        assertThat(r.runs()).isEqualTo(300);
        assertThat(r.losing()).isBetween(0L, 300L);
    }
}
