// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.dax;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.XfsException;

/**
 * The oracle of a race run: a completed store must read back, through the process's mapping and through the
 * filesystem (get_block(create=0), then pmem if written, zeros if not); a load must return zero or a value stored
 * there, and the stored value if that store had completed before the load ran. Anything else is data lost (or stale
 * data shown).
 */
final class RaceCheck {
    /** What one access did in a run: when it ran its load or finished its store, and what it loaded or threw. */
    static final class Outcome {
        long seq = Long.MAX_VALUE;
        long loaded;
        Throwable error;
    }

    private RaceCheck() {
    }

    /** Every loss of a finished run, as one line each; empty when none. */
    static List<String> losses(DaxMapping mapping, DaxMmap vma, List<RaceAccess> accesses, Outcome[] outcomes)
            throws XfsException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < accesses.size(); i++) {
            RaceAccess a = accesses.get(i);
            Outcome o = outcomes[i];
            if (o.error != null) {
                out.add(a.name() + " failed: " + o.error);
                continue;
            }
            if (a.write()) {
                long durable = readBack(mapping, a.pos());
                long seen = vma.readLong(a.pos());
                if (seen != a.value() || durable != a.value()) {
                    out.add(String.format(
                            "%s stored %#x at %d; it reads back %#x through the mapping, %#x from the file",
                            a.name(), a.value(), a.pos(), seen, durable));
                }
                continue;
            }
            boolean legal = o.loaded == 0;
            for (int j = 0; j < accesses.size(); j++) {
                RaceAccess w = accesses.get(j);
                if (!w.write() || w.pos() != a.pos() || outcomes[j].error != null) {
                    continue;
                }
                if (outcomes[j].seq < o.seq) {
                    legal = o.loaded == w.value();
                    if (!legal) {
                        out.add(String.format("%s loaded %#x at %d after %s had stored %#x there",
                                a.name(), o.loaded, a.pos(), w.name(), w.value()));
                    }
                    break;
                }
                legal |= o.loaded == w.value();
            }
            if (!legal && out.stream().noneMatch(s -> s.startsWith(a.name() + " "))) {
                out.add(String.format("%s loaded %#x at %d, which nobody stored (stale data)", a.name(), o.loaded,
                        a.pos()));
            }
        }
        return out;
    }

    /** What read(2) returns at {@code pos}: the filesystem's mapping, without faulting or changing anything. */
    static long readBack(DaxMapping mapping, long pos) throws XfsException {
        int blkbits = mapping.blkbits();
        BufferHead bh = new BufferHead(1L << blkbits);
        mapping.getBlock().getBlock(pos >> blkbits, bh, false);
        if (!bh.mapped() || bh.unwritten()) {
            return 0;
        }
        return mapping.pmem().readLong((bh.blocknr << blkbits) + (pos & ((1L << blkbits) - 1)));
    }
}
