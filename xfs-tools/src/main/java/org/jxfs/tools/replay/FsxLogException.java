// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.replay;

/** An op log that cannot be replayed: its message is one line naming the file, the line and what is wrong. */
public final class FsxLogException extends Exception {
    private static final long serialVersionUID = 1L;

    public FsxLogException(String message) {
        super(message);
    }
}
