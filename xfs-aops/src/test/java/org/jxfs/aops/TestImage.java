// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.aops;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.ialloc.Ialloc;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeInit;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/** A fresh 64 MiB image and a regular file in it, made with the layers below aops only. */
final class TestImage {
    private TestImage() {
    }

    static Mount mount(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "aops-tests"));
        Path img = dir.resolve(name + ".img");
        Files.deleteIfExists(img);
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).quiet(true).force(true).build());
        return Mount.open(img, false);
    }

    /** A new regular file (not linked into a directory: these tests never hand the image to xfs_repair). */
    static Inode file(Mount mp) throws Exception {
        int mode = Dinode.S_IFREG | 0644;
        long root = mp.sb().rootino();
        try (Trans tp = Trans.alloc(mp, TransResv.CREATE, Ialloc.spaceRes(mp))) {
            Inode ip = InodeInit.initNew(tp, mp, Ialloc.dialloc(tp, mp, root, mode), mode, root);
            tp.commit();
            return ip;
        }
    }
}
