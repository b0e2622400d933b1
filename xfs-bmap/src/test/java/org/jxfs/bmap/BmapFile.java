// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.format.Dir2SfEntry;
import org.jxfs.core.ialloc.Ialloc;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeInit;
import org.jxfs.core.inode.InodeLog;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/**
 * Creates a regular file for bmap tests with xfs-core only: an inode from the allocator, initialised, and linked
 * into the root's short-form directory so that xfs_repair sees it referenced.
 */
final class BmapFile {
    private BmapFile() {
    }

    static Inode create(Mount mp, String name) throws Exception {
        long rootino = mp.sb().rootino();
        int mode = Dinode.S_IFREG | 0644;
        try (Trans tp = Trans.alloc(mp, TransResv.CREATE, Ialloc.spaceRes(mp))) {
            long ino = Ialloc.dialloc(tp, mp, rootino, mode);
            Inode ip = InodeInit.initNew(tp, mp, ino, mode, rootino);
            Inode dp = mp.inodeCache().iget(tp, rootino);
            boolean ftype = mp.features().ftype();
            List<Dir2SfEntry> ents = new ArrayList<>(Dir2Sf.entries(dp.dataFork, 0, ftype));
            ents.add(Dir2SfEntry.of(name, Dir2Sf.FT_REG_FILE, ino));
            long parent = Dir2Sf.parent(dp.dataFork, 0);
            dp.setSize(Dir2Sf.write(dp.dataFork, 0, parent, ents, ftype));
            InodeLog.log(tp, mp, dp);
            tp.commit();
            return ip;
        }
    }
}
