// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/** io/fsync.c and io/sync_file_range.c: fsync, fdatasync and sync_range, silent on success. */
final class FsyncCommands {
    static final CmdInfo FSYNC = new CmdInfo("fsync", "s", FsyncCommands::fsync, 0, 0,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, null,
            "calls fsync(2) to flush all in-core file state to disk", null);
    static final CmdInfo FDATASYNC = new CmdInfo("fdatasync", "ds", FsyncCommands::fdatasync, 0, 0,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, null,
            "calls fdatasync(2) to flush the files in-core data to disk", null);

    /** sync_range_help's text. */
    static final String SYNC_RANGE_HELP = "\n"
            + " Trigger specific writeback commands on a range of the current file\n"
            + "\n"
            + " With no options, the SYNC_FILE_RANGE_WRITE is implied.\n"
            + " -a -- wait for IO to finish after writing (SYNC_FILE_RANGE_WAIT_AFTER).\n"
            + " -b -- wait for IO to finish before writing (SYNC_FILE_RANGE_WAIT_BEFORE).\n"
            + " -w -- write dirty data in range (SYNC_FILE_RANGE_WRITE).\n"
            + "\n";
    static final CmdInfo SYNC_RANGE = new CmdInfo("sync_range", null, FsyncCommands::syncRange, 2, -1,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "[-abw] off len",
            "Control writeback on a range of a file", FsyncCommands.SYNC_RANGE_HELP);

    private FsyncCommands() {
    }

    /** Ports fsync_f. */
    static int fsync(IoShell sh, List<String> argv) {
        try {
            sh.file().file().fsync();
        } catch (IoException e) {
            sh.perror("fsync", e);
            sh.setExitcode(1);
        }
        return 0;
    }

    /** Ports fdatasync_f. */
    static int fdatasync(IoShell sh, List<String> argv) {
        try {
            sh.file().file().fdatasync();
        } catch (IoException e) {
            sh.perror("fdatasync", e);
            sh.setExitcode(1);
        }
        return 0;
    }

    /**
     * Ports sync_range_f. Writeback in jxfs completes before it returns, so -a and -b (waiting before or after)
     * and -w (writing) all write the range back.
     */
    static int syncRange(IoShell sh, List<String> argv) {
        Getopt g = sh.getopt(argv, "abw");
        for (int c; (c = g.next()) != Getopt.EOF; ) {
            if (c != 'a' && c != 'b' && c != 'w') {
                sh.setExitcode(1);
                return sh.usage(SYNC_RANGE);
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 2) {
            sh.setExitcode(1);
            return sh.usage(SYNC_RANGE);
        }
        long[] seg = PreallocCommands.offsetLength(sh, ops.get(0), ops.get(1));
        if (seg == null) {
            sh.setExitcode(1);
            return 0;
        }
        try {
            sh.file().file().syncRange(seg[0], seg[1]);
        } catch (IoException e) {
            sh.perror("sync_file_range", e);
            sh.setExitcode(1);
        }
        return 0;
    }
}
