// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

/** The directory name hash (xfs_da_btree.c). */
public final class DaHash {
    private DaHash() {
    }

    /**
     * Ports xfs_da_hashname: a rolling hash over 4-byte groups of the name's bytes (unsigned), which orders the
     * leaf entries of block, leaf and node directories; the kernel and repair recompute it, so it must be exact.
     */
    public static long hashname(byte[] name) {
        int hash = 0;
        int i = 0;
        int n = name.length;
        for (; n - i >= 4; i += 4) {
            hash = (u(name, i) << 21) ^ (u(name, i + 1) << 14) ^ (u(name, i + 2) << 7) ^ u(name, i + 3)
                    ^ Integer.rotateLeft(hash, 7 * 4);
        }
        switch (n - i) {
            case 3 -> hash = (u(name, i) << 14) ^ (u(name, i + 1) << 7) ^ u(name, i + 2)
                    ^ Integer.rotateLeft(hash, 7 * 3);
            case 2 -> hash = (u(name, i) << 7) ^ u(name, i + 1) ^ Integer.rotateLeft(hash, 7 * 2);
            case 1 -> hash = u(name, i) ^ Integer.rotateLeft(hash, 7);
            default -> { }
        }
        return hash & 0xffffffffL;
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xff;
    }
}
