// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jxfs.core.XfsException;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.dax.RaceResult;
import org.jxfs.iomap.DaxPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jxfs dax-race}: the 2015 race between DAX write faults (Linux 4.3), the generic attempt to serialise them
 * (843172978bb9) and the fix (4.4), on a real XFS image: every interleaving of a few faults on one page, then real
 * threads racing faults on many pages.
 */
@Command(name = "dax-race", mixinStandardHelpOptions = true,
        description = {"Reproduce the 2015 DAX fault race and its fix on an XFS image.",
                "(a) Every interleaving of two write faults on one unwritten page, and of a read and two write "
                        + "faults, through the real get_block, zeroing and conversion; a losing one is printed step "
                        + "by step.",
                "(b) THREADS threads of one process racing write faults (one store of a unique long each) on each "
                        + "of PAGES fresh pages of a DAX file, ROUNDS files in a row; every store is then read back.",
                "The image (a temp file unless IMAGE is given, which is formatted) is unmounted cleanly at the end.",
                "Exit status: 0 when the fixed mode lost nothing, 1 when it did, 2 on errors."})
final class DaxRaceCommand implements Callable<Integer> {
    @Option(names = "--mode", paramLabel = "MODE", description = "legacy, mmap-lock, fixed or all (default: all)")
    String mode = "all";

    @Option(names = "--threads", paramLabel = "N", description = "racing threads (default: 4)")
    int threads = 4;

    @Option(names = "--pages", paramLabel = "M", description = "pages per file in the stress (default: 256)")
    int pages = 256;

    @Option(names = "--rounds", paramLabel = "R", description = "files per mode in the stress (default: 2)")
    int rounds = 2;

    @Option(names = "--stores-per-page", paramLabel = "S", description = "longs each thread stores into each page "
            + "after the barrier; the first faults (default: 1)")
    int storesPerPage = 1;

    @Option(names = "--preemptions", paramLabel = "K", description = "explore the three-fault scenario within K "
            + "preemptions (default: 2, ~600 interleavings in legacy; 3 gives ~3,700, all of them are ~10^6)")
    int preemptions = 2;

    @Option(names = "--no-explore", description = "skip the exhaustive exploration")
    boolean noExplore;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "image to format and use")
    Path image;

    @Override
    public Integer call() throws Exception {
        List<DaxPolicy.Mode> modes;
        try {
            modes = modes(mode);
            new DaxStress.Options(DaxPolicy.Mode.FIXED, threads, pages, rounds, storesPerPage);
        } catch (IllegalArgumentException e) {
            System.err.println("dax-race: " + e.getMessage());
            return 2;
        }
        Path tmp = image == null ? Files.createTempDirectory("jxfs-dax-race") : null;
        Path img = image != null ? image : tmp.resolve("dax-race.img");
        try {
            return run(System.out, img, modes);
        } catch (XfsException e) {
            System.err.println("dax-race: " + e.getMessage());
            return 2;
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    private int run(PrintStream out, Path img, List<DaxPolicy.Mode> modes) throws XfsException, InterruptedException {
        long need = (long) pages * DaxStress.PAGE * rounds * modes.size();
        long size = Math.max(64L << 20, Long.highestOneBit(need * 2) << 1);
        Mkfs.format(img, MkfsOptions.builder().dataSize(size).quiet(true).force(true).build());
        out.printf("image %s: %d MiB, formatted%n", img, size >> 20);
        if (!noExplore) {
            out.println("(a) every interleaving of faults on one unwritten page (w = store, r = load; each faults):");
            for (DaxPolicy.Mode m : modes) {
                long t0 = System.nanoTime();
                List<RaceResult> rs = DaxExplore.explore(img, m, "/explore-" + name(m), preemptions);
                StringBuilder line = new StringBuilder(String.format("%-9s", name(m)));
                String example = null;
                for (int i = 0; i < rs.size(); i++) {
                    RaceResult r = rs.get(i);
                    line.append(i == 0 ? " " : "; ").append(DaxExplore.SCENARIOS.get(i).label()).append(": ")
                            .append(r.summary());
                    if (example == null && !r.examples().isEmpty()) {
                        example = r.examples().get(0);
                    }
                }
                out.println(line.append(String.format(" [%.1f s]", (System.nanoTime() - t0) / 1e9)));
                if (example != null) {
                    out.println(example.indent(4).stripTrailing());
                }
            }
        }
        out.println("(b) " + threads + " threads racing write faults on each fresh page (" + pages + " pages x "
                + rounds + " files per mode):");
        boolean fixedLost = false;
        for (DaxPolicy.Mode m : modes) {
            DaxStress.Result r = DaxStress.run(img, new DaxStress.Options(m, threads, pages, rounds, storesPerPage));
            out.println(r.summary() + (r.fsckProblems().isEmpty() ? "" : "; check: " + r.fsckProblems()));
            fixedLost |= m == DaxPolicy.Mode.FIXED && r.lost() > 0;
        }
        out.println("image unmounted cleanly");
        return fixedLost ? 1 : 0;
    }

    static List<DaxPolicy.Mode> modes(String name) {
        return switch (name) {
            case "all" -> List.of(DaxPolicy.Mode.LEGACY, DaxPolicy.Mode.MMAP_LOCK, DaxPolicy.Mode.FIXED);
            case "legacy" -> List.of(DaxPolicy.Mode.LEGACY);
            case "mmap-lock" -> List.of(DaxPolicy.Mode.MMAP_LOCK);
            case "fixed" -> List.of(DaxPolicy.Mode.FIXED);
            default -> throw new IllegalArgumentException("unknown mode '" + name
                    + "' (legacy, mmap-lock, fixed or all)");
        };
    }

    static String name(DaxPolicy.Mode m) {
        return m.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
