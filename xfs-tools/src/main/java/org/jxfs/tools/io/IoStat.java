// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/**
 * The fields of struct stat (fstat(2)) that {@code stat -r} prints, beyond {@link IoInode}'s: the preferred I/O size,
 * the link count, the owner, the times to the nanosecond, and the device numbers (st_rdev of the file, st_dev of the
 * filesystem holding it).
 */
public record IoStat(long blksize, long nlink, long uid, long gid, int mode, long ino, long size, long blocks,
                     long atimeSec, long atimeNsec, long ctimeSec, long ctimeNsec, long mtimeSec, long mtimeNsec,
                     int rdevMajor, int rdevMinor, int devMajor, int devMinor) {
}
