// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.tools.io.Errno;
import org.jxfs.tools.io.IoException;
import org.jxfs.tools.io.IoFile;
import org.jxfs.tools.io.IoGeometry;
import org.jxfs.tools.io.IoTarget;

/** {@link KernelFile}s under a directory of a kernel mount; paths are relative to it, as xfs_io's are to its cwd. */
record KernelTarget(Path dir, IoGeometry geo) implements IoTarget {
    @Override
    public IoFile open(String path, boolean create, boolean readOnly) throws IoException {
        Path p = dir.resolve(path);
        if (!Files.exists(p)) {
            if (!create) {
                throw new IoException(Errno.ENOENT);
            }
            try {
                Files.createFile(p);
            } catch (IOException e) {
                throw new IoException(Errno.EIO, e.toString(), e);
            }
        }
        return new KernelFile(p, geo);
    }

    @Override
    public void close() {
    }
}
