// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.xfs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import org.jxfs.tools.io.IoShell;
import org.jxfs.tools.io.IoTarget;

/** jxfs io on a real image, as {@code jxfs io [-f] [-d] -c ... IMAGE PATH} runs it, with its output captured. */
final class ImageIo {
    /** What one run printed, and its exit code. */
    record Result(String out, String err, int rc) {
    }

    private ImageIo() {
    }

    /** A fresh image of {@code mib} MiB made by jxfs mkfs. */
    static Path mkfs(Path dir, int mib) throws Exception {
        Path img = dir.resolve("io.img");
        Mkfs.format(img, MkfsOptions.builder().dataSize((long) mib << 20).force(true).build());
        return img;
    }

    static Result run(Path img, String path, boolean create, boolean direct, String... commands) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try (IoTarget target = new XfsTargetProvider().mount(img, false)) {
            IoShell sh = new IoShell(target, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                rc = sh.openInitial(path, create, false, direct) ? sh.runCommands(List.of(commands)) : 1;
            } finally {
                sh.closeAll();
            }
        }
        return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), rc);
    }

    /** FsCheck's problems with the image (empty when consistent). */
    static List<String> check(Path img) throws Exception {
        try (Mount mp = Mount.open(img, true)) {
            return FsCheck.run(mp);
        }
    }

    /** The output with report_io_times' summary lines replaced by "TIMING". */
    static String untimed(String out) {
        return out.replaceAll("(?m)^[0-9.]+ (bytes|KiB|MiB|GiB|TiB|EiB), -?[0-9]+ ops; .*$", "TIMING");
    }
}
