// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.trans.Trans;

/**
 * A data fork in BTREE format for tests: the in-core root ({@link IforkBroot}) plus the fork's literal area as the
 * on-disk inode holds it, a byte array of the size a 512-byte inode gives its data fork (336 bytes with no attr
 * fork; 192 with forkoff 24, i.e. an attr fork taking 144 bytes). Logging the root joins the fork to the
 * transaction; commit writes the root into the literal area (xfs_iflush_fork -> xfs_bmbt_to_bmdr), so tests can
 * read it back the way the kernel would (xfs_iformat_btree -> xfs_bmdr_to_bmbt).
 */
final class TestFork extends IforkBroot implements Trans.TransItem {
    /** A 512-byte v3 inode: 176 bytes of core, the rest is literal area. */
    static final int INODE_SIZE = 512;
    static final int DINODE_CORE_LEN = 176;
    /** di_forkoff is in units of 8 bytes. */
    static final int FORKOFF_UNIT = 8;

    final long ino;
    final byte[] literal;
    int logCount;
    int coreLogCount;

    /** A data fork of an inode with {@code forkoff} (0: no attr fork). */
    TestFork(long ino, int forkoff) {
        this.ino = ino;
        int size = forkoff == 0 ? INODE_SIZE - DINODE_CORE_LEN : forkoff * FORKOFF_UNIT;
        this.literal = new byte[size];
    }

    /** XFS_DFORK_DSIZE: how many extents the fork holds in EXTENTS format. */
    int extentsCapacity() {
        return literal.length / BmbtOps.REC_LEN;
    }

    @Override
    protected int forkSize() {
        return literal.length;
    }

    @Override
    public void log(Trans tp, int flags) {
        logCount++;
        if ((flags & LOG_CORE) != 0) {
            coreLogCount++;
        }
        tp.logItem(this);
    }

    @Override
    public void writeBack(Trans tp) {
        BmdrRoot.bmbtToBmdr(broot(), brootBytes(), literal, 0, literal.length);
    }
}
