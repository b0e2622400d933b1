// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A place in every {@link Mount} for one subsystem's per-mount state, made on first use: what the kernel keeps as
 * fields of struct xfs_mount and struct xfs_perag (the busy-extent trees, m_agfrotor). Layers above the mount
 * declare a slot as a constant and find their state with one array read, instead of looking the mount up in a map
 * on every allocation.
 *
 * @param <T> the state's type
 */
public final class MountSlot<T> {
    /** How many slots all subsystems together may declare. */
    static final int MAX_SLOTS = 16;
    private static final AtomicInteger NEXT = new AtomicInteger();

    final int index;
    final Function<Mount, T> factory;

    /** A new slot whose state {@code factory} makes for a mount the first time the mount is asked for it. */
    public MountSlot(Function<Mount, T> factory) {
        this.index = NEXT.getAndIncrement();
        if (index >= MAX_SLOTS) {
            throw new IllegalStateException("more than " + MAX_SLOTS + " per-mount slots declared");
        }
        this.factory = factory;
    }
}
