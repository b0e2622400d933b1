// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a crashed image must hold, from the {@link CrashChild} lines written before the crash: {@code durable}, the
 * tree after the last operation whose fsync returned (a DONE line covers every operation before it), and the
 * operations started after it ({@code pending}, each {@code [kind, path, digest after]}), which may have reached the
 * disk in part: each file they touch may be at any state along them, including a create's or an unlink's
 * intermediate empty file, and every other file must be as it was. Shared by the kill -9 matrix (one operation in
 * flight) and the flush-point replay (several, when only every n-th is fsync'd).
 */
record Expected(boolean ready, Map<String, String> durable, List<String[]> pending) {
    /** The digest of an empty file: the state a create commits before its data, and an unlink after its truncate. */
    static final String EMPTY = JxfsTree.digestOf(new byte[0]);

    static Expected parse(List<String> lines) {
        boolean ready = false;
        Map<String, String> cur = new HashMap<>();
        Map<String, String> durable = new HashMap<>();
        List<String[]> pending = new ArrayList<>();
        for (String l : lines) {
            String[] w = l.split(" ");
            switch (w[0]) {
                case "READY" -> ready = true;
                case "OP" -> {
                    pending.add(new String[] {w[2], w[3], w[4]});
                    switch (w[2]) {
                        case "create", "truncate" -> cur.put(w[3], w[4]);
                        case "unlink" -> cur.remove(w[3]);
                        default -> {
                        }
                    }
                }
                case "DONE" -> {
                    durable = new HashMap<>(cur);
                    pending.clear();
                }
                default -> {
                }
            }
        }
        return new Expected(ready, durable, pending);
    }

    /** Checks {@code tree} ({@link JxfsTree}'s form); nothing is promised before READY (the setup itself crashed). */
    void check(String label, TreeMap<String, String> tree) {
        if (!ready) {
            return;
        }
        Map<String, List<String>> allowed = new HashMap<>();
        for (String[] op : pending) {
            if (op[1].equals("-")) {
                continue;
            }
            List<String> states = allowed.computeIfAbsent(op[1], p -> {
                List<String> l = new ArrayList<>();
                l.add(durable.get(p));
                return l;
            });
            if (!op[0].equals("truncate")) {
                states.add(EMPTY);
            }
            states.add(op[0].equals("unlink") ? null : op[2]);
        }
        for (int d = 0; d < CrashChild.DIRS; d++) {
            assertThat(tree).as(label).containsEntry("/c" + d, "dir");
        }
        Map<String, String> files = new HashMap<>();
        tree.forEach((k, v) -> {
            if (!v.equals("dir")) {
                files.put(k, v);
            } else {
                assertThat(k).as(label + ": directory").matches("/c[0-9]+");
            }
        });
        Set<String> paths = new HashSet<>(files.keySet());
        paths.addAll(durable.keySet());
        paths.addAll(allowed.keySet());
        for (String p : paths) {
            String now = files.get(p);
            List<String> ok = allowed.get(p);
            if (ok == null) {
                assertThat(now).as(label + ": " + p).isEqualTo(durable.get(p));
            } else {
                assertThat(ok).as(label + ": " + p + " left at " + now).contains(now);
            }
        }
    }
}
