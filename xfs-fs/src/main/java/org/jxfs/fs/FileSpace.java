// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.bmap.BmapUtil;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.IextCursor;
import org.jxfs.bmap.IextTree;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.XfsException;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mount.Mount;

/**
 * The file-space calls of xfs_bmap_util.c that the file operations make, in one place: each one runs its own
 * transactions and takes the ilock itself, as in the kernel. The caller holds the iolock and mmaplock.
 */
final class FileSpace {
    private FileSpace() {
    }

    /** xfs_alloc_file_space(PREALLOC): unwritten extents over the holes of the byte range; sets DIFLAG_PREALLOC. */
    static void alloc(Mount mp, Inode ip, long offset, long len) throws XfsException {
        BmapUtil.allocFileSpace(mp, ip, offset, len);
    }

    /** xfs_free_file_space: unmaps the whole blocks of the byte range and zeroes the partial ones inside EOF. */
    static void free(Mount mp, Inode ip, long offset, long len) throws XfsException {
        BmapUtil.freeFileSpace(mp, ip, offset, len);
    }

    /** xfs_itruncate_extents(XFS_DATA_FORK): unmaps every block from the one holding {@code newSize} on. */
    static void itruncate(Mount mp, Inode ip, long newSize) throws XfsException {
        BmapUtil.itruncateExtents(mp, ip, newSize);
    }

    /** The data fork's records in file offset order (reads them in if needed). */
    static List<BmbtIrec> extents(Mount mp, Inode ip) throws XfsException {
        IextTree t = Ifork.get(mp, ip).iext();
        List<BmbtIrec> out = new ArrayList<>((int) t.count());
        IextCursor cur = new IextCursor();
        t.first(cur);
        for (BmbtIrec r = t.getExtent(cur); r != null; r = t.nextExtent(cur)) {
            out.add(r);
        }
        return out;
    }
}
