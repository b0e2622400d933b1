// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IoShellTest {
    private final FakeFile file = new FakeFile();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final IoShell sh = new IoShell(new IoTarget() {
        @Override
        public IoFile open(String path, boolean create, boolean readOnly) throws IoException {
            if (!path.equals("f") && !create) {
                throw new IoException(Errno.ENOENT);
            }
            return file;
        }

        @Override
        public void close() {
        }
    }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    private int run(String... cmds) {
        assertThat(sh.openInitial("f", false, false)).isTrue();
        return sh.runCommands(List.of(cmds));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheSupportedCommandsInXfsIoWording() {
        run("help");
        assertThat(out()).isEqualTo(""
                + "bmap [-acelpv] [-n nx] -- print block mapping for an XFS file\n"
                + "chattr [-R|-D] [+/-riasAdtPneEfSxC] -- change extended inode flags on the currently open file\n"
                + "falloc [-c] [-k] [-p] [-u] off len -- allocates space associated with part of a file via fallocate\n"
                + "fcollapse off len -- de-allocates space and eliminates the hole by shifting extents\n"
                + "fdatasync -- calls fdatasync(2) to flush the files in-core data to disk\n"
                + "fiemap [-alv] [-n nx] [offset [len]] -- print block mapping for a file\n"
                + "file [N] -- set the current file\n"
                + "finsert off len -- creates new space for writing within file by shifting extents\n"
                + "fpunch off len -- de-allocates space associated with part of a file via fallocate\n"
                + "fsync -- calls fsync(2) to flush all in-core file state to disk\n"
                + "funshare off len -- unshares shared blocks within the range\n"
                + "fzero [-k] off len -- zeroes space and eliminates holes by preallocating\n"
                + "help [command] -- help for one or all commands\n"
                + "lsattr [-R|-D|-a|-v] -- list extended inode flags set on the currently open file\n"
                + "mmap [N] | [-rwxS] [-s size] [off len] -- mmap a range in the current file, show mappings\n"
                + "mread [-r] [off len] -- reads data from a region in the current memory mapping\n"
                + "mremap [-m|-f <new_address>] newsize -- alters the size of the current memory mapping\n"
                + "msync [-ais] [off len] -- flush a region in the current memory mapping\n"
                + "munmap -- unmaps the current memory mapping\n"
                + "mwrite [-r] [-S seed] [off len] -- writes data into a region in the current memory mapping\n"
                + "open [-acdrstxRTPL] [-m mode] [path] -- open the file specified by path\n"
                + "pread [-b bs] [-qv] [-i N] [-FBR [-Z N]] off len -- reads a number of bytes at a specified offset\n"
                + "print -- list current open files and memory mappings\n"
                + "pwrite [-i infile [-qdDwNOW] [-s skip]] [-b bs] [-S seed] [-FBR [-Z N]] [-V N] off len -- writes a"
                + " number of bytes at a specified offset\n"
                + "quit -- exit the program\n"
                + "seek -a | -d | -h [-r] off -- locate the next data and/or hole\n"
                + "stat [-v|-r] -- statistics on the currently open file\n"
                + "sync -- calls sync(2) to flush all in-core filesystem state to disk\n"
                + "sync_range [-abw] off len -- Control writeback on a range of a file\n"
                + "syncfs -- calls syncfs(2) to flush all in-core filesystem state to disk\n"
                + "truncate off -- truncates the current file at the given offset\n"
                + "\n"
                + "Use 'help commandname' for extended help.\n");
    }

    @Test
    void unsupportedCommandsGetXfsIosUnknownCommandMessage() {
        int rc = run("sendfile -i x 0 4k", "madvise -w 0 4k", "reflink x", "help madvise");
        assertThat(err()).isEqualTo("command \"sendfile\" not found\ncommand \"madvise\" not found\n"
                + "command \"reflink\" not found\n");
        assertThat(out()).isEqualTo("command madvise not found\n");
        assertThat(rc).isZero();
        assertThat(file.calls).isEmpty();
    }

    @Test
    void commandsRunOnEveryOpenFileButOneshotOnesOnce() {
        run("open -f g", "falloc -k 0 4k", "help quit");
        assertThat(file.calls).containsExactly("fallocate 0 4096 keep", "fallocate 0 4096 keep");
        assertThat(out()).isEqualTo("quit -- exit the program\n");
    }

    @Test
    void optionsMayFollowOperandsAndBadOptionsStillRunFalloc() {
        run("falloc 4k 8k -k", "falloc -z 0 1b", "fzero -k 1s 2s");
        assertThat(file.calls).containsExactly("fallocate 4096 8192 keep", "fallocate 0 4096", "zero 512 1024 keep");
        assertThat(err()).isEqualTo("falloc: invalid option -- 'z'\n");
        assertThat(out()).isEqualTo("falloc [-c] [-k] [-p] [-u] off len -- allocates space associated with part of"
                + " a file via fallocate\n");
    }

    @Test
    void quitStopsTheLoop() {
        run("truncate 1k", "quit", "truncate 2k");
        assertThat(file.calls).containsExactly("truncate 1024");
    }

    @Test
    void standardInputDropsTheLastCharacterOfEveryLine() throws IOException {
        assertThat(sh.openInitial("f", false, false)).isTrue();
        sh.runScript(new ByteArrayInputStream("truncate 4k\n\ntruncate 12k".getBytes(StandardCharsets.UTF_8)));
        assertThat(file.calls).containsExactly("truncate 4096", "truncate 12");
    }

    @Test
    void bmapPrintsHolesAndExtents() {
        file.size = 65536;
        file.extents.add(new IoExtent(0, 16, 4, true));
        file.extents.add(new IoExtent(8, (1L << 12) | 8, 8, false));
        run("bmap -vp");
        assertThat(out()).isEqualTo("f:\n"
                + " EXT: FILE-OFFSET      BLOCK-RANGE      AG AG-OFFSET        TOTAL FLAGS\n"
                + "   0: [0..31]:         128..159          0 (128..159)          32 010000\n"
                + "   1: [32..63]:        hole                                    32\n"
                + "   2: [64..127]:       32832..32895      1 (64..127)           64 000000\n");
    }
}
