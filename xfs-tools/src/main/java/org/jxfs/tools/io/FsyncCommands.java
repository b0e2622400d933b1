// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/** io/fsync.c: fsync and fdatasync, silent on success. */
final class FsyncCommands {
    static final CmdInfo FSYNC = new CmdInfo("fsync", "s", FsyncCommands::fsync, 0, 0,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, null,
            "calls fsync(2) to flush all in-core file state to disk", null);
    static final CmdInfo FDATASYNC = new CmdInfo("fdatasync", "ds", FsyncCommands::fdatasync, 0, 0,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, null,
            "calls fdatasync(2) to flush the files in-core data to disk", null);

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
}
