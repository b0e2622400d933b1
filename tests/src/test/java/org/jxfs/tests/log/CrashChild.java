// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.log;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;

/**
 * The child JVM of {@link CrashMatrixOracleTest}: random operations on an image, each made durable with fsync before
 * the next starts. Before an operation it prints {@code OP i KIND PATH DIGEST} (the digest the path has once the
 * operation is done, "-" for gone); after the fsync returned, {@code DONE i}. It is killed (SIGKILL) or halts at a
 * crash point somewhere in between.
 */
public final class CrashChild {
    /** Directories the files are spread over (each must stay one directory block). */
    static final int DIRS = 24;
    private CrashChild() {
    }

    /**
     * The operations, each made durable before the next starts: each line ({@code READY}, {@code OP i kind path
     * digest}, {@code DONE i}) goes to {@code out} before the operation starts or once its fsync returned.
     */
    static void run(Xfs fs, long seed, int ops, java.util.function.Consumer<String> out) throws Exception {
        run(fs, seed, ops, 1, out);
    }

    /**
     * {@link #run(Xfs, long, int, java.util.function.Consumer)} with only every {@code syncEvery}-th operation
     * (and every syncfs) made durable: the others end with {@code RET i} (returned, not yet durable), the durable
     * ones with {@code DONE i}, which then covers every operation before it too (the log is forced in order and
     * the device flush covers every data write issued before it).
     */
    static void run(Xfs fs, long seed, int ops, int syncEvery, java.util.function.Consumer<String> out)
            throws Exception {
        Random rnd = new Random(seed);
        List<String> live = new ArrayList<>();
        for (int d = 0; d < DIRS; d++) {
            if (fs.lookup("/c" + d) < 0) {
                fs.mkdir("/c" + d, 0755);
            }
        }
        fs.mount().sync();
        out.accept("READY");
        for (int i = 0; i < ops; i++) {
            boolean sync = (i + 1) % syncEvery == 0;
            int kind = rnd.nextInt(20);
            if (kind == 0) {
                out.accept("OP " + i + " syncfs - -");
                fs.mount().sync();
            } else if (kind < 4 && !live.isEmpty()) {
                String p = live.remove(rnd.nextInt(live.size()));
                out.accept("OP " + i + " unlink " + p + " -");
                try (XfsFile f = fs.openFile(p, false, false, true)) {
                    f.truncate(0);
                }
                fs.unlink(p);
                if (sync) {
                    fs.mount().forceLogChecked(true);
                }
            } else if (kind < 6 && !live.isEmpty()) {
                String p = live.get(rnd.nextInt(live.size()));
                try (XfsFile f = fs.openFile(p, false, false, true)) {
                    long size = f.size() / 2 / 4096 * 4096;
                    byte[] now = JxfsTree.read(f, size);
                    out.accept("OP " + i + " truncate " + p + " " + JxfsTree.digestOf(now));
                    f.truncate(size);
                    if (sync) {
                        f.fsync();
                    }
                }
            } else {
                String p = "/c" + (i % DIRS) + "/f" + i;
                byte[] data = new byte[(1 + rnd.nextInt(4)) * 4096];
                rnd.nextBytes(data);
                out.accept("OP " + i + " create " + p + " " + JxfsTree.digestOf(data));
                try (XfsFile f = fs.openFile(p, true, false, true)) {
                    f.pwrite(0, data, 0, data.length);
                    if (sync) {
                        f.fsync();
                    }
                }
                live.add(p);
                if (live.size() > 150) {
                    live.remove(0);
                }
            }
            out.accept((sync || kind == 0 ? "DONE " : "RET ") + i);
        }
    }

    public static void main(String[] args) throws Exception {
        Path img = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int ops = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, true);
        try (Xfs fs = Xfs.open(img)) {
            run(fs, seed, ops, out::println);
        }
        out.println("CLOSED");
    }
}
