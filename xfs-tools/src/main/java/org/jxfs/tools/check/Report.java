// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import java.util.List;

/**
 * The outcome of a check: the findings (empty when the image is clean), the warnings (wrong, but not counted by
 * xfs_repair -n), notes on what was not checked, and what was looked at.
 */
public record Report(List<Finding> findings, int dropped, List<Finding> warnings, List<String> notes, int agcount,
        long inodes, long directories, long usedBlocks, long freeBlocks) {
    public boolean clean() {
        return findings.isEmpty();
    }

    /** The one-line summary of a clean image. */
    public String summary() {
        return agcount + " AGs, " + inodes + " inodes in use (" + directories + " directories), " + usedBlocks
                + " blocks in use, " + freeBlocks + " free: no problems found";
    }
}
