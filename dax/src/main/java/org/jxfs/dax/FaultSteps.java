// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import java.util.function.BooleanSupplier;

/**
 * What the fault path reports at each {@link FaultStep}, on the faulting thread, just before the step runs. The
 * production fault code calls it everywhere; {@link #NONE} does nothing. A scheduler parks the calling thread here
 * to run faults in a chosen interleaving ({@link FaultExplorer}). Implementations must not call back into the
 * mapping.
 */
public interface FaultSteps {
    /** Reports nothing. */
    FaultSteps NONE = (fault, step) -> { };

    /** Called before {@code step} of {@code fault} runs. */
    void before(VmFault fault, FaultStep step);

    /**
     * Called before {@code fault} waits for a lock another fault holds. {@code free} answers, when asked, whether
     * the lock could be taken without waiting; a scheduler lets the thread go on only once it is. The lock is taken
     * (blocking) right after this returns.
     */
    default void beforeLock(VmFault fault, FaultStep step, BooleanSupplier free) {
        before(fault, step);
    }
}
