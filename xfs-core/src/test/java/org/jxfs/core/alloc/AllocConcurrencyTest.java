// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.api.Test;

/**
 * Threads allocating and freeing at once: each in its own AG (serialised only by that AG's AGF) plus ANY_AG
 * allocations that go wherever an AGF is free. Afterwards the trees, AGFs and sb counters must be exact.
 */
class AllocConcurrencyTest {
    private static final int THREADS = 4;
    private static final int OPS_PER_THREAD = 1_500;

    @Test
    void parallelAllocationInDifferentAgs() throws Exception {
        try (AllocImage img = AllocImage.create("concurrent", 64L << 20, THREADS)) {
            long fd0 = img.mp.fdblocks();
            AtomicLong handed = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int agno = t;
                done.add(pool.submit(() -> {
                    Random rnd = new Random(agno);
                    List<long[]> mine = new ArrayList<>();
                    for (int i = 0; i < OPS_PER_THREAD; i++) {
                        if (mine.isEmpty() || rnd.nextInt(3) != 0) {
                            long len = 1 + rnd.nextInt(8);
                            try (Trans tp = Trans.alloc(img.mp, TransResv.WRITE, len)) {
                                AllocArg a = new AllocArg(tp, img.mp);
                                a.type = rnd.nextInt(4) == 0 ? AllocType.ANY_AG : AllocType.NEAR_BNO;
                                a.fsbno = img.fsb(agno, rnd.nextInt((int) img.geo.agblocks));
                                a.minlen = 1;
                                a.maxlen = len;
                                Alloc.vextent(a);
                                tp.commit();
                                if (a.fsbno != Geometry.NULLFSBLOCK) {
                                    mine.add(new long[] {a.fsbno, a.len});
                                    handed.addAndGet(a.len);
                                }
                            }
                        } else {
                            long[] e = mine.remove(rnd.nextInt(mine.size()));
                            img.free(e[0], e[1]);
                            handed.addAndGet(-e[1]);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertThat(img.mp.isShutdown()).isFalse();
            img.checkAll();
            assertThat(img.mp.fdblocks()).isEqualTo(fd0 - handed.get());
        }
    }
}
