// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import java.util.List;

/**
 * What a race exploration or stress found.
 *
 * @param runs interleavings explored, or stress iterations run
 * @param unit what {@code runs} counts, as printed: "interleavings explored" or "stress iterations"
 * @param losing runs in which a store was lost or a load saw what it must not
 * @param deadlocks runs that ended with every unfinished thread waiting on a lock
 * @param preemptionBound the bound on preemptions per run, {@link Integer#MAX_VALUE} when every interleaving ran
 * @param examples the first losing (or deadlocked) runs, each printed step by step with what was lost
 */
public record RaceResult(long runs, String unit, long losing, long deadlocks, int preemptionBound,
        List<String> examples) {
    /** One line: the counts. */
    public String summary() {
        return runs + " " + unit + (preemptionBound == Integer.MAX_VALUE ? "" : " (at most "
                + preemptionBound + " preemptions)") + ", " + losing + " losing" + (deadlocks > 0 ? ", " + deadlocks
                + " deadlocked" : "");
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(summary());
        for (String e : examples) {
            s.append('\n').append(e);
        }
        return s.toString();
    }
}
