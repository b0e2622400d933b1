// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jxfs.core.XfsException;

/**
 * Exhaustive exploration of concurrent faults on one page: every interleaving of the accesses' {@link FaultStep}s
 * is run, from a fresh {@link RaceWorld} each time, by the production fault code on real threads that a
 * {@link StepScheduler} parks at each step. Each thread starts with a miss in the shared page table, so every access
 * faults; steps are then interleaved in every order the locks allow (depth-first over the choices, each run replayed
 * from scratch). After each run {@link RaceCheck} reads everything back; a run that lost data is printed step by
 * step.
 */
public final class FaultExplorer {
    private final RaceWorld world;
    private final List<RaceAccess> accesses;
    private int keepExamples = 3;
    private int preemptionBound = Integer.MAX_VALUE;

    public FaultExplorer(RaceWorld world, List<RaceAccess> accesses) {
        if (accesses.isEmpty()) {
            throw new IllegalArgumentException("no accesses");
        }
        this.world = world;
        this.accesses = List.copyOf(accesses);
    }

    /** How many losing schedules to keep in the result (default 3). */
    public FaultExplorer keepExamples(int n) {
        this.keepExamples = n;
        return this;
    }

    /**
     * Explores only interleavings with at most {@code bound} preemptions (switching away from a thread that could
     * go on), as CHESS does, for scenarios too large to explore whole; unbounded by default.
     */
    public FaultExplorer preemptionBound(int bound) {
        this.preemptionBound = bound;
        return this;
    }

    /** Explores every interleaving (within the preemption bound, if one is set). */
    public RaceResult explore() throws XfsException {
        int n = accesses.size();
        long runs = 0;
        long losing = 0;
        long deadlocks = 0;
        List<String> examples = new ArrayList<>();
        int[] prefix = new int[0];
        try (StepScheduler sched = new StepScheduler(n)) {
            for (;;) {
                Run run = runOnce(sched, prefix);
                runs++;
                if (run.deadlocked) {
                    deadlocks++;
                    sched.abandon(n);
                }
                if (!run.losses.isEmpty() || run.deadlocked) {
                    if (!run.losses.isEmpty()) {
                        losing++;
                    }
                    if (examples.size() < keepExamples) {
                        examples.add(run.describe(runs));
                    }
                }
                prefix = next(run.trace);
                if (prefix == null) {
                    break;
                }
            }
        }
        return new RaceResult(runs, "interleavings explored", losing, deadlocks, preemptionBound,
                List.copyOf(examples));
    }

    /**
     * The schedule after {@code trace} in depth-first order, or null when every one has run. At each decision the
     * thread that ran last comes first (going on is no preemption); alternatives that would take the run past the
     * preemption bound are skipped.
     */
    private int[] next(List<StepScheduler.Decision> trace) {
        for (int d = trace.size() - 1; d >= 0; d--) {
            StepScheduler.Decision dec = trace.get(d);
            int[] order = dec.enabled();
            for (int at = indexOf(order, dec.chosen()) + 1; at < order.length; at++) {
                boolean preempts = dec.lastRunEnabled();
                if (dec.preemptions() + (preempts ? 1 : 0) > preemptionBound) {
                    continue;
                }
                int[] p = new int[d + 1];
                for (int i = 0; i < d; i++) {
                    p[i] = trace.get(i).chosen();
                }
                p[d] = order[at];
                return p;
            }
        }
        return null;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private final class Run {
        final List<StepScheduler.Decision> trace = new ArrayList<>();
        List<String> losses = List.of();
        boolean deadlocked;

        String describe(long number) {
            StringBuilder s = new StringBuilder();
            s.append(deadlocked ? "deadlocked" : "losing").append(" interleaving #").append(number)
                    .append(" (each access first misses in the page table and faults):");
            for (int i = 0; i < trace.size(); i++) {
                StepScheduler.Decision d = trace.get(i);
                s.append(String.format("%n  %2d. %-3s %s", i + 1, accesses.get(d.chosen()).name(), d.step()));
            }
            for (String l : losses) {
                s.append("\n  => ").append(l);
            }
            if (deadlocked) {
                s.append("\n  => every unfinished access waits on a lock");
            }
            return s.toString();
        }
    }

    private Run runOnce(StepScheduler sched, int[] prefix) throws XfsException {
        int n = accesses.size();
        DaxMapping mapping = world.fresh();
        DaxMmap vma = mapping.mmap();
        RaceCheck.Outcome[] outcomes = new RaceCheck.Outcome[n];
        AtomicLong clock = new AtomicLong();
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RaceAccess a = accesses.get(i);
            RaceCheck.Outcome o = outcomes[i] = new RaceCheck.Outcome();
            tasks.add(() -> {
                try {
                    if (a.write()) {
                        vma.writeLong(a.pos(), a.value());
                    } else {
                        o.loaded = vma.readLong(a.pos());
                    }
                    o.seq = clock.incrementAndGet(); // one thread runs at a time: this orders the accesses
                } catch (Throwable t) {
                    o.error = t;
                }
            });
        }
        Run run = new Run();
        mapping.setFaultSteps(sched);
        try {
            sched.start(tasks);
            int last = -1;
            int preemptions = 0;
            for (int depth = 0;; depth++) {
                int[] enabled = sched.enabled(n);
                if (enabled.length == 0) {
                    run.deadlocked = !sched.allDone(n);
                    break;
                }
                boolean lastRunEnabled = indexOf(enabled, last) >= 0;
                if (lastRunEnabled) { // the thread that ran last goes first: going on is no preemption
                    int at = indexOf(enabled, last);
                    System.arraycopy(enabled, 0, enabled, 1, at);
                    enabled[0] = last;
                }
                int choice = depth < prefix.length ? prefix[depth] : enabled[0];
                if (indexOf(enabled, choice) < 0) {
                    throw new IllegalStateException("the race world is not deterministic: at step " + (depth + 1)
                            + " access " + choice + " cannot run (enabled " + Arrays.toString(enabled) + ")");
                }
                run.trace.add(new StepScheduler.Decision(enabled, choice, sched.pending(choice), lastRunEnabled,
                        preemptions));
                if (lastRunEnabled && choice != last) {
                    preemptions++;
                }
                last = choice;
                sched.resume(choice);
            }
        } finally {
            mapping.setFaultSteps(FaultSteps.NONE);
        }
        if (!run.deadlocked) {
            run.losses = RaceCheck.losses(mapping, vma, accesses, outcomes);
        }
        vma.munmap();
        return run;
    }
}
