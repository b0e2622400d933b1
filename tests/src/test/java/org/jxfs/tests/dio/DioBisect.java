// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.dio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jxfs.tests.oracle.TestDirs;

/**
 * Bisects a script on which jxfs and the kernel end differently to the first command after which they differ: a
 * {@link DioScript} run with O_DIRECT, or the buffered scripts of {@link BufferedDifferentialTest}. Each prefix is an
 * independent pair of runs on fresh copies of the image, so the kernel's busy-extent and log timing are those of
 * the shorter script.
 */
final class DioBisect {
    private DioBisect() {
    }

    /** {@link #firstDivergence(Path, Path, String, String, List, boolean, boolean)} of an O_DIRECT script. */
    static String firstDivergence(Path fresh, Path dir, String name, DioScript full, boolean placement)
            throws Exception {
        String label = "seed " + full.seed() + " (align " + full.align() + "/" + full.mapAlign() + ", max "
                + full.maxFile() + ")";
        return firstDivergence(fresh, dir, name, label, full.commands(), true, placement);
    }

    /**
     * Returns a report naming {@code label}, the index (1-based) and text of the first command after which the two
     * sides differ, the first differing block, and both sides' bmap -vp before and after that command. With
     * {@code placement}, a different bmap -vp (physical blocks) counts as a difference too. The shortest differing
     * prefix is written to target/bisect-LABEL.xio (LABEL up to its first parenthesis, spaces as dashes).
     */
    static String firstDivergence(Path fresh, Path dir, String name, String label, List<String> commands,
            boolean direct, boolean placement) throws Exception {
        int paren = label.indexOf('(');
        String tag = (paren < 0 ? label : label.substring(0, paren)).trim().replace(' ', '-');
        Path work = Files.createDirectories(dir.resolve("bisect-" + tag));
        try {
            int n = commands.size();
            if (differs(fresh, work, name, commands, n, direct, placement) == null) {
                return label + ": no difference when run again";
            }
            int lo = 0;
            int hi = n;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (differs(fresh, work, name, commands, mid, direct, placement) == null) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            DioRun[] before = runBoth(fresh, work, name, commands, hi - 1, direct, false);
            DioRun[] after = runBoth(fresh, work, name, commands, hi, direct, true);
            Files.writeString(Path.of(System.getProperty("jxfs.target.dir", "target"), "bisect-" + tag + ".xio"),
                    text(commands, hi));
            String diff = after[0].firstDifference(after[1]);
            if (diff == null) {
                diff = "placement only";
            }
            return label + ": first difference after command " + hi + ": " + commands.get(hi - 1) + "\n  "
                    + diff + "\n--- kernel before (size " + before[0].size() + ")\n" + before[0].bmap()
                    + "--- jxfs before (size " + before[1].size() + ")\n" + before[1].bmap()
                    + "--- kernel after (size " + after[0].size() + ")\n" + after[0].bmap()
                    + "--- jxfs after (size " + after[1].size() + ")\n" + after[1].bmap();
        } finally {
            TestDirs.delete(work);
        }
    }

    private static String text(List<String> commands, int n) {
        return n == 0 ? "" : String.join("\n", commands.subList(0, n)) + "\n";
    }

    /** The two runs of the first {@code n} commands if they differ, else null. */
    private static DioRun[] differs(Path fresh, Path work, String name, List<String> commands, int n,
            boolean direct, boolean placement) throws Exception {
        DioRun[] both = runBoth(fresh, work, name, commands, n, direct, false);
        boolean same = both[0].sameState(both[1]) && both[1].repair().clean()
                && (!placement || both[0].bmapBody().equals(both[1].bmapBody()));
        return same ? null : both;
    }

    private static DioRun[] runBoth(Path fresh, Path work, String name, List<String> commands, int n,
            boolean direct, boolean keepData) throws Exception {
        String t = text(commands, n);
        DioRun k = DioRun.kernel(fresh, work, name, t, direct, keepData);
        DioRun j = DioRun.jxfs(fresh, work, name, t, direct, keepData);
        return new DioRun[] {k, j};
    }
}
