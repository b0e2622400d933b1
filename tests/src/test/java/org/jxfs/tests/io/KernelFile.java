// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.XfsIo;
import org.jxfs.tools.io.Errno;
import org.jxfs.tools.io.IoException;
import org.jxfs.tools.io.IoExtent;
import org.jxfs.tools.io.IoFile;
import org.jxfs.tools.io.IoGeometry;
import org.jxfs.tools.io.IoInode;

/**
 * An {@link IoFile} whose operations are the kernel's: each one is a single xfs_io call on the mounted file, and
 * a failure is turned back into the errno whose strerror the kernel's xfs_io printed. Used to check the
 * interpreter's own messages (argument checking, usage, number parsing) with a real filesystem underneath; it
 * does not serve extents.
 */
final class KernelFile implements IoFile {
    private final Path path;
    private final IoGeometry geo;

    KernelFile(Path path, IoGeometry geo) {
        this.path = path;
        this.geo = geo;
    }

    private void run(String cmd) throws IoException {
        ProcessResult r = XfsIo.run(path, cmd);
        String err = r.stderr().strip();
        if (err.isEmpty()) {
            return;
        }
        String msg = err.substring(err.indexOf(": ") + 2);
        for (Errno e : Errno.values()) {
            if (e.message().equals(msg)) {
                throw new IoException(e);
            }
        }
        throw new IllegalStateException("unexpected xfs_io error:\n" + r.describe());
    }

    @Override
    public void fallocate(long offset, long length, boolean keepSize) throws IoException {
        run("falloc " + (keepSize ? "-k " : "") + offset + " " + length);
    }

    @Override
    public void punchHole(long offset, long length) throws IoException {
        run("fpunch " + offset + " " + length);
    }

    @Override
    public void zeroRange(long offset, long length, boolean keepSize) throws IoException {
        run("fzero " + (keepSize ? "-k " : "") + offset + " " + length);
    }

    @Override
    public void truncate(long size) throws IoException {
        run("truncate " + size);
    }

    @Override
    public IoInode inode() {
        try {
            long ino = ((Number) Files.getAttribute(path, "unix:ino")).longValue();
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return new IoInode(ino, mode, Files.size(path), 0, 0, 0, 0, 0, 0, 0, 0, true, 0, 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public IoGeometry geometry() {
        return geo;
    }

    @Override
    public List<IoExtent> extents(boolean attrFork) {
        throw new UnsupportedOperationException("KernelFile serves no extents");
    }

    @Override
    public void close() {
    }
}
