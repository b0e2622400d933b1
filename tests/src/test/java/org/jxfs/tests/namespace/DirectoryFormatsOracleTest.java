// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.fs.DirEntry;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Directories of every format (short form, block, leaf, node) against the kernel and xfs_repair, both ways: jxfs
 * builds directories of 1 to 10,000 entries and removes them in random order, and at each checkpoint
 * {@code xfs_repair -n} passes and the kernel lists exactly jxfs's names and inode numbers; the kernel builds
 * directories (a leaf one of 300 files, a node one of 5,000 with names of mixed lengths, 100,000 with -Pstress, 30%
 * removed) and jxfs reads every name, works in them, and the kernel and xfs_repair accept the result.
 */
@RequiresKernel
class DirectoryFormatsOracleTest {
    static final int[] SIZES = {1, 10, 100, 1000, 10_000};
    static final int KERNEL_BIG = Boolean.getBoolean("jxfs.stress") ? 100_000 : 5_000;

    Path dir;

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    static String name(Random rnd, int i) {
        return "e" + i + "-" + "n".repeat(rnd.nextInt(rnd.nextInt(8) == 0 ? 240 : 30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jxfs-minimal", "mkfs.xfs-default"})
    void jxfsBuildsAndEmptiesDirectoriesTheKernelReads(String kind) throws Exception {
        dir = TestDirs.unique("dir-formats-" + kind);
        Path img = dir.resolve("fs.img");
        if (kind.equals("jxfs-minimal")) {
            Mkfs.format(img, MkfsOptions.builder().dataSize(256L << 20).quiet(true).force(true).build());
        } else {
            MkfsXfs.format(img, 512L << 20);
        }
        Random rnd = new Random(16);
        Map<String, Map<String, Long>> model = new TreeMap<>();
        long free0;
        try (Xfs fs = Xfs.open(img)) {
            free0 = fs.mount().fdblocks();
            for (int size : SIZES) {
                String d = "/d" + size;
                fs.mkdir(d, 0755);
                Map<String, Long> m = new TreeMap<>();
                for (int i = 0; i < size; i++) {
                    String n = name(rnd, i);
                    m.put(n, fs.create(d + "/" + n, 0644));
                }
                model.put(d, m);
            }
        }
        checkpoint(img, model);
        List<String[]> all = new ArrayList<>();
        model.forEach((d, m) -> m.keySet().forEach(n -> all.add(new String[] {d, n})));
        Collections.shuffle(all, rnd);
        int half = all.size() / 2;
        for (List<String[]> part : List.of(all.subList(0, half), all.subList(half, all.size()))) {
            try (Xfs fs = Xfs.open(img)) {
                for (String[] e : part) {
                    fs.unlink(e[0] + "/" + e[1]);
                    model.get(e[0]).remove(e[1]);
                }
            }
            checkpoint(img, model);
        }
        try (Xfs fs = Xfs.open(img)) {
            for (String d : model.keySet()) {
                assertThat(fs.stat(d).nblocks).as(d).isZero();
                fs.rmdir(d);
            }
            assertThat(fs.mount().fdblocks()).as("free blocks after everything is removed").isEqualTo(free0);
        }
        XfsRepair.assertClean(img);
    }

    /** xfs_repair -n passes, and the kernel lists exactly the model's names with the model's inode numbers. */
    private void checkpoint(Path img, Map<String, Map<String, Long>> model) throws Exception {
        XfsRepair.assertClean(img);
        try (LoopMount mnt = LoopMount.mount(img, dir.resolve("mnt"))) {
            for (Map.Entry<String, Map<String, Long>> d : model.entrySet()) {
                Map<String, Long> seen = new TreeMap<>();
                try (Stream<Path> s = Files.list(mnt.path(d.getKey().substring(1)))) {
                    for (Path p : (Iterable<Path>) s::iterator) {
                        seen.put(p.getFileName().toString(), ((Number) Files.getAttribute(p, "unix:ino")).longValue());
                    }
                }
                assertThat(seen).as(d.getKey()).isEqualTo(d.getValue());
            }
        }
    }

    /** With mkfs.xfs's default 4 KiB directory blocks, and with 8 KiB and 64 KiB ones ({@code -n size=}). */
    @ParameterizedTest
    @ValueSource(ints = {4096, 8192, 65536})
    @Timeout(value = 30, unit = TimeUnit.MINUTES)          // 100,000 entries with -Pstress
    void kernelMadeDirectoriesReadAndChangedByJxfs(int dirBlockSize) throws Exception {
        dir = TestDirs.unique("dir-formats-kernel-" + dirBlockSize);
        Path img = dir.resolve("fs.img");
        MkfsXfs.format(img, 512L << 20, "-n", "size=" + dirBlockSize);
        Random rnd = new Random(6);
        Map<String, Map<String, Long>> model = new TreeMap<>();
        try (LoopMount mnt = LoopMount.mount(img, dir.resolve("mnt"))) {
            Files.createDirectory(mnt.path("d"));
            for (int i = 0; i < 300; i++) {
                Files.createFile(mnt.path("d/file" + i));
            }
            Files.createDirectory(mnt.path("big"));
            List<String> names = new ArrayList<>();
            for (int i = 0; i < KERNEL_BIG; i++) {
                String n = name(rnd, i);
                Files.createFile(mnt.path("big/" + n));
                names.add(n);
            }
            Collections.shuffle(names, rnd);
            for (String n : names.subList(0, KERNEL_BIG * 3 / 10)) {
                Files.delete(mnt.path("big/" + n));
            }
            for (String d : List.of("d", "big")) {
                Map<String, Long> m = new TreeMap<>();
                try (Stream<Path> s = Files.list(mnt.path(d))) {
                    for (Path p : (Iterable<Path>) s::iterator) {
                        m.put(p.getFileName().toString(), ((Number) Files.getAttribute(p, "unix:ino")).longValue());
                    }
                }
                model.put("/" + d, m);
            }
        }
        XfsRepair.assertClean(img);
        try (Xfs fs = Xfs.open(img)) {
            for (Map.Entry<String, Map<String, Long>> d : model.entrySet()) {
                Map<String, Long> got = new TreeMap<>();
                for (DirEntry e : fs.readdir(d.getKey())) {
                    if (!e.name().equals(".") && !e.name().equals("..")) {
                        got.put(e.name(), e.ino());
                    }
                }
                assertThat(got).as(d.getKey()).isEqualTo(d.getValue());
                for (Map.Entry<String, Long> e : d.getValue().entrySet()) {
                    assertThat(fs.lookup(d.getKey() + "/" + e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
                }
            }
            try (XfsFile f = fs.openFile("/d/file7", false, false)) {
                f.fallocate(0, 4096);
            }
            Map<String, Long> big = model.get("/big");
            List<String> names = new ArrayList<>(big.keySet());
            Collections.shuffle(names, rnd);
            for (String n : names.subList(0, names.size() * 4 / 10)) {
                fs.unlink("/big/" + n);
                big.remove(n);
            }
            for (int i = 0; i < KERNEL_BIG * 6 / 10; i++) {
                String n = "jxfs-" + name(rnd, i);
                big.put(n, fs.create("/big/" + n, 0644));
            }
        }
        XfsRepair.assertClean(img);
        try (LoopMount mnt = LoopMount.mount(img, dir.resolve("mnt"))) {
            Map<String, Long> seen = new TreeMap<>();
            try (Stream<Path> s = Files.list(mnt.path("big"))) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    seen.put(p.getFileName().toString(), ((Number) Files.getAttribute(p, "unix:ino")).longValue());
                }
            }
            assertThat(seen).isEqualTo(model.get("/big"));
            assertThat(Files.size(mnt.path("d/file7"))).isEqualTo(4096);
        }
    }

    /**
     * Four threads at once, each creating 2,000 files in a directory of its own and 500 in a shared one, renaming a
     * quarter of its own into the shared directory and unlinking another quarter: per-directory locking keeps every
     * directory whole, which xfs_repair -n and the kernel's listing confirm.
     */
    @org.junit.jupiter.api.Test
    void concurrentOperationsInManyDirectories() throws Exception {
        dir = TestDirs.unique("dir-formats-concurrent");
        Path img = dir.resolve("fs.img");
        MkfsXfs.format(img, 512L << 20);
        int threads = 4;
        Map<String, Map<String, Long>> model = new java.util.concurrent.ConcurrentHashMap<>();
        try (Xfs fs = Xfs.open(img)) {
            fs.mkdir("/shared", 0755);
            model.put("/shared", new java.util.concurrent.ConcurrentSkipListMap<>());
            List<Thread> ts = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts.add(new Thread(() -> {
                    try {
                        String own = "/t" + id;
                        fs.mkdir(own, 0755);
                        Map<String, Long> mine = new java.util.concurrent.ConcurrentSkipListMap<>();
                        model.put(own, mine);
                        for (int i = 0; i < 2000; i++) {
                            mine.put("f" + i, fs.create(own + "/f" + i, 0644));
                            if (i % 4 == 0) {
                                String n = "s" + id + "-" + i;
                                model.get("/shared").put(n, fs.create("/shared/" + n, 0644));
                            }
                        }
                        for (int i = 0; i < 2000; i += 4) {
                            String n = "moved" + id + "-" + i;
                            fs.rename(own + "/f" + i, "/shared/" + n);
                            model.get("/shared").put(n, mine.remove("f" + i));
                            fs.unlink(own + "/f" + (i + 1));
                            mine.remove("f" + (i + 1));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            ts.forEach(Thread::start);
            for (Thread t : ts) {
                t.join();
            }
            assertThat(failures).isEmpty();
        }
        checkpoint(img, new TreeMap<>(model));
    }
}
