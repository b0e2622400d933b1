// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jxfs.core.mount.Freesp;
import org.jxfs.core.mount.Mount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jxfs freesp IMAGE}: xfs_db's {@code freesp} with its options and its output, byte for byte. */
@Command(name = "freesp", description = {"Summarize an image's free space as xfs_db -r -c 'freesp ...' does: free "
        + "extents (and free-list blocks) bucketed by length, power-of-two buckets unless -e, -m or -h say otherwise."},
        customSynopsis = "jxfs freesp IMAGE [-bcds] [-A alignment] [-a agno]... [-e binsize] [-h h1]... [-m binmult]")
final class FreespCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "show this help")
    boolean help;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "the image file (opened read-only)")
    Path image;

    @Option(names = "-a", paramLabel = "agno", description = "only this AG (repeatable)")
    List<Integer> agnos = new ArrayList<>();

    @Option(names = "-A", paramLabel = "alignment", description = "only extents starting at a multiple of this many "
            + "filesystem blocks")
    long alignment;

    @Option(names = "-b", description = "power-of-two buckets (the default)")
    boolean binary;

    @Option(names = "-c", description = "walk the by-size btree (cntbt) instead of the by-block one")
    boolean count;

    @Option(names = "-d", description = "print every free extent as it is read")
    boolean dump;

    @Option(names = "-e", paramLabel = "binsize", description = "buckets of equal size")
    Integer equalSize;

    @Option(names = "-h", paramLabel = "h1", description = "a bucket starting here (repeatable)")
    List<Integer> binStarts = new ArrayList<>();

    @Option(names = "-m", paramLabel = "binmult", description = "each bucket this many times the one before")
    Integer multSize;

    @Option(names = "-s", description = "print the totals")
    boolean summary;

    @Override
    public Integer call() throws Exception {
        int speced = (binary ? 1 : 0) + (equalSize != null ? 1 : 0) + (multSize != null ? 1 : 0)
                + (binStarts.isEmpty() ? 0 : 1);
        if (speced > 1) {
            throw new IllegalArgumentException("-b, -e, -h and -m choose the buckets: give one of them");
        }
        int mult = binary || speced == 0 ? 2 : multSize != null ? multSize : 0;
        Freesp.Options opts = new Freesp.Options(agnos, alignment, count, dump, equalSize != null ? equalSize : 0,
                mult, binStarts, summary);
        try (Mount mp = Mount.open(image, true)) {
            System.out.print(Freesp.of(mp, opts).report());
        }
        return 0;
    }
}
