// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.io;

/**
 * A signal a memory access raised: SIGBUS for a page past EOF, SIGSEGV outside every mapping or a store to a
 * mapping without PROT_WRITE. xfs_io installs no handler for either (mmap.c: "No attempt has been made to catch
 * signals"), so the process dies: the interpreter stops, the shell reports {@link #description()} and the exit
 * status is 128 plus the signal number.
 */
public final class IoSignal extends IoException {
    private static final long serialVersionUID = 1L;
    /** SIGBUS (7 on x86 and arm). */
    public static final int SIGBUS = 7;
    /** SIGSEGV. */
    public static final int SIGSEGV = 11;

    private final int signo;

    public IoSignal(int signo, String detail) {
        super(Errno.EFAULT, detail, null);
        this.signo = signo;
    }

    public int signo() {
        return signo;
    }

    /** strsignal(3): what a shell prints for a process the signal killed. */
    public String description() {
        return signo == SIGBUS ? "Bus error" : "Segmentation fault";
    }
}
