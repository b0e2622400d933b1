// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jxfs.core.XfsException;
import org.jxfs.core.mkfs.GeometryReport;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptionParser;
import org.jxfs.fs.Populate;
import org.jxfs.fs.Protofile;
import org.jxfs.fs.Xfs;
import org.jxfs.core.mkfs.MkfsPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jxfs mkfs}: mkfs.xfs's options and output; the arguments are parsed by MkfsOptionParser. */
@Command(name = "mkfs", description = {"Format an XFS v5 image, with mkfs.xfs's options and geometry.",
        "",
        "  -b size=N                      block size (default 4096)",
        "  -d size=N,agcount=N,agsize=N   data section size (default: the file's size) and AGs",
        "  -i size=N,sparse=0|1           inode size (default 512), sparse inode chunks",
        "  -l size=N                      internal log size",
        "  -m crc=1,finobt=0|1,reflink=0|1,rmapbt=0,bigtime=0|1,inobtcount=0|1,uuid=U",
        "  -n ftype=1                     file type in directory entries",
        "  -p DIR|FILE                    populate from a directory tree, or from a prototype file",
        "  -L label                       filesystem label (12 characters at most)",
        "  -f                             overwrite an existing filesystem or file",
        "  -N                             dry run: print the geometry, write nothing",
        "  -q                             quiet",
        "",
        "Sizes take s (512-byte sectors), b (blocks), k, m, g, t, p, e suffixes. A missing IMAGE is created",
        "(sparse) when -d size= is given. Default features are the minimal set: crc=1, ftype=1, all else off."},
        customSynopsis = "jxfs mkfs [options] IMAGE")
final class MkfsCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "show this help")
    boolean help;

    @Parameters(arity = "0..*", paramLabel = "ARG", hidden = true)
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        try {
            MkfsOptionParser.Parsed parsed = MkfsOptionParser.parse(args.toArray(new String[0]));
            Path proto = parsed.protoPath() == null ? null : Path.of(parsed.protoPath());
            if (proto != null && !Files.isDirectory(proto) && !Files.isRegularFile(proto)) {
                throw new XfsException(XfsException.ENOENT, "cannot open " + proto + ": No such file or directory");
            }
            MkfsPlan plan = Mkfs.format(Path.of(parsed.imagePath()), parsed.options());
            if (!parsed.options().quiet()) {
                System.out.print(GeometryReport.format(plan));
            }
            if (proto != null && !parsed.options().dryRun()) {
                try (Xfs fs = Xfs.open(Path.of(parsed.imagePath()))) {
                    // mkfs.xfs makes the root through xfs_dialloc in the session that then builds the entries, so
                    // the root took the directory rotor's first step (m_agirotor): the first directory goes to AG 1.
                    fs.mount().inodeCache().nextRotorAg(fs.mount().geometry().agcount);
                    if (Files.isDirectory(proto)) {
                        Populate.fromDirectory(fs, proto);
                    } else {
                        Protofile.build(fs, proto);
                    }
                }
            }
            return 0;
        } catch (XfsException e) {
            System.err.println("mkfs: " + e.getMessage());
            return 1;
        }
    }
}
