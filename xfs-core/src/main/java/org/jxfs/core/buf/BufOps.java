// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.buf;

import org.jxfs.core.format.Cksum;

/**
 * struct xfs_buf_ops: the name, magic and verifiers of one kind of metadata block. The buffer layer applies them in
 * one order: after a read, CRC then structure; before a write, structure then CRC.
 */
public interface BufOps {
    /** Name as the kernel prints it ("xfs_agf"), used in corruption messages. */
    String name();

    /**
     * The structure check of the read and write verifiers (xfs_*_verify): returns null when the buffer is sound,
     * otherwise a short description of the first failed check ("bad magic 0x12345678").
     */
    String verifyStruct(XfsBuf bp, VerifyContext ctx);

    /** Offset of the CRC field inside the checksummed range, or -1 for a structure without a CRC. */
    int crcOffset();

    /** Ports xfs_buf_verify_cksum: true when the stored CRC matches. Covers the whole buffer unless overridden. */
    default boolean verifyCrc(XfsBuf bp) {
        return crcOffset() < 0 || Cksum.verify(bp.data(), 0, bp.data().length, crcOffset());
    }

    /** Ports xfs_buf_update_cksum. */
    default void updateCrc(XfsBuf bp) {
        if (crcOffset() >= 0) {
            Cksum.update(bp.data(), 0, bp.data().length, crcOffset());
        }
    }

    /**
     * Offset of the LSN field, stamped on write with the LSN of the last transaction that logged the buffer
     * ({@link XfsBuf#lsn}), or -1 when the structure has none.
     */
    default int lsnOffset() {
        return -1;
    }

    /**
     * Whether the read verifier checks the block's LSN against the log (xfs_log_check_lsn), as every v5 header's
     * does except the superblock's, which the kernel reads before the log is set up.
     */
    default boolean checksLsnOnRead() {
        return lsnOffset() >= 0;
    }
}
