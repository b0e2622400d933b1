// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.diff;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.jxfs.tests.oracle.StateMap;
import org.jxfs.tools.io.IoException;
import org.jxfs.tools.io.IoShell;
import org.jxfs.tools.io.IoTarget;
import org.jxfs.tools.xfs.XfsTargetProvider;

/**
 * The jxfs side of a differential run, the twin of {@link KernelXioRun}: the same script through {@code jxfs io}'s
 * interpreter, in this JVM, on a copy of the fresh image ({@code jxfs io -f IMAGE /name < script}), then
 * {@code bmap -vp} and the size from a second mount, as the kernel side reads them from a second xfs_io.
 *
 * @param output   what the interpreter printed while running the script
 * @param bmap     {@code bmap -vp} of the file afterwards
 * @param size     the file size afterwards
 * @param stateMap the per-block hole/unwritten/written map inside and past EOF
 * @param image    the image the script ran on (for xfs_repair -n)
 */
public record JxfsXioRun(String output, String bmap, long size, StateMap stateMap, Path image) {

    /** Copies {@code freshImage} into {@code workDir}, runs the script on /{@code name}, reads the result back. */
    public static JxfsXioRun run(Path freshImage, Path workDir, String name, XioScript script, int blockSize)
            throws IOException, IoException {
        Path img = workDir.resolve("jxfs.img");
        Files.copy(freshImage, img, StandardCopyOption.REPLACE_EXISTING);
        String path = "/" + name;
        String output = shell(img, path, true, script.text());
        String bmap = shell(img, path, false, "bmap -vp\n");
        String stat = shell(img, path, false, "stat\n");
        long size = statSize(stat);
        return new JxfsXioRun(output, bmap, size, StateMap.parse(bmap, size, blockSize), img);
    }

    /**
     * As {@link #run(Path, Path, String, XioScript, int)}, with the file opened by {@code name} as typed (jxfs io
     * resolves it from the root) and O_DIRECT when {@code direct}: the twin of
     * {@link KernelXioRun#run(Path, Path, String, XioScript, int, boolean)}.
     */
    public static JxfsXioRun run(Path freshImage, Path workDir, String name, XioScript script, int blockSize,
                                 boolean direct) throws IOException, IoException {
        Path img = workDir.resolve("jxfs.img");
        Files.copy(freshImage, img, StandardCopyOption.REPLACE_EXISTING);
        String output = shell(img, name, true, direct, script.text());
        String bmap = shell(img, name, false, false, "bmap -vp\n");
        String stat = shell(img, name, false, false, "stat\n");
        long size = statSize(stat);
        return new JxfsXioRun(output, bmap, size, StateMap.parse(bmap, size, blockSize), img);
    }

    private static String shell(Path img, String path, boolean create, String input)
            throws IOException, IoException {
        return shell(img, path, create, false, input);
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
        // as KernelXioRun reports xfs_io: standard output, then standard error
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

    /** {@code bmap -vp} without its first line (the file's path, which differs between the two sides). */
    public static List<String> bmapBody(String bmap) {
        List<String> lines = bmap.lines().toList();
        return lines.isEmpty() ? lines : lines.subList(1, lines.size());
    }
}
