// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import org.jxfs.core.libfrog.Convert;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * xfs_io's interpreter (io/init.c and libxcmd/command.c, input.c): the command table, the file table, the
 * command loop over -c commands or standard input, argument counting and per-file iteration.
 * Output goes to {@code out} and error messages to {@code err}, with xfs_io's exact wording.
 */
public final class IoShell {
    /** What xfs_io prints as its own name in messages (basename of argv[0]). */
    static final String PROGNAME = "xfs_io";

    final PrintStream out;
    final PrintStream err;
    final IoTarget target;
    /** The data buffer pwrite and pread share (io_buffer), kept from one command to the next as in xfs_io. */
    final IoBuffer iobuf = new IoBuffer();
    /** The memory mapped regions (mmap.c's maptable and mapping). */
    final MapTable maps = new MapTable();
    /** fiemap.c's static max_extents: set by fiemap -n, kept by later fiemap commands (-1: no limit). */
    int fiemapMaxExtents = -1;
    private final List<CmdInfo> cmdtab;
    private final List<OpenFile> filetable = new ArrayList<>();
    private OpenFile file;
    private int exitcode;

    public IoShell(IoTarget target, PrintStream out, PrintStream err) {
        this.target = target;
        this.out = out;
        this.err = err;
        List<CmdInfo> t = new ArrayList<>(Commands.all());
        t.sort(Comparator.comparing(CmdInfo::name));   // add_command qsorts by name (strcmp, i.e. ASCII)
        this.cmdtab = List.copyOf(t);
    }

    /**
     * Opens the file named on the command line, as init() does before the loop: on failure prints
     * "PATH: strerror" and returns false (xfs_io then exits 1).
     */
    public boolean openInitial(String path, boolean create, boolean readOnly) {
        return openInitial(path, create, readOnly, false);
    }

    /** {@link #openInitial(String, boolean, boolean)} with O_DIRECT when {@code direct} (xfs_io -d). */
    public boolean openInitial(String path, boolean create, boolean readOnly, boolean direct) {
        int flags = (create ? OpenFile.IO_CREAT : 0) | (readOnly ? OpenFile.IO_READONLY : 0)
                | (direct ? OpenFile.IO_DIRECT : 0);
        return OpenCommand.openAndAdd(this, path, flags) == 0;
    }

    /** Ports command_loop for -c commands: each runs on every open file in turn unless it is ONESHOT. */
    public int runCommands(List<String> commands) {
        for (String c : commands) {
            if (processInput(c, true) != 0) {
                break;
            }
        }
        return exitcode;
    }

    /**
     * Ports command_loop's interactive mode on a stream that is not a terminal: editline prints no prompt, and
     * drops the last character of every line it returns (the newline, or the last real character of a final
     * line that has none). Commands run once, on the current file.
     */
    public int runScript(InputStream in) throws IOException {
        for (String line; (line = readLine(in)) != null; ) {
            if (processInput(line, false) != 0) {
                break;
            }
        }
        return exitcode;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            if (c == '\n') {
                break;
            }
        }
        if (b.size() == 0) {
            return null;
        }
        String s = b.toString(StandardCharsets.UTF_8);
        int nul = s.indexOf('\0');
        s = s.substring(0, s.length() - 1);
        return nul >= 0 && nul < s.length() ? s.substring(0, nul) : s;
    }

    /** Ports process_input: returns non-zero when the loop must stop (quit). */
    int processInput(String input, boolean iterate) {
        List<String> v = breakline(input);
        if (v.isEmpty()) {
            return 0;
        }
        CmdInfo ct = findCommand(v.get(0));
        if (ct == null) {
            err.println("command \"" + v.get(0) + "\" not found");
            return 0;
        }
        if (!iterate || (ct.flags() & CmdInfo.CMD_FLAG_ONESHOT) != 0) {
            return command(ct, v);
        }
        // iterate_command with filetable_iterator: the table may grow while iterating
        int error = 0;
        for (int j = 0; j < filetable.size(); j++) {
            file = filetable.get(j);
            error = command(ct, v);
            if (error != 0) {
                break;
            }
        }
        return error;
    }

    /** Ports breakline: split on single spaces, dropping empty fields (tabs are ordinary characters). */
    static List<String> breakline(String input) {
        List<String> v = new ArrayList<>();
        for (String p : input.split(" ", -1)) {
            if (!p.isEmpty()) {
                v.add(p);
            }
        }
        return v;
    }

    /** Ports find_command. */
    CmdInfo findCommand(String name) {
        for (CmdInfo ct : cmdtab) {
            if (ct.name().equals(name) || name.equals(ct.altname())) {
                return ct;
            }
        }
        return null;
    }

    /** Ports command(): check_command (init_check_command), the argument count, then the command. */
    int command(CmdInfo ct, List<String> argv) {
        String cmd = argv.get(0);
        if ((ct.flags() & CmdInfo.CMD_FLAG_LIBRARY) == 0) {
            if (file == null && (ct.flags() & CmdInfo.CMD_NOFILE_OK) == 0) {
                err.println("no files are open, try 'help open'");
                return 0;
            }
            if (maps.current() == null && (ct.flags() & CmdInfo.CMD_NOMAP_OK) == 0) {
                err.println("no mapped regions, try 'help mmap'");
                return 0;
            }
            // no file is foreign (all are XFS)
        }
        int argc = argv.size();
        if (argc - 1 < ct.argmin() || (ct.argmax() != -1 && argc - 1 > ct.argmax())) {
            if (ct.argmax() == -1) {
                err.printf("bad argument count %d to %s, expected at least %d arguments\n", argc - 1, cmd,
                        ct.argmin());
            } else if (ct.argmin() == ct.argmax()) {
                err.printf("bad argument count %d to %s, expected %d arguments\n", argc - 1, cmd, ct.argmin());
            } else {
                err.printf("bad argument count %d to %s, expected between %d and %d arguments\n", argc - 1, cmd,
                        ct.argmin(), ct.argmax());
            }
            return 0;
        }
        return ct.cfunc().run(this, argv);
    }

    /** Ports command_usage. */
    int usage(CmdInfo ct) {
        out.println(ct.name() + " " + ct.args() + " -- " + ct.oneline());
        return 0;
    }

    Getopt getopt(List<String> argv, String optstring) {
        return new Getopt(argv, optstring, err);
    }

    /** perror(3). */
    void perror(String what, IoException e) {
        err.println(what + ": " + e.errno().message());
    }

    List<OpenFile> filetable() {
        return filetable;
    }

    /** Makes entry {@code i} of the file table the current file (file_f). */
    void setFile(int i) {
        file = filetable.get(i);
    }

    List<CmdInfo> cmdtab() {
        return cmdtab;
    }

    OpenFile file() {
        return file;
    }

    /** Ports addfile: the new file becomes the current one. */
    void addFile(OpenFile f) {
        filetable.add(f);
        file = f;
    }

    void setExitcode(int code) {
        exitcode = code;
    }

    public int exitcode() {
        return exitcode;
    }

    /** Unmaps every mapping and closes every open file; the first failure is rethrown after all were tried. */
    public void closeAll() throws IoException {
        IoException first = null;
        for (MapTable.Region r : maps.all()) {
            try {
                r.handle().munmap();
            } catch (IoException e) {
                first = first == null ? e : first;
            }
        }
        maps.clear();
        for (OpenFile f : filetable) {
            try {
                f.file().close();
            } catch (IoException e) {
                first = first == null ? e : first;
            }
        }
        filetable.clear();
        file = null;
        if (first != null) {
            throw first;
        }
    }

    /** init_cvtnum's block size: the current file's filesystem block size, pwrite's and pread's default bsize. */
    long blocksize() {
        return file.file().geometry().blocksize();
    }

    /** init_cvtnum: the block and sector size of the current file's filesystem (4096 and 512 with no file). */
    long cvtnum(String s) {
        if (file == null) {
            return Convert.cvtnum(4096, 512, s);
        }
        IoGeometry g = file.file().geometry();
        return Convert.cvtnum(g.blocksize(), g.sectsize(), s);
    }
}
