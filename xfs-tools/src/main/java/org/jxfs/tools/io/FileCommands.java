// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jxfs.core.libfrog.Convert;

/** io/file.c: the file table listing (file, print) and the choice of current file. */
final class FileCommands {
    static final CmdInfo FILE = new CmdInfo("file", "f", FileCommands::file, 0, 1,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_FOREIGN_OK | CmdInfo.CMD_FLAG_ONESHOT, "[N]", "set the current file",
            null);
    static final CmdInfo PRINT = new CmdInfo("print", "p", FileCommands::print, 0, 0,
            CmdInfo.CMD_NOMAP_OK | CmdInfo.CMD_NOFILE_OK | CmdInfo.CMD_FOREIGN_OK | CmdInfo.CMD_FLAG_ONESHOT, null,
            "list current open files and memory mappings", null);

    private FileCommands() {
    }

    /** Ports file_f: with no argument the listing, else atoi(N) becomes the current file. */
    static int file(IoShell sh, List<String> argv) {
        if (argv.size() <= 1) {
            return filelist(sh);
        }
        int i = Convert.atoi(argv.get(1));
        int count = sh.filetable().size();
        if (i < 0 || i >= count) {
            sh.out.print("value " + i + " is out of range (0-" + (count - 1) + ")\n");
            sh.setExitcode(1);
        } else {
            sh.setFile(i);
            filelist(sh);
        }
        return 0;
    }

    /** Ports print_f: the file table, then the mappings. */
    static int print(IoShell sh, List<String> argv) {
        filelist(sh);
        return MmapCommands.maplist(sh);
    }

    /** Ports filelist_f. */
    static int filelist(IoShell sh) {
        StringBuilder o = new StringBuilder();
        List<OpenFile> t = sh.filetable();
        for (int i = 0; i < t.size(); i++) {
            o.append(printFileio(t.get(i), i, t.get(i) == sh.file()));
        }
        sh.out.print(o);
        return 0;
    }

    /** Ports print_fileio: "[000] /data          (xfs,non-sync,direct,read-write)", the current file in braces. */
    static String printFileio(OpenFile f, int index, boolean braces) {
        StringBuilder sb = new StringBuilder();
        sb.append(braces ? '[' : ' ').append(String.format(Locale.ROOT, "%03d", index)).append(braces ? ']' : ' ');
        sb.append(' ').append(f.name());
        // %-14s pads to 14 bytes, not characters
        for (int n = f.name().getBytes(StandardCharsets.UTF_8).length; n < 14; n++) {
            sb.append(' ');
        }
        sb.append(" (xfs,").append(f.modeWords()).append(f.fileioSuffix()).append(")\n");
        return sb.toString();
    }
}
