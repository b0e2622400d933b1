// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

/**
 * One problem the checker found: the structure as the kernel names it ("xfs_agf", "xfs_inode"), where it is on
 * disk ("agno 1 agbno 0 (daddr 0x20001)", "inode 131 (daddr 0x60)") and what is wrong with it.
 */
public record Finding(String structure, String where, String what) {
    /** The line {@code jxfs check} prints. */
    public String line() {
        return structure + " " + where + ": " + what;
    }

    /** "daddr 0x..." */
    static String daddr(long daddr) {
        return "daddr 0x" + Long.toHexString(daddr);
    }
}
