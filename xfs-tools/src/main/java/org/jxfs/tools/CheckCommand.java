// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jxfs.core.XfsException;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jxfs check IMAGE}: a read-only consistency check, like {@code xfs_repair -n}. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check an XFS image's metadata without changing it (like xfs_repair -n).",
                "Exit status: 0 clean, 1 problems found (one line each), 2 the image cannot be opened."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "the image file")
    Path image;

    @Override
    public Integer call() {
        try (Mount mp = Mount.open(image, true)) {
            List<String> problems = FsCheck.run(mp);
            for (String p : problems) {
                System.out.println(p);
            }
            if (problems.isEmpty()) {
                System.out.println(image + ": clean");
                return 0;
            }
            return 1;
        } catch (XfsException e) {
            System.err.println("check: " + e.getMessage());
            return 2;
        }
    }
}
