// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.io;

import java.util.Map;
import org.jxfs.tools.io.Errno;
import org.jxfs.tools.io.IoException;
import org.jxfs.tools.io.IoFile;
import org.jxfs.tools.io.IoTarget;

/** An {@link IoTarget} holding fixed files by name; any other name is ENOENT. */
record MapTarget(Map<String, IoFile> files) implements IoTarget {
    @Override
    public IoFile open(String path, boolean create, boolean readOnly) throws IoException {
        IoFile f = files.get(path);
        if (f == null) {
            throw new IoException(Errno.ENOENT);
        }
        return f;
    }

    @Override
    public void close() {
    }
}
