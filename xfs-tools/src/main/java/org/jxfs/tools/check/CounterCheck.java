// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

/**
 * The superblock counters against the sums over the AGs, as xfs_repair's phase 2 (sb_icount, sb_ifree,
 * sb_fdblocks from the AG headers) and the sb checks of verify_sb_counts report them.
 */
final class CounterCheck {
    private CounterCheck() {
    }

    static void check(CheckContext c, long icount, long ifree, long fdblocks) {
        String where = "agno 0 (daddr 0x0)";
        if (c.sb.icount() != icount) {
            c.findings.add("xfs_sb", where, "sb_icount " + c.sb.icount() + ", counted " + icount);
        }
        if (c.sb.ifree() != ifree) {
            c.findings.add("xfs_sb", where, "sb_ifree " + c.sb.ifree() + ", counted " + ifree);
        }
        if (c.sb.fdblocks() != fdblocks) {
            c.findings.add("xfs_sb", where, "sb_fdblocks " + c.sb.fdblocks() + ", counted " + fdblocks);
        }
    }
}
