// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.openhft.chronicle.bytes.MappedBytesStore;
import org.jxfs.core.XfsException;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.dax.DaxClearBlocks;
import org.jxfs.dax.DaxMmap;
import org.jxfs.dax.Pmem;
import org.jxfs.fs.DaxFiles;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.fs.XfsMountOptions;
import org.jxfs.iomap.DaxPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import sun.misc.Unsafe;

/**
 * The DAX path's two costs: zeroing blocks through the pmem mapping, and page faults on a DAX file's mapping.
 * <ul>
 * <li>{@link #clearBlocks} against {@link #setMemory}: dax_clear_blocks ({@link DaxClearBlocks#clear}) over a
 * 64 MiB device, against {@code Unsafe.setMemory} on the addresses of the same mapped chunks, in the same fork and
 * on the same pretouched region ({@link Region}). Each op is one MiB zeroed ({@code @OperationsPerInvocation(64)}
 * of a 64 MiB clear), so the score is MiB/s.</li>
 * <li>{@link #writeFault1Thread} / {@link #writeFault2Threads}: allocating write faults. Each op is one
 * {@code DaxMmap.writeLong} to a page of a DAX file that is a hole inside EOF, so the store faults and the fault
 * allocates through get_block: with {@link DaxPolicy.Mode#FIXED} (Linux 4.4) xfs_iomap_write_direct with CONVERT |
 * ZERO zeroes the block inside the transaction; with {@link DaxPolicy.Mode#LEGACY} and
 * {@link DaxPolicy.Mode#MMAP_LOCK} (4.3) get_block allocates an unwritten extent, the fault zeroes the page and
 * complete_unwritten converts it in a second transaction, MMAP_LOCK holding the mapping's i_mmap lock for write
 * around the whole fault.</li>
 * <li>{@link #readFault1Thread} / {@link #readFault2Threads}: read faults on written blocks. Each op is one
 * {@code DaxMmap.readLong} of a page of a file written beforehand (DAX pwrites of 1 MiB) that the reading mapping
 * has not touched: get_block without create finds the written extent and the page is mapped, nothing zeroed
 * (MMAP_LOCK still takes the i_mmap lock for write around the fault).</li>
 * </ul>
 * <b>Threads.</b> Each thread maps the file itself (its own {@link DaxMmap}: a vma with its own page table, as two
 * mmap calls give) and touches only its own pages: thread {@code i} the {@code i}-th half (stripe) of the file, in
 * increasing order, one op per page. Both vmas belong to the inode's one address_space, so the two threads share
 * the inode's locks (ilock, mmaplock, the i_mmap lock), the allocator and the transaction machinery. The 2-thread
 * score is the sum over both threads.
 * <p><b>Fresh pages.</b> A thread's vma is replaced (munmap + mmap, untimed, in a per-invocation set-up) every
 * {@link #REMAP_PAGES} pages, so page tables stay a bounded size; for read faults the thread then starts its stripe
 * again, and every read faults again on the new vma. Write faults need holes: each iteration's set-up truncates the
 * file to 0 and back (untimed), so every iteration allocates from the same free space again; should a thread still
 * run out of its stripe within an iteration, its per-invocation set-up punches the stripe (and says so on stdout).
 * <p><b>The device.</b> Images live in {@link DaxImage}'s directory (/dev/shm by default: the device stands for
 * pmem). Before the write faults every page of the mapped device is stored to once ({@link DaxImage#pretouch}), so
 * the host kernel's first-touch faults of the emulating file are not counted as DAX work; the read faults' pages
 * were touched by the pwrites that wrote them. A 1 GiB write image gives each thread a stripe of 104,437 pages: a
 * thread faulting faster than about a million pages/s uses it up within a 100 ms iteration and punches it (untimed,
 * but with two threads the punch holds the other thread's faults back; no measured two-thread iteration did so in
 * docs/performance.md's runs). The fork flags are {@link DirectIoBenchmark}'s.
 * <p>Run (docs/performance.md, "DAX"): {@code java -jar benchmarks/target/benchmarks.jar
 * 'DaxBenchmark.(clearBlocks|setMemory)' -f 1 -wi 3 -i 5 -w 1s -r 1s} and {@code java -jar
 * benchmarks/target/benchmarks.jar 'DaxBenchmark.*Fault' -f 1 -wi 3 -w 1s -i 10 -r 100ms}: the fault path needs
 * seconds of warm-up before the compiler is done with it (100 ms warm-up iterations were still climbing after 0.5 s),
 * and a measured iteration must fit a thread's stripe (warm-up iterations may punch theirs, which is harmless there).
 * {@link DaxClearRounds} gives the clearBlocks/setMemory ratio from interleaved rounds, {@link DaxFaultRounds} the
 * modes' ratios (JMH runs the modes in forks one after another, and on a shared VM a fork's rate depends on when it
 * ran).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC",
        "-XX:+UseTransparentHugePages", "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports",
        "java.base/jdk.internal.ref=ALL-UNNAMED", "-Ddisable.perf.info=true", "-Dchronicle.analytics.disable=true"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DaxBenchmark {
    static final int PAGE = 4096;
    /** FS_XFLAG_DAX (chattr +x). */
    static final int FS_XFLAG_DAX = 0x8000;
    /** Bytes of the region {@link #clearBlocks} and {@link #setMemory} zero. */
    static final long REGION_BYTES = 64L << 20;
    static final int REGION_MIB = 64;
    /** Faults per invocation and thread. */
    static final int FAULTS = 4096;
    /** Pages a vma serves before it is replaced by a fresh one. */
    static final int REMAP_PAGES = 16 * FAULTS;
    /** Image of the write-fault benchmarks (its free space bounds the pages one iteration can allocate). */
    static final long WRITE_IMAGE_BYTES = Long.getLong("jxfs.bench.dax.writeImageMiB", 1024) << 20;
    /** Pages of each thread's stripe of the written file the read faults touch. */
    static final int READ_STRIPE_PAGES = REMAP_PAGES;
    static final int MAX_THREADS = 2;
    static final long READ_IMAGE_BYTES = 1L << 30;

    static final Unsafe UNSAFE = unsafe();

    /** A 64 MiB device mapped in 4 MiB chunks, every page present; the chunks' addresses for setMemory. */
    @State(Scope.Benchmark)
    public static class Region {
        private DaxImage image;
        private BlockDevice dev;
        Pmem pmem;
        long[] chunkAddr;

        @Setup(Level.Trial)
        public void map() throws IOException, XfsException {
            image = new DaxImage("dax-clear");
            dev = BlockDevice.open(image.plain(REGION_BYTES), false);
            pmem = new Pmem(dev);
            int n = (int) (REGION_BYTES / BlockDevice.CHUNK);
            chunkAddr = new long[n];
            for (int i = 0; i < n; i++) {
                long off = i * BlockDevice.CHUNK;
                MappedBytesStore s = dev.mappedChunk(off);
                chunkAddr[i] = s.addressForWrite(off);
            }
            DaxImage.pretouch(pmem);
            CpuWarmup.spin();
        }

        @TearDown(Level.Trial)
        public void unmap() throws IOException, XfsException {
            dev.close();
            image.delete();
        }
    }

    /** dax_clear_blocks of the whole 64 MiB region (16,384 blocks of 4 KiB); the score is MiB/s. */
    @Benchmark
    @OperationsPerInvocation(REGION_MIB)
    public void clearBlocks(Region r) throws XfsException {
        DaxClearBlocks.clear(r.pmem, 12, 0, REGION_BYTES);
    }

    /** Unsafe.setMemory(0) at each 4 MiB chunk's address of the same region: the memset bound; MiB/s. */
    @Benchmark
    @OperationsPerInvocation(REGION_MIB)
    public void setMemory(Region r) {
        for (long a : r.chunkAddr) {
            UNSAFE.setMemory(a, BlockDevice.CHUNK, (byte) 0);
        }
    }

    /** A mounted image with one DAX file, shared by the threads of a fault benchmark. */
    public abstract static class DaxFs {
        DaxImage image;
        Xfs fs;
        XfsFile file;
        final AtomicInteger threads = new AtomicInteger();

        void mount(String prefix, long imageBytes, DaxPolicy.Mode mode) throws IOException, XfsException {
            image = new DaxImage(prefix);
            fs = Xfs.open(image.format(imageBytes), new XfsMountOptions(false, mode));
            file = fs.openFile("/f", true, false, false);
            file.fssetxflags(FS_XFLAG_DAX);
            if (!file.isDax()) {
                throw new IllegalStateException("FS_XFLAG_DAX did not make the inode DAX");
            }
        }

        void pretouch() throws XfsException {
            DaxImage.pretouch(DaxFiles.of(fs.mount()).pmem());
        }

        void unmount() throws IOException, XfsException {
            file.close();
            fs.close();
            image.delete();
        }
    }

    /** An image whose DAX file is a hole inside EOF, made holes again before every iteration. */
    @State(Scope.Benchmark)
    public static class WriteFs extends DaxFs {
        @Param({"FIXED", "LEGACY", "MMAP_LOCK"})
        public String mode;
        long fileBytes;
        long stripePages;
        /** Bumped at each iteration's re-holing; the threads start their stripes again when it changes. */
        volatile int epoch;

        @Setup(Level.Trial)
        public void make() throws IOException, XfsException {
            mount("dax-wfault", WRITE_IMAGE_BYTES, DaxPolicy.Mode.valueOf(mode));
            long freePages = fs.mount().fdblocks();
            stripePages = freePages * 85 / 100 / MAX_THREADS;
            fileBytes = stripePages * MAX_THREADS * PAGE;
            file.truncate(fileBytes);
            pretouch();
        }

        @Setup(Level.Iteration)
        public void reHole() throws XfsException {
            file.truncate(0);
            file.truncate(fileBytes);
            epoch++;
            CpuWarmup.spin();
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException, XfsException {
            unmount();
        }
    }

    /** An image whose DAX file is written through, {@link #READ_STRIPE_PAGES} pages per thread. */
    @State(Scope.Benchmark)
    public static class ReadFs extends DaxFs {
        @Param({"FIXED", "LEGACY", "MMAP_LOCK"})
        public String mode;

        @Setup(Level.Trial)
        public void make() throws IOException, XfsException {
            mount("dax-rfault", READ_IMAGE_BYTES, DaxPolicy.Mode.valueOf(mode));
            long bytes = (long) READ_STRIPE_PAGES * MAX_THREADS * PAGE;
            file.truncate(bytes);
            byte[] buf = new byte[1 << 20];
            java.util.Arrays.fill(buf, (byte) 0xcd);
            for (long pos = 0; pos < bytes; pos += buf.length) {
                file.pwrite(pos, buf, 0, buf.length);
            }
            CpuWarmup.spin();
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException, XfsException {
            unmount();
        }
    }

    /** One thread's vma and its place in its stripe of the file. */
    public abstract static class Cursor {
        DaxMmap vma;
        long first;
        long end;
        long next;
        int sinceMap;

        void join(DaxFs fs, long stripePages) {
            int i = fs.threads.getAndIncrement();
            if (i >= MAX_THREADS) {
                throw new IllegalStateException("at most " + MAX_THREADS + " threads");
            }
            first = i * stripePages;
            end = first + stripePages;
            next = first;
        }

        void remap(DaxFs fs) throws XfsException {
            if (vma != null) {
                vma.munmap();
            }
            vma = fs.file.mmap(0, fs.file.size(), true);
            sinceMap = 0;
        }

        void unmap() {
            if (vma != null) {
                vma.munmap();
                vma = null;
            }
        }
    }

    @State(Scope.Thread)
    public static class WriteCursor extends Cursor {
        private int epoch = -1;

        @Setup(Level.Trial)
        public void join(WriteFs fs) {
            join(fs, fs.stripePages);
        }

        @Setup(Level.Invocation)
        public void freshPages(WriteFs fs) throws XfsException {
            if (epoch != fs.epoch) {
                epoch = fs.epoch;
                next = first;
                remap(fs);
            } else if (next + FAULTS > end) {
                System.out.println("DaxBenchmark: a thread wrote its whole stripe of " + (end - first)
                        + " pages within one iteration; punching it (raise jxfs.bench.dax.writeImageMiB)");
                vma.munmap();
                vma = null;
                fs.file.punchHole(first * PAGE, (end - first) * PAGE);
                next = first;
                remap(fs);
            } else if (sinceMap >= REMAP_PAGES) {
                remap(fs);
            }
        }

        @TearDown(Level.Trial)
        public void leave() {
            unmap();
        }
    }

    @State(Scope.Thread)
    public static class ReadCursor extends Cursor {
        @Setup(Level.Trial)
        public void join(ReadFs fs) {
            join(fs, READ_STRIPE_PAGES);
        }

        @Setup(Level.Invocation)
        public void freshPages(ReadFs fs) throws XfsException {
            if (vma == null || next + FAULTS > end) {
                next = first;
                remap(fs);
            }
        }

        @TearDown(Level.Trial)
        public void leave() {
            unmap();
        }
    }

    static long writeFaults(WriteCursor c) throws XfsException {
        DaxMmap vma = c.vma;
        long page = c.next;
        for (int i = 0; i < FAULTS; i++, page++) {
            vma.writeLong(page * PAGE + 64, page);
        }
        c.next = page;
        c.sinceMap += FAULTS;
        return page;
    }

    static long readFaults(ReadCursor c) throws XfsException {
        DaxMmap vma = c.vma;
        long page = c.next;
        long sum = 0;
        for (int i = 0; i < FAULTS; i++, page++) {
            sum += vma.readLong(page * PAGE + 64);
        }
        c.next = page;
        c.sinceMap += FAULTS;
        return sum;
    }

    /** Allocating write faults, one thread: a store to a hole page of a DAX file, per mode. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(FAULTS)
    public long writeFault1Thread(WriteFs fs, WriteCursor c) throws XfsException {
        return writeFaults(c);
    }

    /** Allocating write faults, two threads on their own halves of one file; ops/s summed over both. */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(FAULTS)
    public long writeFault2Threads(WriteFs fs, WriteCursor c) throws XfsException {
        return writeFaults(c);
    }

    /** Read faults on written pages, one thread, per mode. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(FAULTS)
    public long readFault1Thread(ReadFs fs, ReadCursor c) throws XfsException {
        return readFaults(c);
    }

    /** Read faults on written pages, two threads on their own halves of one file; ops/s summed over both. */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(FAULTS)
    public long readFault2Threads(ReadFs fs, ReadCursor c) throws XfsException {
        return readFaults(c);
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
