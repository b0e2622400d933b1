// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.tools.io.IoShell;
import org.jxfs.tools.io.IoTarget;
import org.jxfs.tools.xfs.XfsTargetProvider;

/**
 * The jxfs side of {@code benchmarks/compare-kernel.sh}: one JVM kept warm for the whole run, answering one request
 * per line on standard input with the seconds the work took (or {@code error MESSAGE}):
 * <ul>
 *   <li>{@code io IMAGE PATH FLAGS SETUP SCRIPT}: the xfs_io commands of the file SETUP (untimed; {@code -} for
 *       none), then of SCRIPT (one per line, the very commands the kernel's xfs_io ran) through jxfs's xfs_io
 *       interpreter on PATH inside IMAGE, FLAGS {@code f} and/or {@code d} as xfs_io's -f and -d; timed from the
 *       first command of SCRIPT to its last, the mount and unmount not (as the kernel's mount is not);</li>
 *   <li>{@code mkfs IMAGE BYTES}: {@code Mkfs.format} of a fresh sparse file of BYTES, jxfs's default (minimal)
 *       feature set.</li>
 * </ul>
 */
public final class KernelPairDriver {
    private KernelPairDriver() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream answer = System.out;
        for (String line; (line = in.readLine()) != null;) {
            String[] w = line.trim().split(" ");
            try {
                double s = switch (w[0]) {
                    case "io" -> io(Path.of(w[1]), w[2], w[3], w[4].equals("-") ? null : Path.of(w[4]), Path.of(w[5]));
                    case "mkfs" -> mkfs(Path.of(w[1]), Long.parseLong(w[2]));
                    default -> throw new IllegalArgumentException("unknown request " + w[0]);
                };
                answer.println(String.format(Locale.ROOT, "%.6f", s));
            } catch (Exception e) {
                answer.println("error " + e);
            }
            answer.flush();
        }
    }

    private static double io(Path image, String path, String flags, Path setup, Path script) throws Exception {
        List<String> commands = Files.readAllLines(script);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        double seconds;
        try (IoTarget target = new XfsTargetProvider().mount(image, false)) {
            IoShell sh = new IoShell(target, out, out);
            try {
                if (!sh.openInitial(path, flags.contains("f"), false, flags.contains("d"))) {
                    throw new IllegalStateException("cannot open " + path + ": " + sink);
                }
                if (setup != null && sh.runCommands(Files.readAllLines(setup)) != 0) {
                    throw new IllegalStateException("set-up commands failed: " + sink);
                }
                long t0 = System.nanoTime();
                int rc = sh.runCommands(commands);
                seconds = (System.nanoTime() - t0) / 1e9;
                if (rc != 0) {
                    throw new IllegalStateException("xfs_io commands failed (" + rc + "): "
                            + sink.toString(StandardCharsets.UTF_8).lines().limit(3).toList());
                }
            } finally {
                sh.closeAll();
            }
        }
        return seconds;
    }

    private static double mkfs(Path image, long bytes) throws Exception {
        Files.deleteIfExists(image);
        try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(bytes);
        }
        long t0 = System.nanoTime();
        Mkfs.format(image, MkfsOptions.builder().dataSize(bytes).quiet(true).build());
        return (System.nanoTime() - t0) / 1e9;
    }
}
