// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.jxfs.tools.io.IoException;
import org.jxfs.tools.io.IoShell;
import org.jxfs.tools.io.IoTarget;
import org.jxfs.tools.io.IoTargetProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jxfs io [-f] [-r] [-d] [-c CMD]... IMAGE PATH}: xfs_io's interpreter on a file inside an image, with xfs_io's
 * output and messages. The filesystem comes from an {@link IoTargetProvider} found by {@link ServiceLoader}.
 */
@Command(name = "io", mixinStandardHelpOptions = true,
        description = {"Run xfs_io commands on PATH inside the XFS image IMAGE (like xfs_io on a mounted file).",
                "Without -c, commands are read from standard input, one per line.",
                "Commands: bmap, chattr, falloc, fdatasync, file, fpunch, fsync, fzero, help, lsattr, open, pread,",
                "print, pwrite, quit, stat, truncate."})
final class IoCommand implements Callable<Integer> {
    static final String NO_FS_LAYER = "io: the jxfs filesystem layer is not available in this build";

    @Option(names = "-f", description = "create PATH if it does not exist (O_CREAT)")
    boolean create;

    @Option(names = "-r", description = "open PATH read-only")
    boolean readOnly;

    @Option(names = "-d", description = "open PATH with O_DIRECT (needed for pwrite: jxfs has no buffered writes yet)")
    boolean direct;

    @Option(names = "-c", paramLabel = "CMD", description = "run CMD on every open file; repeatable, in order")
    List<String> commands = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "IMAGE", description = "the image file")
    Path image;

    @Parameters(index = "1", paramLabel = "PATH", description = "the file inside the image, e.g. /data")
    String path;

    InputStream stdin = System.in;
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        Optional<IoTargetProvider> provider = ServiceLoader.load(IoTargetProvider.class).findFirst();
        if (provider.isEmpty()) {
            err.println(NO_FS_LAYER);
            return 1;
        }
        // -r: the image is mounted read-only too, so nothing can write to it (a later rw open gets EROFS)
        try (IoTarget target = provider.get().mount(image, readOnly)) {
            IoShell sh = new IoShell(target, out, err);
            try {
                if (!sh.openInitial(path, create, readOnly, direct)) {
                    return 1;
                }
                return commands.isEmpty() ? sh.runScript(stdin) : sh.runCommands(commands);
            } finally {
                out.flush();
                sh.closeAll();
            }
        } catch (IoException e) {
            String msg = e.getMessage();
            err.println("io: " + (msg.startsWith(image.toString()) ? msg : image + ": " + msg));
            return 1;
        } catch (IOException e) {
            err.println("io: standard input: " + e.getMessage());
            return 1;
        }
    }
}
