// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jxfs.core.dev.BlockDevice;
import org.jxfs.core.log.LogScan;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.fs.Xfs;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsIo;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logs the kernel leaves dirty: the 6.18 kernel runs a workload, syncs, changes more metadata and is shut down with
 * {@code xfs_io -x -c 'shutdown -f'} (the log is flushed, nothing more is written in place). Copy A is recovered by
 * the kernel, copy B by jxfs; both must hold the same files with the same contents, pass xfs_repair -n and have the
 * same AGF/AGI and superblock counters. jxfs must find no torn record: every kernel record's CRC verifies. A file
 * unlinked while still open when the log stopped is on an AGI unlinked list: both recoveries free it.
 */
@RequiresKernel
class KernelLogRecoveryOracleTest {
    Path dir;

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jxfs-minimal", "mkfs.xfs-default"})
    void jxfsReplaysWhatTheKernelLeftDirty(String kind) throws Exception {
        dir = TestDirs.unique("kernel-log-" + kind);
        Path img = dir.resolve("a.img");
        if (kind.equals("jxfs-minimal")) {
            Mkfs.format(img, MkfsOptions.builder().dataSize(128L << 20).quiet(true).force(true).build());
        } else {
            MkfsXfs.format(img, 512L << 20);
        }
        try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"))) {
            kernelWorkload(m);
            // a file unlinked while open: it stays on the AGI unlinked list, in the log, until the last close,
            // which comes after the shutdown; both recoveries must free it (xlog_recover_process_iunlinks)
            Path held = m.mountDir().resolve("d2/open-unlinked");
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(held,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[64 << 10]));
                ch.force(true);
                Files.delete(held);
                ProcessResult sd = XfsIo.run(List.of("-x"), m.mountDir(), "shutdown -f");
                assertThat(sd.exitCode()).as(sd.describe()).isZero();
            }
        }
        Path copyB = dir.resolve("b.img");
        Files.copy(img, copyB);
        // every record the kernel wrote between the tail and the head reads back whole, its CRC verified
        try (BlockDevice dev = BlockDevice.open(copyB, true)) {
            LogScan scan = LogScan.scan(dev);
            assertThat(scan.clean).isFalse();
            assertThat(scan.discarded).isNull();
            assertThat(scan.records).isNotEmpty().allMatch(r -> r.data() != null);
        }

        TreeMap<String, String> kernelTree;
        try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"))) {
            kernelTree = kernelTree(m.mountDir());
        }
        XfsRepair.assertClean(img);

        try (Xfs fs = Xfs.open(copyB)) {
            assertThat(FsCheck.run(fs.mount())).isEmpty();
            assertThat(JxfsTree.read(fs)).isEqualTo(kernelTree);
        }
        XfsRepair.assertClean(copyB);
        KernelReplayOracleTest.assertSameCounters(img, copyB);
    }

    /** Files with data (synced), preallocation and holes, a new inode chunk, then unsynced metadata changes. */
    static void kernelWorkload(LoopMount m) throws Exception {
        Random rnd = new Random(155);
        Path root = m.mountDir();
        Files.createDirectory(root.resolve("d1"));
        Files.createDirectory(root.resolve("d2"));
        for (int i = 0; i < 90; i++) {
            byte[] b = new byte[(i % 5) * 3000];
            rnd.nextBytes(b);
            Files.write(root.resolve("d1/f" + i), b);
        }
        byte[] big = new byte[1 << 20];
        rnd.nextBytes(big);
        Files.write(root.resolve("d2/big"), big);
        ProcessResult io = XfsIo.run(root.resolve("d2/big"), "falloc 1m 1m", "fpunch 64k 64k", "fpunch 256k 4k");
        assertThat(io.exitCode()).as(io.describe()).isZero();
        io = XfsIo.run(List.of("-f"), root.resolve("d2/holes"), "pwrite 0 400k", "fsync");
        assertThat(io.exitCode()).as(io.describe()).isZero();
        for (int k = 1; k < 100; k += 2) {
            io = XfsIo.run(root.resolve("d2/holes"), "fpunch " + (k * 4) + "k 4k");
            assertThat(io.exitCode()).as(io.describe()).isZero();
        }
        io = XfsIo.run(List.of(), root, "syncfs");
        assertThat(io.exitCode()).as(io.describe()).isZero();
        // metadata only from here on: in the log, not in place
        for (int i = 0; i < 90; i += 4) {
            Files.delete(root.resolve("d1/f" + i));
        }
        for (int i = 0; i < 40; i++) {
            Files.createFile(root.resolve("d2/empty" + i));
        }
        Files.createDirectory(root.resolve("d2/sub"));
        Files.move(root.resolve("d1/f1"), root.resolve("d2/sub/moved"));
    }

    /** The mounted tree as {@link JxfsTree} lists it. */
    static TreeMap<String, String> kernelTree(Path root) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!p.equals(root)) {
                    out.put("/" + root.relativize(p), Files.isDirectory(p) ? "dir"
                            : JxfsTree.digestOf(Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }
}
