// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.NoSpaceException;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.api.Test;

/** The AGFL following the trees' heights, and running the filesystem out of space. */
class AllocFreelistTest {
    private static final int AG = 1;
    /** min_freelist with one-level trees: (1 + 1) per tree. */
    private static final long MIN_FREELIST_ONE_LEVEL = 4;
    private static final long MIN_FREELIST_TWO_LEVELS = 6;

    @Test
    void freelistGrowsWithTheTreesAndShrinksBack() throws Exception {
        try (AllocImage img = AllocImage.create("freelist", 64L << 20, 4)) {
            AllocImage.AgState s0 = img.state(AG);
            assertThat(s0.flcount()).isEqualTo(MIN_FREELIST_ONE_LEVEL);
            assertThat(s0.bnoLevels()).isEqualTo(1);
            long fd0 = img.mp.fdblocks();
            List<Long> got = new ArrayList<>();
            long maxFl = 0;
            // A checkerboard: every allocation leaves another one-block free extent, until both trees split.
            for (long agbno = 20; img.state(AG).cntLevels() < 2 || img.state(AG).bnoLevels() < 2; agbno += 2) {
                AllocArg a = img.alloc(AllocType.THIS_BNO, img.fsb(AG, agbno), 1, 1);
                assertThat(a.fsbno).isNotEqualTo(Geometry.NULLFSBLOCK);
                got.add(a.fsbno);
                maxFl = Math.max(maxFl, img.state(AG).flcount());
            }
            // One more operation fixes the list up to the new minimum before it runs.
            AllocArg one = img.alloc(AllocType.THIS_BNO, img.fsb(AG, 20 + 2L * got.size()), 1, 1);
            got.add(one.fsbno);
            AllocImage.AgState s1 = img.state(AG);
            assertThat(s1.btreeblks()).isPositive();
            assertThat(Math.max(maxFl, s1.flcount())).isGreaterThanOrEqualTo(MIN_FREELIST_TWO_LEVELS - 1);
            assertThat(s1.flcount()).isLessThanOrEqualTo(MIN_FREELIST_TWO_LEVELS);
            img.checkAll();
            assertThat(img.mp.fdblocks()).isEqualTo(fd0 - got.size());

            // Free it all: the trees join back to single leaves, their blocks go to the AGFL, and the next
            // operation trims the AGFL to the one-level minimum.
            for (long fsbno : got) {
                img.free(fsbno, 1);
            }
            img.free(img.alloc(AllocType.THIS_AG, img.fsb(AG, 0), 1, 1).fsbno, 1);
            AllocImage.AgState s2 = img.state(AG);
            assertThat(s2.bnoLevels()).isEqualTo(1);
            assertThat(s2.cntLevels()).isEqualTo(1);
            assertThat(s2.btreeblks()).isZero();
            assertThat(s2.flcount()).isEqualTo(MIN_FREELIST_ONE_LEVEL);
            assertThat(s2.bno()).hasSize(1);
            assertThat(img.mp.fdblocks()).isEqualTo(fd0);
            img.checkAll();
        }
    }

    /** Allocates like a file system call would: ENOSPC when the allocator finds nothing. */
    private static long allocOrEnospc(AllocImage img, long want) throws XfsException {
        try (Trans tp = Trans.alloc(img.mp, TransResv.WRITE, want)) {
            AllocArg a = new AllocArg(tp, img.mp);
            a.type = AllocType.ANY_AG;
            a.fsbno = 0;
            a.minlen = 1;
            a.maxlen = want;
            Alloc.vextent(a);
            // Commit even on failure: fixing a free list may have changed the AGF.
            tp.commit();
            if (a.fsbno == Geometry.NULLFSBLOCK) {
                throw new NoSpaceException("No space left on device");
            }
            return a.fsbno << 32 | a.len;
        }
    }

    @Test
    void fillingToTheLastBlockEndsInNoSpaceWithNothingLeaked() throws Exception {
        try (AllocImage img = AllocImage.create("fill", 32L << 20, 2)) {
            long fd0 = img.mp.fdblocks();
            List<Long> got = new ArrayList<>();
            long[] handed = {0};
            assertThatThrownBy(() -> {
                while (true) {
                    long want = Math.max(1, Math.min(64, img.mp.fdblocks() - img.mp.setAside() - img.mp.resblksAvail()));
                    long r = allocOrEnospc(img, want);
                    got.add(r);
                    handed[0] += r & 0xffffffffL;
                }
            }).isInstanceOf(NoSpaceException.class);
            img.checkAll();
            assertThat(img.mp.fdblocks()).isEqualTo(fd0 - handed[0]);
            long freeInTrees = 0;
            for (int agno = 0; agno < img.geo.agcount; agno++) {
                freeInTrees += img.state(agno).freeInTrees();
            }
            // What is left is the AGFLs' reserve, the set-aside and the reserve pool (5% of the data blocks: 1638
            // of 32768); none of it sits unused in the trees beyond what those hold back.
            assertThat(img.mp.resblksAvail()).isEqualTo(img.geo.dblocks / 20);
            assertThat(freeInTrees).isLessThanOrEqualTo(img.mp.setAside() + img.mp.resblksAvail());
            System.out.printf("fill: %d extents, %d blocks handed out, %d left free (%d in trees, set-aside %d, "
                    + "reserve pool %d)%n", got.size(), handed[0], img.mp.fdblocks(), freeInTrees, img.mp.setAside(),
                    img.mp.resblksAvail());
            img.remount();
            img.checkAll();
            for (long r : got) {
                img.free(r >>> 32, r & 0xffffffffL);
            }
            img.checkAll();
            assertThat(img.mp.fdblocks()).isEqualTo(fd0);
            img.mp.close();
            img.mp = null;
            AllocImage.repairCheck(img.path);
        }
    }
}
