// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a check run has found so far, in the order found, the warnings (see {@link #warn}) and the notes about what
 * it could not check (features jxfs does not maintain). One damaged block tends to cause a cascade of reports, so
 * after {@link #LIMIT} findings only the count grows.
 */
final class Findings {
    static final int LIMIT = 1000;

    private final List<Finding> list = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Finding> warnings = new ArrayList<>();
    private int dropped;

    void add(String structure, String where, String what) {
        if (list.size() < LIMIT) {
            list.add(new Finding(structure, where, what));
        } else {
            dropped++;
        }
    }

    /**
     * Something wrong that xfs_repair -n does not count as a problem (it finds it only in its phase 5, which -n
     * skips): reported, but the exit status stays that of xfs_repair -n.
     */
    void warn(String structure, String where, String what) {
        if (warnings.size() < LIMIT) {
            warnings.add(new Finding(structure, where, what));
        }
    }

    List<Finding> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    void note(String text) {
        if (!notes.contains(text)) {
            notes.add(text);
        }
    }

    int count() {
        return list.size() + dropped;
    }

    List<Finding> list() {
        return Collections.unmodifiableList(list);
    }

    List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    int dropped() {
        return dropped;
    }
}
