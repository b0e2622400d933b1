// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/**
 * The commands jxfs io supports, as init_commands registers them. xfs_io's other commands (sendfile,
 * reflink, ...) are not in the table, so they get xfs_io's own answer for a command it does not have:
 * {@code command "seek" not found}.
 */
final class Commands {
    private Commands() {
    }

    static List<CmdInfo> all() {
        return List.of(AttrCommands.CHATTR, AttrCommands.LSATTR, BmapCommand.INFO, PreallocCommands.FALLOC,
                PreallocCommands.FCOLLAPSE, PreallocCommands.FINSERT, PreallocCommands.FPUNCH,
                PreallocCommands.FUNSHARE, PreallocCommands.FZERO, FiemapCommand.INFO, SeekCommand.INFO,
                SyncCommands.SYNC, SyncCommands.SYNCFS, FileCommands.FILE, FileCommands.PRINT,
                FsyncCommands.FSYNC, FsyncCommands.FDATASYNC, FsyncCommands.SYNC_RANGE, HelpCommand.HELP, HelpCommand.QUIT,
                MmapCommands.MMAP, MmapCommands.MREAD, MmapCommands.MREMAP, MmapCommands.MSYNC, MmapCommands.MUNMAP,
                MmapCommands.MWRITE, OpenCommand.INFO, PreadCommand.INFO, PwriteCommand.INFO, StatCommand.INFO, TruncateCommand.INFO);
    }
}
