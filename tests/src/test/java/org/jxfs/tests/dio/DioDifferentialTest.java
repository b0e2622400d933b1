// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.dio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tools.JxfsMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Differential test of direct I/O: {@link #SCRIPTS} seeded {@link DioScript}s of {@link #COMMANDS} commands
 * ({@code pwrite -S} data writes among falloc, falloc -k, fpunch, fzero, fzero -k and truncate; offsets and lengths
 * multiples of 512 in half of them and of 4096 in the other half; files of 1 to 64 MiB), each run by the kernel's
 * {@code xfs_io -d -f} on a loop-mounted copy of a fresh {@code jxfs mkfs} image and by {@code jxfs io -d -f} on
 * another copy. The image's free blocks hold stale bytes ({@link StaleFreeSpace}), so a block handed out without
 * zeroing the parts a sub-block write does not cover shows in the contents. Per script the two must print the
 * same, end with the same size, the same hole/unwritten/written state of every block inside and past EOF, and the
 * same contents (sha256 of the file as the kernel reads it: the jxfs image is loop-mounted read-only for that), and
 * the jxfs image must pass {@code xfs_repair -n}. How many scripts also give a byte-identical {@code bmap -vp} (the
 * same physical blocks) is printed and must not fall below {@link #MIN_IDENTICAL_BMAP}.
 *
 * <p>When a script's state differs, its seed is bisected to the first command after which it does, and the
 * failure names the seed, the command's index and text, and the first differing block. Differences in physical
 * placement alone are bisected by {@link DioBisectDiagnostic}.
 */
@RequiresKernel
class DioDifferentialTest {
    static final int DEFAULT_SCRIPTS = 50;
    static final int DEFAULT_COMMANDS = 300;
    static final String DEFAULT_IMAGE_SIZE = "size=160m";
    /**
     * Scripts, commands per script and image size; -Djxfs.dio.scripts, -Djxfs.dio.commands and -Djxfs.dio.image
     * (and -Djxfs.dio.firstSeed below) change them for a local exploration, which then checks no bmap floor.
     */
    static final int SCRIPTS = Integer.getInteger("jxfs.dio.scripts", DEFAULT_SCRIPTS);
    static final int COMMANDS = Integer.getInteger("jxfs.dio.commands", DEFAULT_COMMANDS);
    static final String IMAGE_SIZE = System.getProperty("jxfs.dio.image", DEFAULT_IMAGE_SIZE);
    /** The first seed (-Djxfs.dio.firstSeed): seeds FIRST_SEED .. FIRST_SEED + SCRIPTS - 1 are run. */
    static final long FIRST_SEED = Long.getLong("jxfs.dio.firstSeed", 1);
    /**
     * Scripts whose bmap -vp must equal the kernel's (physical blocks included): the count measured, as a floor. A
     * script counts when the kernel gives jxfs's bmap in its first run or in one of {@link #KERNEL_RERUNS} more:
     * under load about one script in 30 placed blocks differently in one kernel run and not in the next (where a
     * checkpoint has not completed, blocks freed earlier are still busy), which a deterministic jxfs bug does not.
     */
    static final int MIN_IDENTICAL_BMAP = 50;
    static final int KERNEL_RERUNS = 2;
    static final String NAME = "f";

    /** A line of pread -v's dump; any other line xfs_io prints is an error message. */
    static final java.util.regex.Pattern DUMP_LINE = java.util.regex.Pattern.compile("^[0-9a-f]{8}:  .*");

    static Path dir;
    static Path fresh;

    @BeforeAll
    static void freshImage() throws Exception {
        dir = TestDirs.unique("dio-diff");
        fresh = freshImage(dir);
    }

    /** A fresh jxfs mkfs image in {@code dir} whose free blocks hold stale bytes ({@link StaleFreeSpace}). */
    static Path freshImage(Path dir) throws Exception {
        Path img = dir.resolve("fresh.img");
        assertThat(JxfsMain.run("mkfs", "-q", "-d", IMAGE_SIZE, img.toString())).isZero();
        StaleFreeSpace.fill(img);
        return img;
    }

    @AfterAll
    static void cleanUp() {
        TestDirs.delete(dir);
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void directIoScriptsGiveTheKernelsStateContentsAndPlacement() throws Exception {
        long t0 = System.nanoTime();
        int identicalBmap = 0;
        int identicalFirstTime = 0;
        int withMessages = 0;
        long kernelNanos = 0;
        long jxfsNanos = 0;
        List<String> failures = new ArrayList<>();
        List<Long> bmapDiffers = new ArrayList<>();
        String firstBmapDiff = null;
        Long firstBadSeed = null;
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SCRIPTS; seed++) {
            DioScript script = DioScript.random(seed, COMMANDS);
            Path work = Files.createDirectories(dir.resolve("seed-" + seed));
            long tk = System.nanoTime();
            DioRun k = DioRun.kernel(fresh, work, NAME, script, false);
            long tj = System.nanoTime();
            DioRun j = DioRun.jxfs(fresh, work, NAME, script, false);
            jxfsNanos += System.nanoTime() - tj;
            kernelNanos += tj - tk;
            String what = "seed " + seed + " (align " + script.align() + "/" + script.mapAlign() + ", max "
                    + script.maxFile() + ")";
            if (k.output().lines().anyMatch(l -> !DUMP_LINE.matcher(l).matches())) {
                withMessages++;
            }
            if (!j.output().equals(k.output())) {
                failures.add(what + ": output differs\n--- kernel\n" + k.output() + "--- jxfs\n" + j.output());
            }
            if (!j.repair().clean()) {
                failures.add(what + ": xfs_repair -n exited " + j.repair().exitCode() + "\n" + j.repair().output());
            }
            String diff = k.firstDifference(j);
            if (diff != null) {
                failures.add(what + ": " + diff);
                if (firstBadSeed == null) {
                    firstBadSeed = seed;
                }
            }
            boolean same = k.bmapBody().equals(j.bmapBody());
            if (same) {
                identicalFirstTime++;
            }
            for (int again = 0; !same && again < KERNEL_RERUNS; again++) {
                // the kernel's placement can depend on when its log checkpoints complete (busy extents); jxfs's
                // cannot: a difference that goes away when the kernel runs the script again is timing
                long tr = System.nanoTime();
                same = DioRun.kernel(fresh, work, NAME, script, false).bmapBody().equals(j.bmapBody());
                kernelNanos += System.nanoTime() - tr;
            }
            if (same) {
                identicalBmap++;
            } else {
                bmapDiffers.add(seed);
                if (firstBmapDiff == null) {
                    firstBmapDiff = what + "\n--- kernel\n" + k.bmap() + "--- jxfs\n" + j.bmap();
                }
            }
            TestDirs.delete(work);
        }
        boolean defaults = SCRIPTS == DEFAULT_SCRIPTS && COMMANDS == DEFAULT_COMMANDS
                && IMAGE_SIZE.equals(DEFAULT_IMAGE_SIZE) && FIRST_SEED == 1;
        int floor = defaults ? MIN_IDENTICAL_BMAP : 0;
        System.out.printf("DioDifferentialTest: %d scripts of %d commands on %s images (%d where xfs_io printed "
                        + "error messages); %d with identical output, size, state maps and contents; %d/%d with "
                        + "byte-identical bmap -vp (floor %d; %d at the kernel's first run); differing bmap: %s; "
                        + "kernel %.1f s, jxfs %.1f s, %.1f s in all%n", SCRIPTS, COMMANDS, IMAGE_SIZE, withMessages,
                SCRIPTS - countSeeds(failures), identicalBmap, SCRIPTS, floor, identicalFirstTime, bmapDiffers,
                kernelNanos / 1e9, jxfsNanos / 1e9, (System.nanoTime() - t0) / 1e9);
        Path target = Path.of(System.getProperty("jxfs.target.dir", "target"));
        if (firstBmapDiff != null) {
            Files.writeString(target.resolve("dio-first-bmap-diff.txt"), firstBmapDiff);
        }
        if (firstBadSeed != null) {
            failures.add(0, DioBisect.firstDivergence(fresh, dir, NAME, DioScript.random(firstBadSeed, COMMANDS),
                    false));
        }
        assertThat(failures).as("scripts where jxfs differs from the kernel").isEmpty();
        assertThat(identicalBmap).as("scripts whose bmap -vp equals the kernel's; the first difference is in "
                + "target/dio-first-bmap-diff.txt").isGreaterThanOrEqualTo(floor);
    }

    private static long countSeeds(List<String> failures) {
        return failures.stream().map(f -> f.substring(0, f.indexOf(' ', 5))).distinct().count();
    }
}
