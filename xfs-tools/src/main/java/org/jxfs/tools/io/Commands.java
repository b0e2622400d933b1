// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/**
 * The commands jxfs io supports, as init_commands registers them. xfs_io's other commands (pwrite, pread, mmap,
 * fsync, ...) are not in the table, so they get xfs_io's own answer for a command it does not have:
 * {@code command "pwrite" not found}.
 */
final class Commands {
    private Commands() {
    }

    static List<CmdInfo> all() {
        return List.of(BmapCommand.INFO, PreallocCommands.FALLOC, PreallocCommands.FPUNCH, PreallocCommands.FZERO,
                HelpCommand.HELP, HelpCommand.QUIT, OpenCommand.INFO, StatCommand.INFO, TruncateCommand.INFO);
    }
}
