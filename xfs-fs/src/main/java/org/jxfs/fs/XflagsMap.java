// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeLog;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;

/** The FS_XFLAG_* view of an inode's di_flags and di_flags2 (xfs_ioctl.c, Linux 6.18). */
final class XflagsMap {
    static final int FS_XFLAG_REALTIME = 0x1, FS_XFLAG_PREALLOC = 0x2, FS_XFLAG_IMMUTABLE = 0x8,
            FS_XFLAG_APPEND = 0x10, FS_XFLAG_SYNC = 0x20, FS_XFLAG_NOATIME = 0x40, FS_XFLAG_NODUMP = 0x80,
            FS_XFLAG_RTINHERIT = 0x100, FS_XFLAG_PROJINHERIT = 0x200, FS_XFLAG_NOSYMLINKS = 0x400,
            FS_XFLAG_EXTSIZE = 0x800, FS_XFLAG_EXTSZINHERIT = 0x1000, FS_XFLAG_NODEFRAG = 0x2000,
            FS_XFLAG_FILESTREAM = 0x4000, FS_XFLAG_DAX = 0x8000, FS_XFLAG_COWEXTSIZE = 0x10000,
            FS_XFLAG_HASATTR = 0x80000000;
    /** The FS_XFLAG_* bits whose XFS_DIFLAG_* twin has the same value. */
    private static final int SAME_AS_DIFLAGS = FS_XFLAG_REALTIME | FS_XFLAG_PREALLOC | FS_XFLAG_IMMUTABLE
            | FS_XFLAG_APPEND | FS_XFLAG_SYNC | FS_XFLAG_NOATIME | FS_XFLAG_NODUMP | FS_XFLAG_RTINHERIT
            | FS_XFLAG_PROJINHERIT | FS_XFLAG_NOSYMLINKS | FS_XFLAG_EXTSIZE | FS_XFLAG_EXTSZINHERIT
            | FS_XFLAG_NODEFRAG | FS_XFLAG_FILESTREAM;
    /** What FS_IOC_FSSETXATTR may change here (realtime needs a realtime device, which jxfs images never have). */
    private static final int SETTABLE = FS_XFLAG_IMMUTABLE | FS_XFLAG_APPEND | FS_XFLAG_SYNC | FS_XFLAG_NOATIME
            | FS_XFLAG_NODUMP | FS_XFLAG_RTINHERIT | FS_XFLAG_PROJINHERIT | FS_XFLAG_NOSYMLINKS
            | FS_XFLAG_EXTSZINHERIT | FS_XFLAG_NODEFRAG | FS_XFLAG_FILESTREAM | FS_XFLAG_DAX;
    /** Flags that only make sense on directories (xfs_flags2diflags keeps them off regular files). */
    private static final int DIR_ONLY = FS_XFLAG_RTINHERIT | FS_XFLAG_PROJINHERIT | FS_XFLAG_NOSYMLINKS
            | FS_XFLAG_EXTSZINHERIT;

    private XflagsMap() {
    }

    /** Ports xfs_ip2xflags. */
    static int fromInode(Inode ip) {
        int x = ip.flags & SAME_AS_DIFLAGS;
        if ((ip.flags2 & Dinode.DIFLAG2_DAX) != 0) {
            x |= FS_XFLAG_DAX;
        }
        if ((ip.flags2 & Dinode.DIFLAG2_COWEXTSIZE) != 0) {
            x |= FS_XFLAG_COWEXTSIZE;
        }
        if (ip.forkoff != 0) {
            x |= FS_XFLAG_HASATTR;
        }
        return x;
    }

    /**
     * Ports xfs_ioctl_setattr_xflags with xfs_flags2diflags / xfs_flags2diflags2: the settable bits replace the
     * inode's, the rest (prealloc, has-xattr) stay as they are; the inode is logged with a new ctime. As in the
     * kernel, flags that do not apply to the inode's type are dropped without an error (directory-only flags on a
     * file), and so are the size-hint flags asked without a size (fsx_extsize and fsx_cowextsize are 0 here:
     * jxfs keeps no hints); realtime is EINVAL (no realtime device). DAX takes effect at once (the kernel switches
     * S_DAX when the inode is next read into memory).
     */
    static void set(Mount mp, Inode ip, int xflags) throws XfsException {
        if ((xflags & FS_XFLAG_REALTIME) != 0) {
            throw VfsChecks.err(XfsException.EINVAL, "FS_IOC_FSSETXATTR: realtime flag without a realtime device");
        }
        if ((xflags & FS_XFLAG_EXTSIZE) != 0 && ip.fileType() != Dinode.S_IFREG) {
            // xfs_ioctl_setattr_check_extsize: an extent size hint is for regular files only
            throw VfsChecks.err(XfsException.EINVAL, "FS_IOC_FSSETXATTR: extsize flag on a non-regular file");
        }
        int ignored = FS_XFLAG_PREALLOC | FS_XFLAG_HASATTR | FS_XFLAG_COWEXTSIZE | FS_XFLAG_EXTSIZE
                | (ip.isDir() ? 0 : DIR_ONLY);
        int asked = xflags & ~ignored;
        if ((asked & ~SETTABLE) != 0) {
            throw VfsChecks.err(XfsException.EINVAL, "FS_IOC_FSSETXATTR: flags 0x"
                    + Integer.toHexString(asked & ~SETTABLE) + " are not supported");
        }
        ip.iolock.writeLock().lock();
        try {
            ip.ilock.writeLock().lock();
            try (Trans tp = Trans.alloc(mp, TransResv.ICHANGE, 0)) {
                int diflags = (ip.flags & Dinode.DIFLAG_PREALLOC) | (asked & SAME_AS_DIFLAGS);
                long diflags2 = (ip.flags2 & ~Dinode.DIFLAG2_DAX) | ((asked & FS_XFLAG_DAX) != 0 ? Dinode.DIFLAG2_DAX : 0);
                ip.flags = diflags;
                ip.flags2 = diflags2;
                long now = FileTimes.coarseNowNanos();
                ip.touchChg(Math.floorDiv(now, FileTimes.NANOS_PER_SEC), Math.floorMod(now, FileTimes.NANOS_PER_SEC));
                InodeLog.log(tp, mp, ip);
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        } finally {
            ip.iolock.writeLock().unlock();
        }
    }
}
