// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.log;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;

/**
 * A mixed script for the log tests and its model: directories (short form and block form), 150 files in two of them (new inode
 * chunks), direct writes, preallocation, punched holes that leave one file with enough extents for a btree fork,
 * truncates (one frees a bmbt block: a cancel) and unlinks. The model maps each path to its contents (null for a
 * directory).
 */
final class LogWorkload {
    static final int BLOCK = 4096;

    final TreeMap<String, byte[]> model = new TreeMap<>();
    private final Random rnd;

    LogWorkload(long seed) {
        rnd = new Random(seed);
    }

    void run(Xfs fs) throws Exception {
        fs.mkdir("/d1", 0755);
        model.put("/d1", null);
        fs.mkdir("/d2", 0755);
        model.put("/d2", null);
        fs.mkdir("/d3", 0755);
        model.put("/d3", null);
        for (int i = 0; i < 150; i++) {
            String p = name(i);
            fs.create(p, 0644);
            model.put(p, new byte[0]);
        }
        for (int i = 0; i < 150; i += 3) {
            String p = name(i);
            fs.unlink(p);
            model.remove(p);
        }
        write(fs, "/d2/small", 0, 2);
        write(fs, "/d2/medium", 0, 64);
        try (XfsFile f = fs.openFile("/d2/prealloc", true, false, true)) {
            f.fallocate(0, 256L * BLOCK);
            model.put("/d2/prealloc", new byte[256 * BLOCK]);
        }
        write(fs, "/d2/prealloc", 10, 5);
        // a file with many extents: every other block punched out of a written run
        write(fs, "/d2/holes", 0, 160);
        try (XfsFile f = fs.openFile("/d2/holes", false, false, true)) {
            byte[] m = model.get("/d2/holes");
            for (int b = 1; b < 160; b += 2) {
                f.punchHole((long) b * BLOCK, BLOCK);
                Arrays.fill(m, b * BLOCK, (b + 1) * BLOCK, (byte) 0);
            }
            f.fsync();
        }
        // a second btree-format file, truncated to nothing: its bmbt block is freed (a cancel in the log)
        write(fs, "/d2/holes2", 0, 120);
        try (XfsFile f = fs.openFile("/d2/holes2", false, false, true)) {
            for (int b = 1; b < 120; b += 2) {
                f.punchHole((long) b * BLOCK, BLOCK);
            }
            f.truncate(0);
            model.put("/d2/holes2", new byte[0]);
        }
        try (XfsFile f = fs.openFile("/d2/medium", false, false, true)) {
            f.truncate(20L * BLOCK + 100);
            model.put("/d2/medium", Arrays.copyOf(model.get("/d2/medium"), 20 * BLOCK + 100));
        }
        for (int i = 1; i < 150; i += 3) {
            String p = name(i);
            write(fs, p, 0, 1);
        }
        try (XfsFile f = fs.openFile("/d2/small", false, false, true)) {
            f.truncate(0);
        }
        fs.unlink("/d2/small");
        model.remove("/d2/small");
    }

    /** 75 files in each of /d1 and /d3 (one directory block holds them). */
    private static String name(int i) {
        return String.format("/d%d/f%03d", i < 75 ? 1 : 3, i);
    }

    /** Writes {@code blocks} random blocks at block {@code at} of {@code path} with O_DIRECT, creating it if needed. */
    void write(Xfs fs, String path, int at, int blocks) throws Exception {
        byte[] data = new byte[blocks * BLOCK];
        rnd.nextBytes(data);
        try (XfsFile f = fs.openFile(path, true, false, true)) {
            f.pwrite((long) at * BLOCK, data, 0, data.length);
        }
        byte[] m = model.getOrDefault(path, new byte[0]);
        int end = (at + blocks) * BLOCK;
        if (m.length < end) {
            m = Arrays.copyOf(m, end);
        }
        System.arraycopy(data, 0, m, at * BLOCK, data.length);
        model.put(path, m);
    }
}
