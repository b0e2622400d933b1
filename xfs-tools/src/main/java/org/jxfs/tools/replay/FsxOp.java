// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

/**
 * One line of an fsx op log: {@code [skip ]NAME A0 A1 A2 [A3] [keep_size] [close_open] [unshare] [*]}.
 * {@code number} is the line's number counting from 1, skip lines included (fsx's {@code testcalls} in the
 * recording run, from which the written bytes follow). For three-number ops {@code offset}, {@code length} and
 * {@code sizeBefore} are A0, A1, A2 ({@code truncate 0 NEWSIZE OLDSIZE} has the new size in {@code length});
 * four-number ops keep A2 in {@code dest} and the size in {@code sizeBefore}.
 */
public record FsxOp(int number, FsxOpKind kind, boolean skip, long offset, long length, long dest, long sizeBefore,
        boolean keepSize, boolean closeOpen, boolean unshare) {

    /** The new size of a {@code truncate}. */
    public long newSize() {
        return length;
    }

    /** The op as the log spells it, for messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (skip) {
            sb.append("skip ");
        }
        sb.append(kind.logName()).append(" 0x").append(Long.toHexString(offset)).append(" 0x")
                .append(Long.toHexString(length));
        if (kind.numbers() == 4) {
            sb.append(" 0x").append(Long.toHexString(dest));
        }
        sb.append(" 0x").append(Long.toHexString(sizeBefore));
        if (keepSize) {
            sb.append(" keep_size");
        }
        if (closeOpen) {
            sb.append(" close_open");
        }
        if (unshare) {
            sb.append(" unshare");
        }
        return sb.toString();
    }
}
