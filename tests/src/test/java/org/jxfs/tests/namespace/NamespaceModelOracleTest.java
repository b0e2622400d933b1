// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random namespace operations (create, symlink, mkdir, link, unlink, rmdir, rename over new and existing names,
 * some files owning blocks) over {@link #DIRS} top-level directories with names of 1 to 255 bytes, against an
 * in-memory model that also predicts each refusal's errno. The operations run in three phases: while one directory
 * ("hot") grows past {@link #hotPeak} entries most operations create in it; then most unlink from it until it is
 * short form again; then the mix is uniform until {@link #totalOps} operations are done. Every
 * {@link #CHECK_EVERY} operations and at the end {@code xfs_repair -n} passes and the kernel lists exactly the
 * model's tree (names, types, inode numbers, sizes, link counts); once everything is removed, free space and inode
 * counts are back where they started.
 * <p>Scale: by default a hot peak of 3,000 entries (a node directory) and at least 12,000 operations; with
 * -Pstress (jxfs.stress) the scale, a hot peak past 100,000 entries and at least 100,000 operations (the
 * growth and shrinking alone take about 240,000).
 */
@RequiresKernel
class NamespaceModelOracleTest {
    static final boolean STRESS = Boolean.getBoolean("jxfs.stress");
    static final int CHECK_EVERY = 1_000;
    static final int DIRS = 50;
    static final int MAX_DIRS = 60;
    /** A symlink target up to here fits a 512-byte inode's literal area; longer ones go to a remote block. */
    static final int MAX_TARGET = 1024;

    final int hotPeak = STRESS ? 100_001 : 3_000;
    final int totalOps = STRESS ? 100_000 : 12_000;

    Path dir;
    final Random rnd = new Random(1616);
    /** Directory name (top level) to its entries, name to inode. */
    final Map<String, TreeMap<String, Long>> dirs = new TreeMap<>();
    final Map<Long, Integer> nlink = new HashMap<>();
    final Map<Long, Long> size = new HashMap<>();
    final Map<Long, String> type = new HashMap<>();
    final Map<String, Long> dirIno = new HashMap<>();
    Phase phase = Phase.GROW;

    enum Phase { GROW, SHRINK, MIX }

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    /** 1 to 255 bytes of printable ASCII without '/': half of them short, half of any length. */
    String randomName() {
        while (true) {
            int len = rnd.nextBoolean() ? 1 + rnd.nextInt(255) : 1 + rnd.nextInt(24);
            StringBuilder b = new StringBuilder(len);
            for (int i = 0; i < len; i++) {
                char c = (char) (' ' + rnd.nextInt(95));
                b.append(c == '/' ? '_' : c);
            }
            String n = b.toString();
            if (!n.equals(".") && !n.equals("..")) {
                return n;
            }
        }
    }

    String randomDir() {
        List<String> ds = new ArrayList<>(dirs.keySet());
        return rnd.nextInt(2) == 0 ? "hot" : ds.get(rnd.nextInt(ds.size()));
    }

    String randomEntry(String d) {
        TreeMap<String, Long> m = dirs.get(d);
        if (m.isEmpty()) {
            return null;
        }
        String k = m.ceilingKey(randomName());
        return k != null ? k : m.firstKey();
    }

    /** A name in {@code td} for link or rename: an existing one a third of the time (when it has any). */
    String targetName(String td) {
        String tn = rnd.nextInt(3) == 0 ? randomEntry(td) : null;
        return tn != null ? tn : randomName();
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

    /**
     * The -Pstress scale (240 checkpoints over a directory of 100,000 entries) took 524 s on the idle 2-core VM,
     * much longer under load.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.HOURS)
    void randomOperationsAgainstTheModelTheKernelAndRepair() throws Exception {
        dir = TestDirs.unique("namespace-model");
        Path img = dir.resolve("fs.img");
        MkfsXfs.format(img, STRESS ? 2L << 30 : 1L << 30);
        long free0, icount0, ifree0;
        try (Xfs fs = Xfs.open(img)) {
            free0 = fs.mount().fdblocks();
            icount0 = fs.mount().icount();
            ifree0 = fs.mount().ifree();
            dirIno.put("hot", fs.mkdir("/hot", 0755));
            dirs.put("hot", new TreeMap<>());
            for (int i = 1; i < DIRS; i++) {
                String d = String.format("d%02d", i);
                dirIno.put(d, fs.mkdir("/" + d, 0755));
                dirs.put(d, new TreeMap<>());
            }
        }
        int hotMax = 0, done = 0, checkpoints = 0;
        while (phase != Phase.MIX || done < totalOps) {
            try (Xfs fs = Xfs.open(img)) {
                for (int i = 0; i < CHECK_EVERY; i++, done++) {
                    step(fs);
                    int hot = dirs.get("hot").size();
                    hotMax = Math.max(hotMax, hot);
                    if (phase == Phase.GROW && hot >= hotPeak) {
                        phase = Phase.SHRINK;
                    } else if (phase == Phase.SHRINK && hot <= 2
                            && fs.stat("/hot").format == Dinode.FMT_LOCAL) {
                        phase = Phase.MIX;
                    }
                }
            }
            checkpoint(img);
            checkpoints++;
            System.out.printf("namespace model: checkpoint %d after %d operations (%s), hot directory %d entries%n",
                    checkpoints, done, phase, dirs.get("hot").size());
        }
        // A 4 KiB leaf block holds at most 504 hash entries: past that the hot directory is a node directory.
        assertThat(hotMax).isGreaterThanOrEqualTo(hotPeak);
        assertThat(done).isGreaterThanOrEqualTo(totalOps);
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
        System.out.printf("namespace model: %d operations, hot directory peak %d entries, %d checkpoints%n",
                done, hotMax, checkpoints + 1);
    }

    private void step(Xfs fs) throws Exception {
        int kind = rnd.nextInt(100);
        if (phase != Phase.MIX && rnd.nextInt(100) < 85) {
            if (phase == Phase.GROW || dirs.get("hot").isEmpty()) {
                create(fs, "hot");
            } else {
                unlink(fs, "hot", randomEntry("hot"));
            }
            return;
        }
        String d = randomDir();
        TreeMap<String, Long> m = dirs.get(d);
        if (kind < 35 || m.size() < 3) {
            create(fs, d);
        } else if (kind < 45) {
            symlink(fs, d);
        } else if (kind < 75) {
            unlink(fs, d, randomEntry(d));
        } else if (kind < 83) {
            String n = randomEntry(d);
            String td = randomDir();
            String tn = targetName(td);
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
            String tn = targetName(td);
            long ino = m.get(n);
            Long old = dirs.get(td).get(tn);
            assertThat(errno(() -> fs.rename("/" + d + "/" + n, "/" + td + "/" + tn))).isZero();
            if (old == null || old != ino) {
                m.remove(n);
                dirs.get(td).put(tn, ino);
                if (old != null) {
                    drop(old);
                }
            }
        } else {
            dirOp(fs);
        }
    }

    private void create(Xfs fs, String d) throws Exception {
        TreeMap<String, Long> m = dirs.get(d);
        String n = randomName();
        boolean exists = m.containsKey(n);
        int e = errno(() -> {
            long ino = fs.create("/" + d + "/" + n, 0644);
            nlink.put(ino, 1);
            size.put(ino, 0L);
            type.put(ino, "file");
            if (rnd.nextInt(8) == 0) {
                try (XfsFile f = fs.openFile("/" + d + "/" + n, false, false)) {
                    long len = 4096L * (1 + rnd.nextInt(16));
                    f.fallocate(0, len);
                    size.put(ino, len);
                }
            }
            m.put(n, ino);
        });
        assertThat(e).as("create /" + d + "/" + n).isEqualTo(exists ? XfsException.EEXIST : 0);
    }

    /** A symlink with a target stored in the inode or, past what the literal area holds, in a block. */
    private void symlink(Xfs fs, String d) throws Exception {
        TreeMap<String, Long> m = dirs.get(d);
        String n = randomName();
        boolean exists = m.containsKey(n);
        String target = rnd.nextInt(4) == 0 ? "t".repeat(400 + rnd.nextInt(MAX_TARGET - 400)) : randomName();
        int e = errno(() -> {
            long ino = fs.symlink(target, "/" + d + "/" + n);
            nlink.put(ino, 1);
            size.put(ino, (long) target.getBytes(StandardCharsets.UTF_8).length);
            type.put(ino, "link");
            m.put(n, ino);
        });
        assertThat(e).as("symlink /" + d + "/" + n).isEqualTo(exists ? XfsException.EEXIST : 0);
    }

    private void unlink(Xfs fs, String d, String n) throws Exception {
        long ino = dirs.get(d).get(n);
        assertThat(errno(() -> fs.unlink("/" + d + "/" + n))).isZero();
        dirs.get(d).remove(n);
        drop(ino);
    }

    /** One link of {@code ino} is gone; the last one takes the inode with it. */
    private void drop(long ino) {
        if (nlink.merge(ino, -1, Integer::sum) == 0) {
            nlink.remove(ino);
            size.remove(ino);
            type.remove(ino);
        }
    }

    /** A new top-level directory's name: "dir" and up to 20 random characters. */
    String dirName() {
        String n = randomName();
        return "dir" + n.substring(0, Math.min(n.length(), 1 + rnd.nextInt(20)));
    }

    /** mkdir, rmdir (ENOTEMPTY when it has entries) or rename of a top-level directory. */
    private void dirOp(Xfs fs) throws Exception {
        String d = randomDir();
        int kind = rnd.nextInt(3);
        if (kind == 0 && dirs.size() < MAX_DIRS) {
            String n = dirName();
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
            String t = rnd.nextBoolean() ? ds.get(rnd.nextInt(ds.size())) : dirName();
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
                        type.get(ino) + " " + ino + " size " + size.get(ino) + " nlink " + nlink.get(ino));
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
                    String t = Files.isSymbolicLink(p) ? "link"
                            : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir"
                            : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? "file" : "other";
                    seen.put("/" + root.relativize(p), t.equals("dir") ? "dir " + a.get("ino") + " nlink "
                            + a.get("nlink") : t + " " + a.get("ino") + " size " + a.get("size") + " nlink "
                            + a.get("nlink"));
                }
            }
        }
        assertThat(seen).isEqualTo(expect);
    }
}
