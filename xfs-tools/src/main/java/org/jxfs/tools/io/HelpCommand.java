// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.List;

/** libxcmd/help.c and quit.c. */
final class HelpCommand {
    static final CmdInfo HELP = new CmdInfo("help", "?", HelpCommand::help, 0, 1,
            CmdInfo.CMD_FLAG_ONESHOT | CmdInfo.CMD_FLAG_LIBRARY, "[command]", "help for one or all commands", null);
    static final CmdInfo QUIT = new CmdInfo("quit", "q", (sh, argv) -> 1, -1, -1,
            CmdInfo.CMD_FLAG_ONESHOT | CmdInfo.CMD_FLAG_LIBRARY, null, "exit the program", null);

    private HelpCommand() {
    }

    /** Ports help_f. */
    static int help(IoShell sh, List<String> argv) {
        if (argv.size() == 1) {
            for (CmdInfo ct : sh.cmdtab()) {
                oneline(sh, ct.name(), ct);
            }
            sh.out.print("\nUse 'help commandname' for extended help.\n");
            return 0;
        }
        CmdInfo ct = sh.findCommand(argv.get(1));
        if (ct == null) {
            sh.out.print("command " + argv.get(1) + " not found\n");
            return 0;
        }
        oneline(sh, argv.get(1), ct);
        if (ct.help() != null) {
            sh.out.print(ct.help());
        }
        return 0;
    }

    /** Ports help_oneline (always called with a name, so the altname is never shown). */
    private static void oneline(IoShell sh, String cmd, CmdInfo ct) {
        StringBuilder sb = new StringBuilder(cmd).append(' ');
        if (ct.args() != null) {
            sb.append(ct.args()).append(' ');
        }
        sb.append("-- ").append(ct.oneline()).append('\n');
        sh.out.print(sb);
    }
}
