// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

/** One directory entry as readdir returns it: the name, the inode number and the file type (Dir2Sf.FT_*). */
public record DirEntry(String name, long ino, int ftype) {
}
