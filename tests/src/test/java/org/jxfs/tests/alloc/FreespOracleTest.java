// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jxfs.core.alloc.Alloc;
import org.jxfs.core.alloc.AllocArg;
import org.jxfs.core.alloc.AllocType;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Freesp;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.RequiresXfsprogs;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsDb;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.Test;

/**
 * After thousands of random allocations and frees of every strategy, xfs_repair -n accepts the image and xfs_db's
 * {@code freesp -s} histogram is exactly the one jxfs computes from its own reading of the free-space btrees.
 */
@RequiresXfsprogs
class FreespOracleTest {
    @Test
    void histogramAndRepairAgreeAfterRandomAllocations() throws Exception {
        Path dir = TestDirs.unique("freesp");
        Path img = dir.resolve("a.img");
        Mkfs.format(img, MkfsOptions.builder().blockSize(1024).dataSize(64L << 20).build());
        SplittableRandom rnd = new SplittableRandom(7);
        List<long[]> held = new ArrayList<>();
        AllocType[] types = {AllocType.NEAR_BNO, AllocType.THIS_AG, AllocType.START_BNO, AllocType.ANY_AG,
                AllocType.THIS_BNO, AllocType.FIRST_AG};
        String jxfs;
        try (Mount mp = Mount.open(img, false)) {
            Geometry g = mp.geometry();
            for (int i = 0; i < 6000; i++) {
                if (held.isEmpty() || rnd.nextInt(3) != 0) {
                    try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 80)) {
                        AllocArg a = new AllocArg(tp, mp);
                        a.type = types[rnd.nextInt(types.length)];
                        int agno = rnd.nextInt(g.agcount);
                        a.fsbno = g.agbToFsb(agno, 1 + rnd.nextLong(g.agBlockCount(agno) - 1));
                        a.maxlen = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 64 : 8);
                        a.minlen = 1 + rnd.nextInt((int) a.maxlen);
                        a.alignment = a.type != AllocType.THIS_BNO && rnd.nextInt(4) == 0 ? 4 : 1;
                        a.total = a.maxlen;
                        Alloc.vextent(a);
                        if (a.fsbno != Geometry.NULLFSBLOCK) {
                            held.add(new long[] {a.fsbno, a.len});
                        }
                        tp.commit();
                    }
                } else {
                    long[] e = held.remove(rnd.nextInt(held.size()));
                    try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
                        Alloc.freeExtent(tp, e[0], e[1]);
                        tp.commit();
                    }
                }
            }
            // What stays allocated is owned by nothing: give it back so xfs_repair sees no lost blocks.
            for (long[] e : held) {
                try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
                    Alloc.freeExtent(tp, e[0], e[1]);
                    tp.commit();
                }
            }
            assertThat(FsCheck.run(mp)).isEmpty();
            jxfs = Freesp.of(mp).summary();
        }
        ProcessResult db = XfsDb.run(img, "freesp -s");
        assertThat(db.stdout()).isEqualTo(jxfs);
        assertThat(jxfs).contains("total free extents");
        XfsRepair.assertClean(img);
        TestDirs.delete(dir);
    }

    @Test
    void histogramMatchesWhileExtentsAreStillAllocated() throws Exception {
        Path dir = TestDirs.unique("freesp-held");
        Path img = dir.resolve("a.img");
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).build());
        String jxfs;
        try (Mount mp = Mount.open(img, false)) {
            Geometry g = mp.geometry();
            SplittableRandom rnd = new SplittableRandom(11);
            for (int i = 0; i < 2000; i++) {
                try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 16)) {
                    AllocArg a = new AllocArg(tp, mp);
                    a.type = AllocType.NEAR_BNO;
                    int agno = rnd.nextInt(g.agcount);
                    a.fsbno = g.agbToFsb(agno, 1 + rnd.nextLong(g.agblocks - 1));
                    a.minlen = 1;
                    a.maxlen = 1 + rnd.nextInt(3);
                    a.total = a.maxlen;
                    Alloc.vextent(a);
                    tp.commit();
                }
            }
            jxfs = Freesp.of(mp).summary();
        }
        // Fragmented free space: many buckets. (Repair would report the unowned blocks, so only freesp here.)
        assertThat(jxfs.lines().count()).isGreaterThan(5);
        assertThat(XfsDb.run(img, "freesp -s").stdout()).isEqualTo(jxfs);
        TestDirs.delete(dir);
    }
}
