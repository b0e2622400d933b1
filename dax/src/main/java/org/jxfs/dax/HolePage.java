// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A page-cache page standing for a hole that a read fault mapped (dax_load_hole's find_or_create_page with
 * __GFP_ZERO): all zeros, mapped read-only, and dropped from the page cache by the write fault that allocates the
 * block behind it. Its lock is the page lock; {@link #mapping} is null once it left the page cache.
 */
final class HolePage {
    final long index;
    final ReentrantLock lock = new ReentrantLock();
    volatile DaxMapping mapping;

    HolePage(DaxMapping mapping, long index) {
        this.mapping = mapping;
        this.index = index;
    }

    void unlock() {
        lock.unlock();
    }
}
