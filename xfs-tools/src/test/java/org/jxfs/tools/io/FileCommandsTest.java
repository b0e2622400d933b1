// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** fsync, fdatasync, the file table (file, print, open -d) and what stat says of O_DIRECT. */
class FileCommandsTest {
    private final FakeShell s = new FakeShell();

    @Test
    void fsyncAndFdatasyncAreSilentAndTakeNoArguments() {
        s.run("fsync", "fdatasync", "s", "ds", "fsync x");
        assertThat(s.file.calls).containsExactly("fsync", "fdatasync", "fsync", "fdatasync");
        assertThat(s.out()).isEmpty();
        assertThat(s.err()).isEqualTo("bad argument count 1 to fsync, expected 0 arguments\n");
    }

    @Test
    void fsyncErrorsArePerrored() {
        s.file.fsyncError = new IoException(Errno.EIO);
        s.run("fsync", "fdatasync");
        assertThat(s.err()).isEqualTo("fsync: Input/output error\nfdatasync: Input/output error\n");
        assertThat(s.sh.exitcode()).isEqualTo(1);
    }

    @Test
    void directOnTheCommandLineReachesTheTargetAndShowsInStatAndTheTable() {
        s.run(true, "stat", "print");
        assertThat(s.opens).containsExactly("f rw direct");
        assertThat(s.out()).contains("fd.flags = non-sync,direct,read-write\n")
                .endsWith("[000] f              (xfs,non-sync,direct,read-write)\n");
    }

    @Test
    void openDashDAddsADirectFileThatBecomesCurrent() {
        s.run("open -d -r -f g", "file", "file 0", "file 5", "f 1");
        assertThat(s.opens).containsExactly("f rw", "g create ro direct");
        assertThat(s.out()).isEqualTo(""
                + " 000  f              (xfs,non-sync,non-direct,read-write)\n"
                + "[001] g              (xfs,non-sync,direct,read-only)\n"
                + "[000] f              (xfs,non-sync,non-direct,read-write)\n"
                + " 001  g              (xfs,non-sync,direct,read-only)\n"
                + "value 5 is out of range (0-1)\n"
                + " 000  f              (xfs,non-sync,non-direct,read-write)\n"
                + "[001] g              (xfs,non-sync,direct,read-only)\n");
    }

    @Test
    void aDirectoryRetriedReadOnlyStaysReadWriteInTheTableAsInXfsIo() {
        s.sh.openInitial("dir", false, false);
        s.sh.runCommands(java.util.List.of("print", "stat"));
        assertThat(s.opens).containsExactly("dir rw", "dir ro");
        assertThat(s.out()).startsWith("[000] dir            (xfs,non-sync,non-direct,read-write)\n")
                .contains("stat.type = directory\n")
                .endsWith("dioattr.mem = 0x0\ndioattr.miniosz = 0\ndioattr.maxiosz = 0\n");
    }

    @Test
    void aDirectoryRefusesODirect() {
        assertThat(s.sh.openInitial("dir", false, false, true)).isFalse();
        assertThat(s.err()).isEqualTo("dir: Invalid argument\n");
    }

    @Test
    void openOptionsJxfsCannotHonourAreRefusedAfterTheArgumentsAreChecked() {
        s.run("open -T g", "open -m zz g", "open -a -q g");
        assertThat(s.err()).isEqualTo("open: -T is not supported by jxfs yet\nopen: invalid option -- 'q'\n");
        assertThat(s.out()).isEqualTo("non-numeric mode -- zz\n"
                + "open [-acdrstxRTPL] [-m mode] [path] -- open the file specified by path\n");
        assertThat(s.opens).containsExactly("f rw");
    }

    @Test
    void printNeedsNoOpenFile() {
        s.sh.runCommands(java.util.List.of("print", "file"));
        assertThat(s.out()).isEmpty();
        assertThat(s.err()).isEqualTo("no files are open, try 'help open'\n");
    }
}
