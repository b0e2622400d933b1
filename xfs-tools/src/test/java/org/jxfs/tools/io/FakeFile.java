// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

import java.util.ArrayList;
import java.util.List;

/** An {@link IoFile} that records the calls it gets and serves fixed extents: for parsing tests only. */
final class FakeFile implements IoFile {
    final List<String> calls = new ArrayList<>();
    final List<IoExtent> extents = new ArrayList<>();
    long size;

    @Override
    public void fallocate(long offset, long length, boolean keepSize) {
        calls.add("fallocate " + offset + " " + length + (keepSize ? " keep" : ""));
        if (!keepSize) {
            size = Math.max(size, offset + length);
        }
    }

    @Override
    public void punchHole(long offset, long length) {
        calls.add("punch " + offset + " " + length);
    }

    @Override
    public void zeroRange(long offset, long length, boolean keepSize) {
        calls.add("zero " + offset + " " + length + (keepSize ? " keep" : ""));
    }

    @Override
    public void truncate(long newSize) {
        calls.add("truncate " + newSize);
        size = newSize;
    }

    @Override
    public IoInode inode() {
        return new IoInode(67, IoInode.S_IFREG | 0600, size, 0, IoInode.DIFLAG_PREALLOC, 0, 0, 0, 0, extents.size(),
                0, true, 0, 0, 0);
    }

    @Override
    public IoGeometry geometry() {
        return new IoGeometry(4096, 512, 4096, 12, 4, 0, 0, 512);
    }

    @Override
    public List<IoExtent> extents(boolean attrFork) {
        return attrFork ? List.of() : extents;
    }

    @Override
    public void close() {
    }
}
