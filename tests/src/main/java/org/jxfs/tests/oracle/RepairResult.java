// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

/** What {@code xfs_repair -n} said: exit 0 clean, 1 corruption found, anything else it could not check. */
public record RepairResult(int exitCode, String output) {
  public boolean clean() {
    return exitCode == 0;
  }
}
