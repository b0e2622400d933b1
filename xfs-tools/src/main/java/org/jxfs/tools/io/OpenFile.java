// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/** One entry of xfs_io's file table (fileio_t): the file, the name it was opened by, and the open flags. */
record OpenFile(IoFile file, String name, boolean readOnly) {
}
