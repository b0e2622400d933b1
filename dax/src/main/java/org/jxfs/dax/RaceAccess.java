// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import java.util.List;

/**
 * One access of a race scenario: a thread's first load or store at file offset {@link #pos} through the process's
 * shared {@link DaxMmap}, which faults. Stores write {@link #value}; loads read.
 *
 * @param name short label printed in schedules (w0, r0, ...)
 * @param write store or load
 * @param pos file byte offset (8-aligned)
 * @param value the value a store writes
 */
public record RaceAccess(String name, boolean write, long pos, long value) {
    public static RaceAccess store(String name, long pos, long value) {
        return new RaceAccess(name, true, pos, value);
    }

    public static RaceAccess load(String name, long pos) {
        return new RaceAccess(name, false, pos, 0);
    }

    /** Two stores to one page, at different offsets: the 2015 race. */
    public static List<RaceAccess> twoStores() {
        return List.of(store("w0", 0, 0x1111111111111111L), store("w1", 8, 0x2222222222222222L));
    }

    /** Three stores to one page. */
    public static List<RaceAccess> threeStores() {
        return List.of(store("w0", 0, 0x1111111111111111L), store("w1", 8, 0x2222222222222222L),
                store("w2", 16, 0x3333333333333333L));
    }

    /** A store and a load of the same word. */
    public static List<RaceAccess> storeAndLoad() {
        return List.of(store("w0", 0, 0x1111111111111111L), load("r0", 0));
    }

    /** Two stores and a load of the first one's word, the load first in line. */
    public static List<RaceAccess> loadAndTwoStores() {
        return List.of(load("r0", 0), store("w0", 0, 0x1111111111111111L), store("w1", 8, 0x2222222222222222L));
    }

    /** Two stores and a load of the first one's word, the stores first in line. */
    public static List<RaceAccess> twoStoresAndLoad() {
        return List.of(store("w0", 0, 0x1111111111111111L), store("w1", 8, 0x2222222222222222L), load("r0", 0));
    }
}
