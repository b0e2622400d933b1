// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.dio;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.tests.oracle.TestDirs;

/**
 * Bisects a {@link DioScript} on which jxfs and the kernel end differently to the first command after which they
 * differ. Each prefix is an independent pair of runs on fresh copies of the image, so the kernel's busy-extent and
 * log timing are those of the shorter script.
 */
final class DioBisect {
    private DioBisect() {
    }

    /**
     * Returns a report naming the seed, the index (1-based) and text of the first command after which the two
     * sides differ, the first differing block, and both sides' bmap -vp before and after that command. With
     * {@code placement}, a different bmap -vp (physical blocks) counts as a difference too.
     */
    static String firstDivergence(Path fresh, Path dir, String name, DioScript full, boolean placement)
            throws Exception {
        Path work = Files.createDirectories(dir.resolve("bisect-" + full.seed()));
        try {
            int n = full.commands().size();
            if (differs(fresh, work, name, full.prefix(n), placement) == null) {
                return "seed " + full.seed() + ": no difference when run again";
            }
            int lo = 0;
            int hi = n;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (differs(fresh, work, name, full.prefix(mid), placement) == null) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            DioRun[] before = runBoth(fresh, work, name, full.prefix(hi - 1), false);
            DioRun[] after = runBoth(fresh, work, name, full.prefix(hi), true);
            String diff = after[0].firstDifference(after[1]);
            if (diff == null) {
                diff = "placement only";
            }
            return "seed " + full.seed() + " (align " + full.align() + "/" + full.mapAlign() + ", max " + full.maxFile()
                    + "): first difference after command " + hi + ": " + full.commands().get(hi - 1) + "\n  "
                    + diff + "\n--- kernel before (size " + before[0].size() + ")\n" + before[0].bmap()
                    + "--- jxfs before (size " + before[1].size() + ")\n" + before[1].bmap()
                    + "--- kernel after (size " + after[0].size() + ")\n" + after[0].bmap()
                    + "--- jxfs after (size " + after[1].size() + ")\n" + after[1].bmap();
        } finally {
            TestDirs.delete(work);
        }
    }

    /** The two runs of {@code script} if they differ, else null. */
    private static DioRun[] differs(Path fresh, Path work, String name, DioScript script, boolean placement)
            throws Exception {
        DioRun[] both = runBoth(fresh, work, name, script, false);
        boolean same = both[0].sameState(both[1]) && both[1].repair().clean()
                && (!placement || both[0].bmapBody().equals(both[1].bmapBody()));
        return same ? null : both;
    }

    private static DioRun[] runBoth(Path fresh, Path work, String name, DioScript script, boolean keepData)
            throws Exception {
        DioRun k = DioRun.kernel(fresh, work, name, script, keepData);
        DioRun j = DioRun.jxfs(fresh, work, name, script, keepData);
        return new DioRun[] {k, j};
    }
}
