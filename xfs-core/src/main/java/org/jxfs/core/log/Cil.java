// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.log;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The committed item list (xfs_log_cil.c, kernel 6.18): a commit inserts its transaction's log vectors here
 * (xlog_cil_insert_items) instead of writing them, and a relogged item replaces its earlier vector in the open
 * context (moving to its end, as list_move_tail does), so a checkpoint holds one copy of each item however many
 * transactions changed it. {@link Xlog#force} takes the whole context (xlog_cil_push_work swapping in a new one)
 * and writes it as one log transaction, the checkpoint; commits go on into the next context meanwhile.
 *
 * <p>Each context has a sequence number: a commit returns the sequence of the context it joined (the CIL sequence
 * xfs_log_force_seq takes), and the context is durable once the force that wrote it returns.
 */
final class Cil {
    /** The open context: each item keyed by what it logs (see {@link CilSpace#key}) in insertion order. */
    private LinkedHashMap<Long, LogVector> items = new LinkedHashMap<>();
    /** The open context's sequence (xc_current_sequence). */
    private long seq = 1;
    /** Keys for items never relogged (ICREATE, intents): each its own entry. */
    private long uniqueKey = -1;
    /** Transactions committed into any context so far. */
    private long transactions;

    /** A context taken for writing: its items in order and its sequence. */
    record Context(List<LogVector> items, long seq) {
        /** The regions of every item, in order, as the checkpoint transaction writes them. */
        List<byte[][]> regions() {
            List<byte[][]> out = new ArrayList<>(items.size());
            for (LogVector v : items) {
                out.add(v.regions());
            }
            return out;
        }

        /** Gives every item's LSN target the checkpoint's LSN. */
        void stamp(long lsn) {
            for (LogVector v : items) {
                LongConsumer target = v.lsnTarget();
                if (target != null) {
                    target.accept(lsn);
                }
            }
        }
    }

    /**
     * Ports xlog_cil_insert_items: adds a committed transaction's vectors to the open context, each replacing the
     * vector of the same item, and returns the context's sequence.
     */
    synchronized long insert(List<LogVector> vectors) {
        for (LogVector v : vectors) {
            long key = CilSpace.key(v.regions()[0]);
            if (key < 0) {
                key = uniqueKey--;
            } else {
                items.remove(key);
            }
            items.put(key, v);
        }
        transactions++;
        return seq;
    }

    /** Ports the context swap of xlog_cil_push_work: the open context, or null when it holds nothing. */
    synchronized Context take() {
        if (items.isEmpty()) {
            return null;
        }
        Context ctx = new Context(new ArrayList<>(items.values()), seq);
        items = new LinkedHashMap<>();
        seq++;
        return ctx;
    }

    synchronized long transactions() {
        return transactions;
    }

    /** Whether the open context holds nothing. */
    synchronized boolean isEmpty() {
        return items.isEmpty();
    }
}
