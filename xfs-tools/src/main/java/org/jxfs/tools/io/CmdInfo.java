// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/** struct cmdinfo (include/command.h): one command of the table, with xfs_io's wording for its help. */
record CmdInfo(String name, String altname, Cfunc cfunc, int argmin, int argmax, int flags, String args,
               String oneline, String help) {
    /** Runs once, not once per open file (help, quit, open). */
    static final int CMD_FLAG_ONESHOT = 1 << 31;
    static final int CMD_FLAG_FOREIGN_OK = 1 << 30;
    /** Provided by libxcmd (help, quit): runs even with no file open. */
    static final int CMD_FLAG_LIBRARY = 1 << 29;
    static final int CMD_NOFILE_OK = 1 << 0;
    static final int CMD_NOMAP_OK = 1 << 1;
    static final int CMD_FOREIGN_OK = CMD_FLAG_FOREIGN_OK;

    /** cfunc_t: argv[0] is the command name as typed; a non-zero return ends the command loop. */
    @FunctionalInterface
    interface Cfunc {
        int run(IoShell sh, List<String> argv);
    }
}
