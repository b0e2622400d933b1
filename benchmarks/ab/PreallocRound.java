// SPDX-License-Identifier: GPL-2.0-only
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmapiFlags;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;

/**
 * One round of the PREALLOC workload of BmapBenchmark, loaded once per build by {@link Interleave}: a fresh 1 GiB
 * image, then 20,000 one-block PREALLOC mappings at every other block, timed. Compiled against one build and run
 * against each, so it only uses API that both builds have.
 */
public final class PreallocRound {
    private static final int CALLS = 20_000;
    private static final long CONVERT_BLOCKS = (160L << 20) / 4096;

    private PreallocRound() {
    }

    /**
     * Mode 0: the bmap layer (a transaction per xfs_bmapi_write); mode 1: XfsFile.fallocate; mode 2: CONVERT of
     * every other block of one 160 MiB unwritten extent (BmapBenchmark.convert). Returns calls/s.
     */
    public static double round(String image, int mode) throws Exception {
        Path img = Path.of(image);
        Files.deleteIfExists(img);
        Mkfs.format(img, MkfsOptions.builder().dataSize(1L << 30).force(true).quiet(true).build());
        try (Xfs fs = Xfs.open(img)) {
            XfsFile f = fs.create("/f");
            Mount mp = fs.mount();
            Inode ip = f.inode();
            BmbtIrec[] maps = new BmbtIrec[1];
            if (mode == 2) {
                mapOne(mp, ip, 0, CONVERT_BLOCKS, BmapiFlags.PREALLOC, maps);
                spin();
                long t = System.nanoTime();
                for (int i = 0; i < CONVERT_BLOCKS / 2; i++) {
                    mapOne(mp, ip, 2L * i, 1, BmapiFlags.CONVERT, maps);
                }
                return CONVERT_BLOCKS / 2 / ((System.nanoTime() - t) / 1e9);
            }
            spin();
            long t = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                if (mode == 0) {
                    mapOne(mp, ip, 2L * i, 1, BmapiFlags.PREALLOC, maps);
                } else {
                    f.fallocate(i * 8192L, 4096);
                }
            }
            return CALLS / ((System.nanoTime() - t) / 1e9);
        }
    }

    /** As BmapBenchmark's CpuWarmup: 100 ms of work after the format's fsync, so the round starts at full speed. */
    private static void spin() {
        long end = System.nanoTime() + 100_000_000L;
        long x = 1;
        while (System.nanoTime() < end) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }

    static volatile long sink;

    private static void mapOne(Mount mp, Inode ip, long offsetFsb, long count, int flags, BmbtIrec[] maps)
            throws Exception {
        long resblks = flags == BmapiFlags.PREALLOC ? count + 8 : 8;  // XFS_DIOSTRAT_SPACE_RES
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, resblks)) {
            ip.ilock.writeLock().lock();
            try {
                Bmapi.write(tp, ip, offsetFsb, count, flags, maps);
                Ifork.logExtents(tp, ip);
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
    }
}
