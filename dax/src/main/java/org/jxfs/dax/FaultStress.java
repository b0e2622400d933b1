// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jxfs.core.XfsException;

/**
 * The race on free-running threads: each iteration builds a fresh {@link RaceWorld}, releases one thread per access
 * at once, and checks the outcome with the same oracle as {@link FaultExplorer}. Whether a loss shows depends on the
 * machine's timing, so a count of zero proves nothing for a racy mode; {@link FaultExplorer} is the proof. A load
 * must see a store that finished before the load began.
 */
public final class FaultStress {
    private final RaceWorld world;
    private final List<RaceAccess> accesses;
    private int keepExamples = 3;

    public FaultStress(RaceWorld world, List<RaceAccess> accesses) {
        this.world = world;
        this.accesses = List.copyOf(accesses);
    }

    public FaultStress keepExamples(int n) {
        this.keepExamples = n;
        return this;
    }

    /** Runs {@code iterations} races; {@link RaceResult#runs()} counts iterations. */
    public RaceResult run(int iterations) throws XfsException {
        int n = accesses.size();
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "dax-stress");
            t.setDaemon(true);
            return t;
        });
        long losing = 0;
        List<String> examples = new ArrayList<>();
        try {
            for (int it = 0; it < iterations; it++) {
                DaxMapping mapping = world.fresh();
                DaxMmap vma = mapping.mmap();
                RaceCheck.Outcome[] outcomes = new RaceCheck.Outcome[n];
                AtomicLong clock = new AtomicLong();
                CyclicBarrier start = new CyclicBarrier(n);
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    RaceAccess a = accesses.get(i);
                    RaceCheck.Outcome o = outcomes[i] = new RaceCheck.Outcome();
                    running.add(pool.submit(() -> {
                        try {
                            start.await();
                            if (a.write()) {
                                vma.writeLong(a.pos(), a.value());
                                o.seq = clock.incrementAndGet();
                            } else {
                                o.seq = clock.incrementAndGet();
                                o.loaded = vma.readLong(a.pos());
                            }
                        } catch (Throwable t) {
                            o.error = t;
                        }
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
                List<String> losses = RaceCheck.losses(mapping, vma, accesses, outcomes);
                vma.munmap();
                if (!losses.isEmpty()) {
                    losing++;
                    if (examples.size() < keepExamples) {
                        examples.add("losing iteration #" + (it + 1) + ":\n  => " + String.join("\n  => ", losses));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XfsException(XfsException.EIO, "race stress interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new RaceResult(iterations, "stress iterations", losing, 0, Integer.MAX_VALUE,
                List.copyOf(examples));
    }
}
