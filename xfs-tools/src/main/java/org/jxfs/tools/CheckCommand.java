// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jxfs.core.XfsException;
import org.jxfs.tools.check.Finding;
import org.jxfs.tools.check.ImageCheck;
import org.jxfs.tools.check.NotXfsException;
import org.jxfs.tools.check.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jxfs check IMAGE}: a read-only consistency check, the checks of {@code xfs_repair -n}. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check an XFS image's metadata without changing it (like xfs_repair -n): superblocks, AG "
                + "headers, free-space and inode btrees, every inode and its forks, block ownership, directories, "
                + "link counts and counters.",
                "Exit status: 0 clean, 1 problems found (one line each, naming the structure and its disk "
                        + "address), 2 the file is not an XFS filesystem."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "the image file")
    Path image;

    @Override
    public Integer call() {
        Report report;
        try {
            report = ImageCheck.run(image);
        } catch (NotXfsException e) {
            System.err.println("check: " + e.getMessage());
            return 2;
        } catch (XfsException e) {
            System.err.println("check: " + e.getMessage());
            return 2;
        }
        for (String note : report.notes()) {
            System.out.println("note: " + note);
        }
        for (Finding w : report.warnings()) {
            System.out.println("warning: " + w.line());
        }
        for (Finding f : report.findings()) {
            System.out.println(f.line());
        }
        if (report.dropped() > 0) {
            System.out.println("... and " + report.dropped() + " more problems");
        }
        if (report.clean()) {
            System.out.println(image + ": " + report.summary());
            return 0;
        }
        return 1;
    }
}
