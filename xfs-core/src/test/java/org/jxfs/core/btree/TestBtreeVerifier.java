// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.btree;

import org.jxfs.core.buf.BufOps;
import org.jxfs.core.buf.VerifyContext;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;

/**
 * A minimal short-form btree block verifier for tests (xfs_btree_sblock_v5hdr_verify + xfs_btree_sblock_verify),
 * until org.jxfs.core.format.BtreeBlockOps lands: magic, uuid, self address, level bound and record count bound.
 */
public final class TestBtreeVerifier implements BufOps {
    /** XFS_BTREE_MAXLEVELS-like bound on the level field. */
    private static final int MAX_LEVEL = 9;

    private final String name;
    private final int magic;
    private final int recLen;
    private final int keyPtrLen;

    public TestBtreeVerifier(String name, int magic, int recLen, int keyLen) {
        this.name = name;
        this.magic = magic;
        this.recLen = recLen;
        this.keyPtrLen = keyLen + 4;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String verifyStruct(XfsBuf bp, VerifyContext ctx) {
        byte[] b = bp.data();
        if (BtreeBlock.magic(b) != (magic & 0xffffffffL)) {
            return "bad magic 0x" + Long.toHexString(BtreeBlock.magic(b));
        }
        if (!BtreeBlock.sUuidMatches(b, ctx.metaUuid())) {
            return "bad uuid";
        }
        if (BtreeBlock.sBlkno(b) != bp.daddr()) {
            return "bad blkno 0x" + Long.toHexString(BtreeBlock.sBlkno(b));
        }
        int level = BtreeBlock.level(b);
        if (level >= MAX_LEVEL) {
            return "bad level " + level;
        }
        int space = b.length - BtreeBlock.SHORT_HDR_LEN;
        int maxrecs = level == 0 ? space / recLen : space / keyPtrLen;
        if (BtreeBlock.numrecs(b) > maxrecs) {
            return "numrecs " + BtreeBlock.numrecs(b) + " > " + maxrecs;
        }
        long self = ctx.geometry().daddrToFsb(bp.daddr());
        if (BtreeBlock.sLeftsib(b) == self || BtreeBlock.sRightsib(b) == self) {
            return "sibling points to itself";
        }
        return null;
    }

    @Override
    public int crcOffset() {
        return BtreeBlock.OFF_S_CRC;
    }
}
