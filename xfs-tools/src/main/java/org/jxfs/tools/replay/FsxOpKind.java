// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

import java.util.HashMap;
import java.util.Map;

/** The op names fstests' fsx writes to a {@code --record-ops} log (fsx.c's {@code op_names[]}). */
public enum FsxOpKind {
    READ("read", 3),
    READ_DONTCACHE("read_dontcache", 3),
    WRITE("write", 3),
    WRITE_DONTCACHE("write_dontcache", 3),
    WRITE_ATOMIC("write_atomic", 3),
    MAPREAD("mapread", 3),
    MAPWRITE("mapwrite", 3),
    TRUNCATE("truncate", 3),
    FALLOCATE("fallocate", 3),
    PUNCH_HOLE("punch_hole", 3),
    ZERO_RANGE("zero_range", 3),
    COLLAPSE_RANGE("collapse_range", 3),
    INSERT_RANGE("insert_range", 3),
    CLONE_RANGE("clone_range", 4),
    DEDUPE_RANGE("dedupe_range", 4),
    COPY_RANGE("copy_range", 4),
    EXCHANGE_RANGE("exchange_range", 4),
    FSYNC("fsync", 3);

    private static final Map<String, FsxOpKind> BY_NAME = new HashMap<>();

    static {
        for (FsxOpKind k : values()) {
            BY_NAME.put(k.logName, k);
        }
    }

    private final String logName;
    private final int numbers;

    FsxOpKind(String logName, int numbers) {
        this.logName = logName;
        this.numbers = numbers;
    }

    /** The name as it stands in the log. */
    public String logName() {
        return logName;
    }

    /** How many numbers follow the name in the log: four for the two-file range ops, three for the rest. */
    public int numbers() {
        return numbers;
    }

    /** The op named {@code name} in a log, or null. */
    public static FsxOpKind byName(String name) {
        return BY_NAME.get(name);
    }

    /** Whether the op stores data generated from the seed and the op number. */
    public boolean writesData() {
        return this == WRITE || this == WRITE_DONTCACHE || this == WRITE_ATOMIC || this == MAPWRITE;
    }
}
