// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core;

import java.util.EnumMap;
import java.util.Map;

/**
 * The armed error tags of one mount (m_errortag): each tag fails its next {@code count} hits after skipping
 * {@code skip} hits. Nothing is armed by default, and an unarmed check costs one map lookup.
 */
public final class ErrorInjection {
    private final Map<ErrorTag, long[]> armed = new EnumMap<>(ErrorTag.class);
    /** Fast path: checks cost one volatile read while nothing is armed. */
    private volatile boolean anyArmed;

    /** Arms {@code tag}: after {@code skip} passing hits, the next {@code count} hits fail. */
    public synchronized void arm(ErrorTag tag, long skip, long count) {
        armed.put(tag, new long[] {skip, count});
        anyArmed = true;
    }

    public synchronized void disarm(ErrorTag tag) {
        armed.remove(tag);
        anyArmed = !armed.isEmpty();
    }

    /** Whether any tag is armed: a caller that would split its work to give each piece a hit checks this first. */
    public boolean anyArmed() {
        return anyArmed;
    }

    /** XFS_TEST_ERROR: true when this hit of {@code tag} must fail. */
    public boolean shouldFail(ErrorTag tag) {
        return anyArmed && hit(tag);
    }

    private synchronized boolean hit(ErrorTag tag) {
        long[] s = armed.get(tag);
        if (s == null) {
            return false;
        }
        if (s[0] > 0) {
            s[0]--;
            return false;
        }
        if (s[1] > 0) {
            s[1]--;
            if (s[1] == 0) {
                armed.remove(tag);
                anyArmed = !armed.isEmpty();
            }
            return true;
        }
        return false;
    }

    /** Throws the I/O error an armed tag stands for; {@code what} and {@code daddr} name the failed I/O. */
    public void check(ErrorTag tag, String what, long daddr) throws XfsIoException {
        if (shouldFail(tag)) {
            throw new XfsIoException("injected error " + tag + " at " + what + " of daddr 0x"
                    + Long.toHexString(daddr));
        }
    }
}
