// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/** io/sync.c: sync (of everything, needing no file) and syncfs (of the current file's filesystem). */
final class SyncCommands {
    static final CmdInfo SYNC = new CmdInfo("sync", null, SyncCommands::sync, 0, 0,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_NOFILE_OK | CmdInfo.CMD_FOREIGN_OK | CmdInfo.CMD_FLAG_ONESHOT, null,
            "calls sync(2) to flush all in-core filesystem state to disk", null);
    static final CmdInfo SYNCFS = new CmdInfo("syncfs", null, SyncCommands::syncfs, 0, 0,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, null,
            "calls syncfs(2) to flush all in-core filesystem state to disk", null);

    private SyncCommands() {
    }

    /**
     * Ports sync_f: sync(2) cannot fail, so nothing is printed and the exit code stays. jxfs's one filesystem is
     * the image; a failure to write it back (an I/O error) shuts it down, which later commands report.
     */
    static int sync(IoShell sh, List<String> argv) {
        try {
            sh.target.sync();
        } catch (IoException e) {
            // sync(2) returns void: the error is the filesystem's to report, not the caller's
        }
        return 0;
    }

    /** Ports syncfs_f. */
    static int syncfs(IoShell sh, List<String> argv) {
        try {
            sh.target.sync();
        } catch (IoException e) {
            sh.perror("syncfs", e);
            sh.setExitcode(1);
        }
        return 0;
    }
}
