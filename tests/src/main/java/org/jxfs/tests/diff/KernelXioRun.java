// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.diff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.StateMap;
import org.jxfs.tests.oracle.XfsIo;

/**
 * Runs an xfs_io script with the kernel's XFS on a loop-mounted copy of a fresh image, as
 * ../shared/tools/kernel_xio.sh does: {@code xfs_io -f FILE < script}, then {@code bmap -vp} after a sync, the file
 * size and the per-block state map.
 *
 * @param output   what xfs_io printed while running the script
 * @param bmap     {@code bmap -vp} of the file afterwards
 * @param size     the file size afterwards
 * @param stateMap the per-block hole/unwritten/written map inside and past EOF
 */
public record KernelXioRun(String output, String bmap, long size, StateMap stateMap) {

    /** Copies {@code freshImage} into {@code workDir}, mounts it, runs the script on /{@code name}, unmounts. */
    public static KernelXioRun run(Path freshImage, Path workDir, String name, XioScript script, int blockSize)
            throws IOException {
        Path img = workDir.resolve("kernel.img");
        Files.copy(freshImage, img, StandardCopyOption.REPLACE_EXISTING);
        Path mnt = workDir.resolve("mnt");
        try (LoopMount m = LoopMount.mount(img, mnt)) {
            Path file = mnt.resolve(name);
            ProcessResult r = XfsIo.runScript(List.of("-f"), file, script.text());
            ProcessResult bmap = XfsIo.run(file, "bmap -vp");
            long size = Files.size(file);
            return new KernelXioRun(r.stdout() + r.stderr(), bmap.stdout(), size,
                    XfsIo.bmapStateMap(bmap.stdout(), size, blockSize));
        }
    }

    /**
     * As {@link #run(Path, Path, String, XioScript, int)}, with {@code xfs_io -f [-d] NAME < script} run inside the
     * mount, so that the file is named {@code name} in what xfs_io prints, as {@link JxfsXioRun#run(Path, Path,
     * String, XioScript, int, boolean)} names it; {@code direct} opens it O_DIRECT.
     */
    public static KernelXioRun run(Path freshImage, Path workDir, String name, XioScript script, int blockSize,
                                   boolean direct) throws IOException {
        Path img = workDir.resolve("kernel.img");
        Files.copy(freshImage, img, StandardCopyOption.REPLACE_EXISTING);
        Path mnt = workDir.resolve("mnt");
        try (LoopMount m = LoopMount.mount(img, mnt)) {
            Path file = mnt.resolve(name);
            ProcessResult r = XfsIo.runScriptIn(mnt, direct ? List.of("-f", "-d") : List.of("-f"), name,
                    script.text());
            ProcessResult bmap = XfsIo.run(file, "bmap -vp");
            long size = Files.size(file);
            return new KernelXioRun(r.stdout() + r.stderr(), bmap.stdout(), size,
                    XfsIo.bmapStateMap(bmap.stdout(), size, blockSize));
        }
    }
}
