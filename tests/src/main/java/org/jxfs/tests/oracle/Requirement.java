// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.util.Locale;

/** What an oracle test needs from the machine; see {@link Oracles#require(Requirement...)}. */
public enum Requirement {
  /** mkfs.xfs, xfs_db, xfs_repair and xfs_io on PATH (or in /usr/sbin, /sbin). */
  XFSPROGS,
  /** Effective uid 0. */
  ROOT,
  /** Root, losetup/mount/umount present and {@code losetup -f} finds a free loop device. */
  LOOP_MOUNT,
  /** Everything a kernel differential test needs: xfsprogs and a loop mount. */
  KERNEL;

  /** Parses a name as used in {@link Oracles#require(String)}: the constant's name, any case, '-' for '_'. */
  public static Requirement parse(String what) {
    String key = what.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    switch (key) {
      case "LOOP":
      case "MOUNT":
        return LOOP_MOUNT;
      default:
        try {
          return valueOf(key);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown oracle requirement '" + what + "'; one of xfsprogs, root, "
              + "loop_mount (loop), kernel");
        }
    }
  }
}
