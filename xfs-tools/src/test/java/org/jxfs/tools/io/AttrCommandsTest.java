// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** lsattr and chattr; the expected lines are what xfs_io 6.1 printed for a file "f" on XFS. */
class AttrCommandsTest {
    private final FakeShell s = new FakeShell();

    @Test
    void lsattrShortVerboseAndAll() {
        s.file.xflags = 0x80008000;                 // dax, has-xattr
        s.run("lsattr", "lsattr -v", "lsattr -a", "lsattr -av");
        assertThat(s.out()).isEqualTo("--------------x-X f \n"
                + "[dax, has-xattr] f \n"
                + "--------------x-X/rpiasAdtPneEfSxCX f \n"
                + "[dax, has-xattr]/rpiasAdtPneEfSxCX f \n");
    }

    @Test
    void lsattrTakesOneArgumentAtMost() {
        s.run("lsattr -a -v", "lsattr -z");
        assertThat(s.err()).isEqualTo("bad argument count 2 to lsattr, expected between 0 and 1 arguments\n"
                + "lsattr: invalid option -- 'z'\n");
        assertThat(s.out()).isEqualTo("lsattr [-R|-D|-a|-v] -- list extended inode flags set on the currently open"
                + " file\n");
    }

    @Test
    void recursionOverAFileIsTheFileAloneAndDirectoriesOnlySkipIt() {
        s.file.xflags = 0x80000000;
        s.run("lsattr -R", "lsattr -Rv", "lsattr -D");
        assertThat(s.out()).isEqualTo("----------------X f \n----------------X f \n");
    }

    @Test
    void chattrSetsAndClearsOnTopOfTheCurrentFlags() {
        s.file.xflags = 0x80000002;                 // prealloc, has-xattr
        s.run("chattr +x", "chattr +sA -x");
        assertThat(s.file.calls).containsExactly("setxflags 0x80008002", "setxflags 0x80000062");
        assertThat(s.err()).isEmpty();
        assertThat(s.out()).isEmpty();
    }

    @Test
    void chattrMinusDSkipsAFileAndMinusRChangesIt() {
        s.file.xflags = 0;
        s.run("chattr -D +x", "chattr -R +i");
        assertThat(s.file.calls).containsExactly("setxflags 0x8");
    }

    @Test
    void chattrErrorsUseXfsIosWords() {
        s.file.setxflagsError = new IoException(Errno.EINVAL);
        s.run("chattr +r", "chattr +z", "chattr x", "chattr -R -D +x", "chattr");
        assertThat(s.err()).isEqualTo("xfs_io: cannot set flags on f: Invalid argument\n"
                + "xfs_io: unknown flag\n"
                + "xfs_io: bad chattr command, not +/-X\n"
                + "xfs_io: -R and -D options are mutually exclusive\n"
                + "bad argument count 0 to chattr, expected at least 1 arguments\n");
        assertThat(s.file.calls).containsExactly("setxflags 0x80000003");
        assertThat(s.sh.exitcode()).isEqualTo(1);
    }

    @Test
    void lonePlusAndMinusChangeNothingButStillSet() {
        s.file.xflags = 0;
        s.run("chattr + -");
        assertThat(s.file.calls).containsExactly("setxflags 0x0");
    }

    @Test
    void recursionIntoADirectoryIsRefusedWithOneLine() {
        s.sh.openInitial("dir", false, false);
        s.sh.runCommands(java.util.List.of("lsattr -R", "chattr -R +x"));
        assertThat(s.err()).isEqualTo("lsattr: -R and -D on a directory are not supported by jxfs yet\n"
                + "chattr: -R and -D on a directory are not supported by jxfs yet\n");
    }
}
