// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jxfs.core.XfsException;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Random namespace operations (create, mkdir, link, unlink, rmdir, rename over new and existing names, some files
 * owning blocks) over top-level directories, one of them hot enough to become a node directory, against an
 * in-memory model that also predicts each refusal's errno. Every {@link #CHECK_EVERY} operations and at the end,
 * {@code xfs_repair -n} passes and the kernel lists exactly the model's tree (names, types, inode numbers, sizes,
 * link counts); once everything is removed, free space and inode counts are back where they started. 20,000
 * operations by default, 100,000 with -Pstress.
 */
@RequiresKernel
class NamespaceModelOracleTest {
    static final int DEFAULT_OPS = 20_000, STRESS_OPS = 100_000;
    static final int CHECK_EVERY = 4_000;
    static final int MAX_DIRS = 20;

    Path dir;
    final Random rnd = new Random(1616);
    /** Directory name (top level) to its entries, name to inode. */
    final Map<String, TreeMap<String, Long>> dirs = new TreeMap<>();
    final Map<Long, Integer> nlink = new HashMap<>();
    final Map<Long, Long> size = new HashMap<>();
    final Map<String, Long> dirIno = new HashMap<>();

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    String randomName() {
        int len = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(255) : 1 + rnd.nextInt(24);
        StringBuilder b = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            b.append((char) ('a' + rnd.nextInt(26)));
        }
        return b.toString();
    }

    String randomDir() {
        List<String> ds = new ArrayList<>(dirs.keySet());
        return rnd.nextInt(2) == 0 && dirs.containsKey("hot") ? "hot" : ds.get(rnd.nextInt(ds.size()));
    }

    String randomEntry(String d) {
        TreeMap<String, Long> m = dirs.get(d);
        if (m.isEmpty()) {
            return null;
        }
        String k = m.ceilingKey(randomName());
        return k != null ? k : m.firstKey();
    }

    static int errno(Op op) throws XfsException {
        try {
            op.run();
            return 0;
        } catch (XfsException e) {
            if (e.errno() == 0 || e.errno() == XfsException.EFSCORRUPTED || e.errno() == XfsException.ENOSPC) {
                throw e;
            }
            return e.errno();
        }
    }

    interface Op {
        void run() throws XfsException;
    }

    @Test
    void randomOperationsAgainstTheModelTheKernelAndRepair() throws Exception {
        dir = TestDirs.unique("namespace-model");
        Path img = dir.resolve("fs.img");
        MkfsXfs.format(img, 1L << 30);
        int ops = Boolean.getBoolean("jxfs.stress") ? STRESS_OPS : DEFAULT_OPS;
        long free0, icount0, ifree0;
        try (Xfs fs = Xfs.open(img)) {
            free0 = fs.mount().fdblocks();
            icount0 = fs.mount().icount();
            ifree0 = fs.mount().ifree();
            for (String d : List.of("hot", "a", "b")) {
                dirIno.put(d, fs.mkdir("/" + d, 0755));
                dirs.put(d, new TreeMap<>());
            }
        }
        int hotMax = 0;
        for (int done = 0; done < ops; done += CHECK_EVERY) {
            try (Xfs fs = Xfs.open(img)) {
                for (int i = 0; i < CHECK_EVERY; i++) {
                    step(fs);
                    hotMax = Math.max(hotMax, dirs.get("hot").size());
                }
            }
            checkpoint(img);
        }
        // A 4 KiB leaf block holds at most 504 hash entries: past that the hot directory is a node directory.
        assertThat(hotMax).isGreaterThan(1000);
        try (Xfs fs = Xfs.open(img)) {
            for (String d : new ArrayList<>(dirs.keySet())) {
                for (String n : new ArrayList<>(dirs.get(d).keySet())) {
                    fs.unlink("/" + d + "/" + n);
                }
                fs.rmdir("/" + d);
            }
            assertThat(fs.readdir("/")).hasSize(2);
            assertThat(fs.mount().fdblocks()).as("free blocks").isEqualTo(free0);
            assertThat(fs.mount().icount()).as("icount").isEqualTo(icount0);
            assertThat(fs.mount().ifree()).as("ifree").isEqualTo(ifree0);
        }
        dirs.clear();
        checkpoint(img);
    }

    private void step(Xfs fs) throws Exception {
        int kind = rnd.nextInt(100);
        String d = randomDir();
        TreeMap<String, Long> m = dirs.get(d);
        if (kind < 45 || m.size() < 3) {
            String n = randomName();
            int e = errno(() -> {
                long ino = fs.create("/" + d + "/" + n, 0644);
                nlink.put(ino, 1);
                size.put(ino, 0L);
                if (rnd.nextInt(8) == 0) {
                    try (XfsFile f = fs.openFile("/" + d + "/" + n, false, false)) {
                        long len = 4096L * (1 + rnd.nextInt(16));
                        f.fallocate(0, len);
                        size.put(ino, len);
                    }
                }
                m.put(n, ino);
            });
            assertThat(e).isEqualTo(m.containsKey(n) && m.get(n) != null && e != 0 ? XfsException.EEXIST : 0);
        } else if (kind < 75) {
            String n = randomEntry(d);
            long ino = m.get(n);
            assertThat(errno(() -> fs.unlink("/" + d + "/" + n))).isZero();
            m.remove(n);
            if (nlink.merge(ino, -1, Integer::sum) == 0) {
                nlink.remove(ino);
                size.remove(ino);
            }
        } else if (kind < 83) {
            String n = randomEntry(d);
            String td = randomDir();
            String tn = rnd.nextInt(3) == 0 ? randomEntry(td) : randomName();
            long ino = m.get(n);
            Long old = dirs.get(td).get(tn);
            int e = errno(() -> fs.link("/" + d + "/" + n, "/" + td + "/" + tn));
            assertThat(e).isEqualTo(old != null ? XfsException.EEXIST : 0);
            if (e == 0) {
                dirs.get(td).put(tn, ino);
                nlink.merge(ino, 1, Integer::sum);
            }
        } else if (kind < 95) {
            String n = randomEntry(d);
            String td = randomDir();
            String tn = rnd.nextInt(3) == 0 ? randomEntry(td) : randomName();
            long ino = m.get(n);
            Long old = dirs.get(td).get(tn);
            assertThat(errno(() -> fs.rename("/" + d + "/" + n, "/" + td + "/" + tn))).isZero();
            if (old == null || old != ino) {
                m.remove(n);
                dirs.get(td).put(tn, ino);
                if (old != null && nlink.merge(old, -1, Integer::sum) == 0) {
                    nlink.remove(old);
                    size.remove(old);
                }
            }
        } else {
            dirOp(fs);
        }
    }

    /** mkdir, rmdir (ENOTEMPTY when it has entries) or rename of a top-level directory. */
    private void dirOp(Xfs fs) throws Exception {
        String d = randomDir();
        int kind = rnd.nextInt(3);
        if (kind == 0 && dirs.size() < MAX_DIRS) {
            String n = "dir" + randomName();
            int e = errno(() -> dirIno.put(n, fs.mkdir("/" + n, 0755)));
            assertThat(e).isEqualTo(dirs.containsKey(n) ? XfsException.EEXIST : 0);
            dirs.putIfAbsent(n, new TreeMap<>());
        } else if (kind == 1 && !d.equals("hot")) {
            int e = errno(() -> fs.rmdir("/" + d));
            assertThat(e).isEqualTo(dirs.get(d).isEmpty() ? 0 : XfsException.ENOTEMPTY);
            if (e == 0) {
                dirs.remove(d);
                dirIno.remove(d);
            }
        } else if (kind == 2 && !d.equals("hot")) {
            List<String> ds = new ArrayList<>(dirs.keySet());
            String t = rnd.nextBoolean() ? ds.get(rnd.nextInt(ds.size())) : "dir" + randomName();
            if (t.equals("hot")) {
                return;
            }
            boolean over = dirs.containsKey(t) && !t.equals(d);
            int e = errno(() -> fs.rename("/" + d, "/" + t));
            int want = over && !dirs.get(t).isEmpty() ? XfsException.EEXIST : 0;
            assertThat(e).as("rename /" + d + " /" + t).isEqualTo(want);
            if (e == 0 && !t.equals(d)) {
                dirs.put(t, dirs.remove(d));
                dirIno.put(t, dirIno.remove(d));
            }
        }
    }

    /** xfs_repair -n passes and the kernel sees exactly the model: names, types, inodes, sizes, link counts. */
    private void checkpoint(Path img) throws Exception {
        XfsRepair.assertClean(img);
        Map<String, String> expect = new TreeMap<>();
        for (Map.Entry<String, TreeMap<String, Long>> d : dirs.entrySet()) {
            expect.put("/" + d.getKey(), "dir " + dirIno.get(d.getKey()) + " nlink 2");
            for (Map.Entry<String, Long> e : d.getValue().entrySet()) {
                long ino = e.getValue();
                expect.put("/" + d.getKey() + "/" + e.getKey(),
                        "file " + ino + " size " + size.get(ino) + " nlink " + nlink.get(ino));
            }
        }
        Map<String, String> seen = new TreeMap<>();
        try (LoopMount mnt = LoopMount.mount(img, dir.resolve("mnt"))) {
            Path root = mnt.mountDir();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    if (p.equals(root)) {
                        continue;
                    }
                    Map<String, Object> a = Files.readAttributes(p, "unix:ino,nlink,size", LinkOption.NOFOLLOW_LINKS);
                    boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                    seen.put("/" + root.relativize(p), isDir ? "dir " + a.get("ino") + " nlink " + a.get("nlink")
                            : "file " + a.get("ino") + " size " + a.get("size") + " nlink " + a.get("nlink"));
                }
            }
        }
        assertThat(seen).isEqualTo(expect);
    }
}
