// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jxfs.core.XfsException;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.dax.DaxMapping;
import org.jxfs.dax.DaxMmap;
import org.jxfs.dax.FaultStep;
import org.jxfs.dax.FaultSteps;
import org.jxfs.dax.VmFault;
import org.jxfs.fs.DaxFiles;
import org.jxfs.fs.FallocMode;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.fs.XfsMountOptions;
import org.jxfs.iomap.DaxPolicy;

/**
 * The 2015 DAX race on real threads through the whole stack: on an XFS image mounted in one {@link DaxPolicy.Mode},
 * a DAX file of fresh pages (unwritten, i.e. fallocated, for the 4.3 modes; alternately unwritten and holes for the
 * 4.4 fix), and {@code threads} threads of one process sharing one mapping of it. For each page in turn the threads
 * meet at a barrier, then each stores its own long into the page, so every store is a write fault racing the
 * others on the same page. Afterwards every store is read back through pread; one that reads back as anything else
 * is lost. Each round uses a new file. The image is unmounted cleanly at the end.
 */
public final class DaxStress {
    static final int PAGE = DaxMapping.PAGE_SIZE;
    static final int FS_XFLAG_DAX = 0x8000;

    /**
     * @param mode the mount's DAX allocation behaviour
     * @param threads racing threads
     * @param pages pages per file
     * @param rounds files, one after the other
     * @param storesPerPage longs each thread stores into each page after the barrier: the first faults, the
     *     others land in the page the fault mapped, where a racing fault's zeroing can still wipe them; thread
     *     {@code t}'s {@code j}-th long is at {@code (t + j * threads) * 8} ({@code threads * storesPerPage} at most
     *     511)
     */
    public record Options(DaxPolicy.Mode mode, int threads, int pages, int rounds, int storesPerPage) {
        public Options {
            if (threads < 1 || storesPerPage < 1 || (long) threads * storesPerPage > PAGE / 8 - 1 || pages < 1
                    || pages >= 1 << 24 || rounds < 1 || rounds >= 1 << 16) {
                throw new IllegalArgumentException("threads x stores per page 1.." + (PAGE / 8 - 1)
                        + ", pages 1..2^24-1, rounds 1..65535: " + threads + " x " + storesPerPage + ", " + pages
                        + ", " + rounds);
            }
        }

        /** One store per thread per page. */
        public Options(DaxPolicy.Mode mode, int threads, int pages, int rounds) {
            this(mode, threads, pages, rounds, 1);
        }
    }

    /**
     * One file of a run.
     *
     * @param path the file's path in the image
     * @param content the file as pread returned it after the threads finished ({@code pages} pages)
     * @param lost stores that did not read back, as (page, thread) pairs {@code page << 16 | thread}, one per store
     */
    public record Round(String path, byte[] content, List<Long> lost) {
    }

    /**
     * What a run did.
     *
     * @param stores stores done (threads x pages x rounds x stores per page)
     * @param lost stores that read back as something else
     * @param faults DAX faults taken (each fault's get_block lookup, counted)
     * @param seconds wall time of the racing part (barriers included), summed over rounds
     * @param fsckProblems what jxfs's consistency check found before unmounting (empty when clean)
     */
    public record Result(Options options, long stores, long lost, long faults, double seconds, List<Round> rounds,
            List<String> fsckProblems) {
        public double faultsPerSecond() {
            return seconds > 0 ? faults / seconds : 0;
        }

        /** One line: stores done, lost, fault throughput. */
        public String summary() {
            return String.format("%-9s %d threads x %d pages x %d rounds: %d stores done, %d lost; %d faults, "
                            + "%.0f faults/s", options.mode().name().toLowerCase(java.util.Locale.ROOT)
                            .replace('_', '-'), options.threads(), options.pages(), options.rounds(), stores, lost,
                    faults, faultsPerSecond());
        }
    }

    private DaxStress() {
    }

    /** The unique, non-zero long that {@code thread} stores into {@code page} of round {@code round}. */
    public static long value(DaxPolicy.Mode mode, int round, int page, int thread) {
        return 0xDAL << 56 | (long) mode.ordinal() << 52 | (long) round << 36 | (long) page << 12 | (thread + 1);
    }

    /** The file offset where {@code thread} stores into {@code page} (its first store). */
    public static long offset(int page, int thread) {
        return (long) page * PAGE + thread * 8L;
    }

    /** The file offset of {@code thread}'s {@code j}-th store into {@code page}, with {@code threads} racing. */
    static long offset(int page, int thread, int j, int threads) {
        return (long) page * PAGE + (thread + (long) j * threads) * 8L;
    }

    /** The value of {@code thread}'s {@code j}-th store into {@code page}: the first is {@link #value}. */
    static long value(DaxPolicy.Mode mode, int round, int page, int thread, int j) {
        return value(mode, round, page, thread) ^ ((long) j << 40);
    }

    /** The path of round {@code round}'s file for {@code mode}. */
    public static String path(DaxPolicy.Mode mode, int round) {
        return "/dax-race-" + mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + round;
    }

    /** Mounts {@code image} in the options' mode, runs every round, checks, and unmounts. */
    public static Result run(Path image, Options o) throws XfsException, InterruptedException {
        List<Round> rounds = new ArrayList<>();
        long lost = 0;
        long faults = 0;
        double seconds = 0;
        List<String> problems;
        try (Xfs fs = Xfs.open(image, new XfsMountOptions(false, o.mode()))) {
            for (int r = 0; r < o.rounds(); r++) {
                LongAdder faultCount = new LongAdder();
                long[] nanos = new long[1];
                Round round = round(fs, o, r, faultCount, nanos);
                rounds.add(round);
                lost += round.lost().size();
                faults += faultCount.sum();
                seconds += nanos[0] / 1e9;
            }
            problems = FsCheck.run(fs.mount());
        }
        return new Result(o, (long) o.threads() * o.pages() * o.rounds() * o.storesPerPage(), lost, faults, seconds, List.copyOf(rounds),
                problems);
    }

    private static Round round(Xfs fs, Options o, int r, LongAdder faultCount, long[] nanos)
            throws XfsException, InterruptedException {
        String path = path(o.mode(), r);
        long size = (long) o.pages() * PAGE;
        try (XfsFile f = fs.openFile(path, true, false)) {
            if (f.size() != 0 || !f.extents().isEmpty()) {
                throw new XfsException(XfsException.EEXIST, path + " exists already: use a fresh image");
            }
            f.fssetxflags(FS_XFLAG_DAX);
            if (o.mode() == DaxPolicy.Mode.FIXED) {
                f.truncate(size);
                for (int p = 0; p < o.pages(); p += 2) {
                    f.fallocate(FallocMode.KEEP_SIZE, (long) p * PAGE, PAGE);
                }
            } else {
                f.fallocate(0, size);
            }
            DaxMapping mapping = DaxFiles.of(fs.mount()).mapping(f.inode());
            mapping.setFaultSteps(new FaultSteps() {
                @Override
                public void before(VmFault fault, FaultStep step) {
                    if (step == FaultStep.LOOKUP) {
                        faultCount.increment();
                    }
                }
            });
            try (DaxMmap vma = f.mmap(0, size, true)) {
                nanos[0] = race(vma, o, r);
            } finally {
                mapping.setFaultSteps(FaultSteps.NONE);
            }
            byte[] content = new byte[(int) size];
            int n = f.pread(0, content, 0, content.length);
            if (n != content.length) {
                throw new XfsException(XfsException.EIO, path + ": short read " + n + " of " + content.length);
            }
            ByteBuffer bb = ByteBuffer.wrap(content).order(ByteOrder.nativeOrder());
            List<Long> lost = new ArrayList<>();
            for (int p = 0; p < o.pages(); p++) {
                for (int t = 0; t < o.threads(); t++) {
                    for (int j = 0; j < o.storesPerPage(); j++) {
                        if (bb.getLong((int) offset(p, t, j, o.threads())) != value(o.mode(), r, p, t, j)) {
                            lost.add((long) p << 16 | t);
                        }
                    }
                }
            }
            f.fsync();
            return new Round(path, content, List.copyOf(lost));
        }
    }

    /** The racing part: returns its wall time in nanoseconds. */
    private static long race(DaxMmap vma, Options o, int r) throws XfsException, InterruptedException {
        int n = o.threads();
        CyclicBarrier barrier = new CyclicBarrier(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[n];
        for (int t = 0; t < n; t++) {
            int thread = t;
            threads[t] = new Thread(() -> {
                try {
                    for (int p = 0; p < o.pages(); p++) {
                        barrier.await();
                        for (int j = 0; j < o.storesPerPage(); j++) {
                            vma.writeLong(offset(p, thread, j, n), value(o.mode(), r, p, thread, j));
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    barrier.reset();
                }
            }, "dax-stress-" + t);
        }
        long t0 = System.nanoTime();
        for (Thread th : threads) {
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        long elapsed = System.nanoTime() - t0;
        Throwable e = failure.get();
        if (e instanceof XfsException x) {
            throw x;
        }
        if (e != null && !(e instanceof java.util.concurrent.BrokenBarrierException)) {
            throw new IllegalStateException("stress thread failed: " + e, e);
        }
        return elapsed;
    }
}
