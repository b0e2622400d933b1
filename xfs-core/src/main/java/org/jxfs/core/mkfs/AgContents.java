// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mkfs;

import java.util.ArrayList;
import java.util.List;

/**
 * What mkfs puts in one AG: the AGFL blocks it preallocates and the free extents left over, as libxfs's
 * xfs_ag_init headers, the internal log, libxfs_alloc_fix_freelist and the root inode chunk leave them. AG block
 * numbers throughout.
 *
 * @param agno       the AG
 * @param length     blocks in this AG (the last AG may be short)
 * @param agflBlocks the blocks on the AGFL, in order
 * @param free       free extents {start, length} in block order
 * @param chunkAgbno the root inode chunk's first block in this AG, or -1
 */
record AgContents(int agno, long length, long[] agflBlocks, List<long[]> free, long chunkAgbno) {

    /** Lays out AG {@code agno}: headers and roots, the log (in its AG), AGFL blocks, the root chunk (AG 0). */
    static AgContents of(MkfsPlan plan, int agno) {
        long length = agno < plan.agcount() - 1 ? plan.agblocks()
                : plan.dblocks() - (long) agno * plan.agblocks();
        long next = plan.preallocBlocks();
        if (agno == plan.logagno() && plan.logblocks() > 0 && plan.logstart() != 0) {
            next = Math.max(next, plan.logagbno() + plan.logblocks());
        }
        long[] agfl = new long[plan.minFreelist()];
        for (int i = 0; i < agfl.length; i++) {
            agfl[i] = next++;
        }
        long chunk = -1;
        long chunkLen = 0;
        if (agno == 0) {
            chunk = plan.rootino() >>> plan.inopblog() & ((1L << plan.agblklog()) - 1);
            chunkLen = Math.max(1, 64L >> plan.inopblog());
        }
        List<long[]> free = new ArrayList<>();
        if (chunk >= 0 && chunk >= next) {
            if (chunk > next) {
                free.add(new long[] {next, chunk - next});
            }
            next = chunk + chunkLen;
        }
        if (next < length) {
            free.add(new long[] {next, length - next});
        }
        return new AgContents(agno, length, agfl, free, chunk);
    }

    long freeblks() {
        long n = 0;
        for (long[] e : free) {
            n += e[1];
        }
        return n;
    }

    long longest() {
        long n = 0;
        for (long[] e : free) {
            n = Math.max(n, e[1]);
        }
        return n;
    }
}
