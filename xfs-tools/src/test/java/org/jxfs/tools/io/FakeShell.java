// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link IoShell} over one {@link FakeFile}: the target opens "f" (and creates anything with O_CREAT), a
 * directory "dir", and records how each open was asked for. Output and errors are captured.
 */
final class FakeShell {
    final FakeFile file = new FakeFile();
    final List<String> opens = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final IoShell sh = new IoShell(new IoTarget() {
        @Override
        public IoFile open(String path, boolean create, boolean readOnly) throws IoException {
            return open(path, create, readOnly, false);
        }

        @Override
        public IoFile open(String path, boolean create, boolean readOnly, boolean direct) throws IoException {
            opens.add(path + (create ? " create" : "") + (readOnly ? " ro" : " rw") + (direct ? " direct" : ""));
            if (path.equals("dir")) {
                if (!readOnly) {
                    throw new IoException(Errno.EISDIR);
                }
                if (direct) {
                    throw new IoException(Errno.EINVAL);
                }
                file.mode = IoInode.S_IFDIR | 0755;
                return file;
            }
            if (!path.equals("f") && !create) {
                throw new IoException(Errno.ENOENT);
            }
            return file;
        }

        @Override
        public void close() {
        }
    }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    /** Opens "f" as xfs_io's command line would, then runs the -c commands. */
    int run(String... cmds) {
        return run(false, cmds);
    }

    /** {@link #run(String...)} with the file opened O_DIRECT ({@code xfs_io -d}). */
    int run(boolean direct, String... cmds) {
        assertThat(sh.openInitial("f", false, false, direct)).isTrue();
        return sh.runCommands(List.of(cmds));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The output with every report_io_times summary line replaced by "TIMING". */
    String outUntimed() {
        return out().replaceAll("(?m)^[0-9.]+ (bytes|KiB|MiB|GiB|TiB), -?[0-9]+ ops; .*$", "TIMING");
    }
}
