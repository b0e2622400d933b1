// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jxfs.core.mount.Mount;
import org.jxfs.tools.db.Frag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jxfs frag IMAGE}: xfs_db's {@code frag} with its options and its output, byte for byte. */
@Command(name = "frag", description = {"Count file extents as xfs_db -r -c 'frag ...' does: the extents each "
        + "selected fork has (actual) and would have if extents adjacent in the file were merged (ideal). Without "
        + "a selection every kind is counted."},
        customSynopsis = "jxfs frag IMAGE [-a] [-d] [-f] [-l] [-q] [-R] [-r] [-v]")
final class FragCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "show this help")
    boolean help;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "the image file (opened read-only)")
    Path image;

    @Option(names = "-a", description = "attribute forks") boolean attr;
    @Option(names = "-d", description = "directories") boolean dirs;
    @Option(names = "-f", description = "regular files") boolean files;
    @Option(names = "-l", description = "symbolic links") boolean symlinks;
    @Option(names = "-q", description = "quota files") boolean quota;
    @Option(names = "-R", description = "the realtime bitmap and summary inodes") boolean rtMeta;
    @Option(names = "-r", description = "realtime files") boolean rtFiles;
    @Option(names = "-v", description = "print each inode's counts") boolean verbose;

    @Override
    public Integer call() throws Exception {
        try (Mount mp = Mount.open(image, true)) {
            System.out.print(Frag.run(mp, new Frag.Options(attr, dirs, files, symlinks, quota, rtMeta, rtFiles,
                    verbose)));
        }
        return 0;
    }
}
