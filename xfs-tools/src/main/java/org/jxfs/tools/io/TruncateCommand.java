// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/** io/truncate.c. */
final class TruncateCommand {
    static final CmdInfo INFO = new CmdInfo("truncate", "t", TruncateCommand::truncate, 1, 1,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK, "off", "truncates the current file at the given offset",
            null);

    private TruncateCommand() {
    }

    /** Ports truncate_f. */
    static int truncate(IoShell sh, List<String> argv) {
        long offset = sh.cvtnum(argv.get(1));
        if (offset < 0) {
            sh.out.print("non-numeric truncate argument -- " + argv.get(1) + "\n");
            sh.setExitcode(1);
            return 0;
        }
        OpenFile f = sh.file();
        try {
            Vfs.ftruncate(f, offset);
            f.file().truncate(offset);
        } catch (IoException e) {
            sh.perror("ftruncate", e);
            sh.setExitcode(1);
        }
        return 0;
    }
}
