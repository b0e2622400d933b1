// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.dio;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jxfs.tests.oracle.Binaries;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.ProcessRunner;
import org.jxfs.tests.oracle.RepairResult;
import org.jxfs.tests.oracle.StateMap;
import org.jxfs.tests.oracle.XfsIo;
import org.jxfs.tests.oracle.XfsRepair;
import org.jxfs.tools.io.IoException;
import org.jxfs.tools.io.IoShell;
import org.jxfs.tools.io.IoTarget;
import org.jxfs.tools.xfs.XfsTargetProvider;

/**
 * One side of an O_DIRECT differential run: a {@link DioScript} run on a copy of a fresh image, by the kernel
 * ({@code xfs_io -d -f FILE < script} on a loop mount) or by jxfs ({@code jxfs io -d -f IMAGE /name < script}, its
 * interpreter in this JVM), then {@code bmap -vp}, the size and the contents. The contents are always read by the
 * kernel: for the jxfs side the image is checked with {@code xfs_repair -n} first and then loop-mounted read-only.
 *
 * @param output   what the interpreter printed while running the script (standard output, then standard error)
 * @param bmap     {@code bmap -vp} of the file afterwards
 * @param size     the file size afterwards (for jxfs: as the kernel sees it)
 * @param stateMap the per-block hole/unwritten/written map inside and past EOF
 * @param sha256   the file's contents as the kernel reads them
 * @param data     the contents themselves when asked for (diagnosis), else null
 * @param repair   xfs_repair -n of the jxfs image (null on the kernel side)
 * @param image    the image the script ran on
 */
record DioRun(String output, String bmap, long size, StateMap stateMap, String sha256, byte[] data,
        RepairResult repair, Path image) {
    static final int BLOCK = 4096;

    /** The kernel side: copies {@code fresh} to WORK/kernel.img, mounts it and runs the script on /{@code name}. */
    static DioRun kernel(Path fresh, Path work, String name, DioScript script, boolean keepData) throws IOException {
        return kernel(fresh, work, name, script.text(), true, keepData);
    }

    /**
     * The kernel side of a script {@code text}, with O_DIRECT ({@code xfs_io -d -f}) or buffered ({@code xfs_io
     * -f}). A buffered run is unmounted before the file is looked at (writeback, and the trimming of post-EOF
     * blocks at inactivation, both happen by then) and mounted again to read it.
     */
    static DioRun kernel(Path fresh, Path work, String name, String text, boolean direct, boolean keepData)
            throws IOException {
        Path img = copy(fresh, work.resolve("kernel.img"));
        ProcessResult r;
        if (!direct) {
            try (LoopMount m = LoopMount.mount(img, work.resolve("kmnt"))) {
                r = XfsIo.runScript(List.of("-f"), m.path(name), text);
            }
            if (r.timedOut()) {
                throw new IllegalStateException("xfs_io did not finish:\n" + r.describe());
            }
        } else {
            r = null;
        }
        try (LoopMount m = LoopMount.mount(img, work.resolve("kmnt"))) {
            Path file = m.path(name);
            if (direct) {
                r = XfsIo.runScript(List.of("-d", "-f"), file, text);
                if (r.timedOut()) {
                    throw new IllegalStateException("xfs_io did not finish:\n" + r.describe());
                }
            }
            String bmap = XfsIo.bmap(file);
            long size = Files.size(file);
            byte[][] keep = new byte[1][];
            String sha = sha256(file, keepData ? keep : null);
            return new DioRun(r.stdout() + r.stderr(), bmap, size, StateMap.parse(bmap, size, BLOCK), sha, keep[0],
                    null, img);
        }
    }

    /**
     * The jxfs side: copies {@code fresh} to WORK/jxfs.img, runs the script with jxfs io -d -f, reads bmap -vp and
     * the size with a second jxfs io, checks the image with xfs_repair -n and reads the file through a read-only
     * kernel mount.
     */
    static DioRun jxfs(Path fresh, Path work, String name, DioScript script, boolean keepData)
            throws IOException, IoException {
        return jxfs(fresh, work, name, script.text(), true, keepData);
    }

    /** The jxfs side of a script {@code text}, with O_DIRECT ({@code direct}) or buffered. */
    static DioRun jxfs(Path fresh, Path work, String name, String text, boolean direct, boolean keepData)
            throws IOException, IoException {
        Path img = copy(fresh, work.resolve("jxfs.img"));
        String path = "/" + name;
        String output = shell(img, path, true, direct, text);
        String bmap = shell(img, path, false, false, "bmap -vp\n");
        long size = statSize(shell(img, path, false, false, "stat\n"));
        RepairResult repair = XfsRepair.check(img);
        long kernelSize;
        byte[][] keep = new byte[1][];
        String sha;
        try (LoopMount m = LoopMount.mount(img, work.resolve("jmnt"), "ro")) {
            Path file = m.path(name);
            kernelSize = Files.size(file);
            sha = sha256(file, keepData ? keep : null);
        }
        if (kernelSize != size) {
            throw new IllegalStateException("jxfs io stat says size " + size + ", the kernel reads " + kernelSize);
        }
        return new DioRun(output, bmap, size, StateMap.parse(bmap, size, BLOCK), sha, keep[0], repair, img);
    }

    /** {@code bmap -vp} without its first line (the file's path, which differs between the two sides). */
    List<String> bmapBody() {
        List<String> lines = bmap.lines().toList();
        return lines.isEmpty() ? lines : lines.subList(1, lines.size());
    }

    /** Size, state map inside and past EOF, and contents all equal. */
    boolean sameState(DioRun o) {
        return size == o.size && stateMap.map().equals(o.stateMap.map())
                && stateMap.postEof().equals(o.stateMap.postEof()) && sha256.equals(o.sha256);
    }

    /** The first way {@code this} (the kernel) and {@code j} (jxfs) differ, with the first differing block. */
    String firstDifference(DioRun j) {
        if (size != j.size) {
            return "size: kernel " + size + ", jxfs " + j.size;
        }
        String km = stateMap.map() + "|" + stateMap.postEof();
        String jm = j.stateMap.map() + "|" + j.stateMap.postEof();
        if (!km.equals(jm)) {
            int b = 0;
            while (b < Math.min(km.length(), jm.length()) && km.charAt(b) == jm.charAt(b)) {
                b++;
            }
            boolean past = b >= stateMap.map().length();
            return "state of block " + b + (past ? " (past EOF)" : "") + ": kernel "
                    + (b < km.length() ? km.charAt(b) : '-') + ", jxfs " + (b < jm.length() ? jm.charAt(b) : '-')
                    + " (kernel " + stateMap.rle() + " / " + stateMap.postEof() + "; jxfs " + j.stateMap.rle()
                    + " / " + j.stateMap.postEof() + ")";
        }
        if (!sha256.equals(j.sha256)) {
            if (data != null && j.data != null) {
                int i = java.util.Arrays.mismatch(data, j.data);
                return String.format("contents at byte %d (block %d): kernel 0x%02x, jxfs 0x%02x", i, i / BLOCK,
                        data[i] & 0xff, j.data[i] & 0xff);
            }
            return "contents: sha256 kernel " + sha256 + ", jxfs " + j.sha256;
        }
        return null;
    }

    private static Path copy(Path fresh, Path to) {
        ProcessResult r = ProcessRunner.of(Binaries.path("cp"), "--sparse=always", fresh.toString(), to.toString())
                .run();
        if (!r.ok()) {
            throw new IllegalStateException("cannot copy the fresh image:\n" + r.describe());
        }
        return to;
    }

    private static String shell(Path img, String path, boolean create, boolean direct, String input)
            throws IOException, IoException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try (IoTarget target = new XfsTargetProvider().mount(img, false)) {
            IoShell sh = new IoShell(target, ps, new PrintStream(errBuf, true, StandardCharsets.UTF_8));
            try {
                if (!sh.openInitial(path, create, false, direct)) {
                    throw new IllegalStateException("jxfs io could not open " + path + ":\n" + buf + errBuf);
                }
                sh.runScript(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            } finally {
                sh.closeAll();
            }
        }
        return buf.toString(StandardCharsets.UTF_8) + errBuf.toString(StandardCharsets.UTF_8);
    }

    private static long statSize(String stat) {
        for (String line : stat.split("\n")) {
            if (line.startsWith("stat.size = ")) {
                return Long.parseLong(line.substring("stat.size = ".length()).trim());
            }
        }
        throw new IllegalStateException("no stat.size in:\n" + stat);
    }

    /** sha256 of a file, read in 1 MiB pieces; the bytes go to {@code keep[0]} when keep is not null. */
    static String sha256(Path file, byte[][] keep) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        if (keep != null) {
            keep[0] = Files.readAllBytes(file);
            md.update(keep[0]);
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] b = new byte[1 << 20];
                for (int n; (n = in.read(b)) > 0; ) {
                    md.update(b, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
