// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import org.jxfs.core.XfsException;

/**
 * What a race run needs from the filesystem: a fresh file for each run, the same every time (same blocks, same
 * stale contents under them, an empty page cache), whose page 0 is a hole (or unwritten, if the scenario says so)
 * and whose size covers it. The explorer replays schedules from scratch, so a world that is not the same each time
 * makes it fail with "not deterministic".
 */
@FunctionalInterface
public interface RaceWorld {
    DaxMapping fresh() throws XfsException;
}
